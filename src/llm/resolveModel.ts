import path from "node:path";
import {stat} from "node:fs/promises";
import {loadNodeLlamaCpp} from "./nodeLlamaCpp.js";
import {ModelUnavailableError} from "./ModelUnavailableError.js";

export type ResolveModelOptions = {
    /** Where downloads go and cached files are looked for (e.g. the workspace's models/). */
    directory: string,
    /** Called as a download progresses. */
    onProgress?: (progress: {downloadedBytes: number, totalBytes: number}) => void,
    signal?: AbortSignal
};

const offlineMarkers = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|network/i;

/**
 * A model's local file path. A local path must exist; an `hf:` URI or an http(s) URL is resolved and downloaded
 * into `directory` by node-llama-cpp's own resolver (an already downloaded file is reused, with no network).
 * @throws ModelUnavailableError: reason "missing" (no such local file), "offline" (the network is unreachable),
 * "invalid" (a URI node-llama-cpp cannot parse) or "failed".
 */
export async function resolveModel(uri: string, options: ResolveModelOptions): Promise<string> {
    const isRemote = /^(hf:|huggingface:|https?:\/\/)/i.test(uri);
    if (!isRemote) {
        const absolute = path.resolve(uri);
        const file = await stat(absolute).catch(() => null);
        if (file == null || !file.isFile())
            throw new ModelUnavailableError(uri, "missing", `No model file at ${absolute}. Give an existing GGUF path, an hf:<user>/<repo>:<quant> URI or a URL.`);
        return absolute;
    }
    // Already downloaded: no network needed.
    const {resolveModelFile} = await loadNodeLlamaCpp();
    const cached = await resolveModelFile(uri, {directory: options.directory, cli: false, download: false}).catch(() => null);
    if (cached != null) return cached;
    try {
        // node-llama-cpp's downloader retries an unreachable URL for a long time: ask once first, to fail fast offline.
        if (/^https?:\/\//i.test(uri)) await fetch(uri, {method: "HEAD", signal: AbortSignal.any([AbortSignal.timeout(15_000), ...(options.signal == null ? [] : [options.signal])])});
        return await resolveModelFile(uri, {
            directory: options.directory,
            cli: false,
            download: "auto",
            ...(options.signal == null ? {} : {signal: options.signal}),
            ...(options.onProgress == null ? {} : {
                onProgress: ({downloadedSize, totalSize}: {downloadedSize: number, totalSize: number}) =>
                    options.onProgress?.({downloadedBytes: downloadedSize, totalBytes: totalSize})
            })
        });
    } catch (error) {
        const message = describe(error);
        if (options.signal?.aborted) throw new ModelUnavailableError(uri, "failed", `Download of ${uri} was cancelled.`, {cause: error});
        if (offlineMarkers.test(message))
            throw new ModelUnavailableError(uri, "offline", `Cannot fetch ${uri}: the network is unreachable (${message}). ` +
                `This machine looks offline: download the GGUF elsewhere, copy it into ${options.directory}, and give its path.`, {cause: error});
        if (/invalid|parse|unsupported/i.test(message))
            throw new ModelUnavailableError(uri, "invalid", `Cannot resolve ${uri}: ${message}. Use hf:<user>/<repo>:<quant>, hf:<user>/<repo>/<file>.gguf or an https URL.`, {cause: error});
        throw new ModelUnavailableError(uri, "failed", `Cannot resolve ${uri}: ${message}.`, {cause: error});
    }
}

function describe(error: unknown): string {
    const parts: string[] = [];
    let current: unknown = error;
    for (let depth = 0; current != null && depth < 4; depth++) {
        const e = current as {message?: unknown, code?: unknown, cause?: unknown};
        if (typeof e.message === "string") parts.push(e.message);
        if (typeof e.code === "string") parts.push(e.code);
        current = e.cause;
    }
    return parts.join(": ") || String(error);
}
