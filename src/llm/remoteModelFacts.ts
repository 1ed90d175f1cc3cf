import type {GgufFileInfo} from "node-llama-cpp";
import type {HeaderFacts} from "../gguf/index.js";
import {loadNodeLlamaCpp} from "./nodeLlamaCpp.js";

/** What a remote model's GGUF header says (read over the network, a few ranges of the file, never the weights). */
export type RemoteModelFacts = HeaderFacts & {uri: string};

export type RemoteOptions = {
    /** The model hub's address (the `hf:` endpoint); default: node-llama-cpp's (HF_ENDPOINT, MODEL_ENDPOINT, else its own). */
    endpoint?: string | null,
    signal?: AbortSignal
};

/**
 * Reads the header of an `hf:` URI's (or URL's) GGUF file over the network with node-llama-cpp, without retries
 * (an unreachable hub fails at once instead of after minutes).
 * @throws the network's error, for the caller to report as offline or unavailable
 */
export async function remoteModelFacts(uri: string, options: RemoteOptions = {}): Promise<RemoteModelFacts> {
    const {readGgufFileInfo, GgufFileType} = await loadNodeLlamaCpp();
    const info: GgufFileInfo = await readGgufFileInfo(uri, {
        readTensorInfo: true, logWarnings: false, ignoreKeys: ["tokenizer.ggml.tokens", "tokenizer.ggml.scores", "tokenizer.ggml.token_type", "tokenizer.ggml.merges"],
        fetchRetryOptions: {retries: 0},
        ...(options.signal == null ? {} : {signal: options.signal}),
        ...(options.endpoint == null ? {} : {endpoints: {huggingFace: options.endpoint}})
    });
    const meta = info.metadata as unknown as Record<string, Record<string, unknown> | undefined>;
    const general = meta["general"] ?? {};
    const architecture = typeof general["architecture"] === "string" ? general["architecture"] : null;
    const arch = architecture == null ? {} : meta[architecture] ?? {};
    const tokenizer = meta["tokenizer"] as {ggml?: {model?: unknown}, chat_template?: unknown} | undefined;
    const fileType = typeof general["file_type"] === "number" ? general["file_type"] : null;
    let parameters = 0;
    for (const tensor of info.fullTensorInfo ?? info.tensorInfo ?? []) parameters += tensor.dimensions.reduce<number>((n, d) => n * Number(d), 1);
    const text = (v: unknown) => (typeof v === "string" ? v : null);
    return {
        uri, architecture, name: text(general["name"]), parameters,
        quantization: fileType == null ? null : (GgufFileType as unknown as Record<number, string>)[fileType]?.replace(/^MOSTLY_/, "") ?? null,
        contextLength: typeof arch["context_length"] === "number" ? arch["context_length"] : null,
        chatTemplate: text(tokenizer?.chat_template), license: text(general["license"]), tokenizer: text(tokenizer?.ggml?.model)
    };
}

/** The local file of an `hf:` URI or URL already downloaded into `directory` (no network), or null. */
export async function downloadedModelFile(uri: string, options: {directory: string, endpoint?: string | null}): Promise<string | null> {
    const {resolveModelFile} = await loadNodeLlamaCpp();
    return resolveModelFile(uri, {
        directory: options.directory, download: false, cli: false,
        ...(options.endpoint == null ? {} : {endpoints: {huggingFace: options.endpoint}})
    }).catch(() => null);
}
