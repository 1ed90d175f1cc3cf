import type {HeaderFacts} from "../gguf/index.js";
import {OllamaLibraryError} from "./OllamaLibraryError.js";

/** The address Ollama listens on when OLLAMA_HOST is unset. */
export const defaultOllamaOrigin = "http://127.0.0.1:11434";

/** One model of an Ollama server, as its /api/tags and /api/show describe it. */
export type OllamaModel = HeaderFacts & {
    /** The tag, as Ollama names it ("llama3.2:latest"). */
    tag: string,
    origin: string,
    /** The size Ollama reports (its blobs together). */
    bytes: number | null,
    digest: string | null,
    modifiedAt: string | null,
    family: string | null,
    /** Ollama's `details.parameter_size` ("3.2B"), kept beside the exact count when model_info has one. */
    parameterSize: string | null,
    /** The Go template Ollama lays prompts out with. */
    template: string | null,
    /** Ollama's `parameters` text (stop tokens, temperature…). */
    settings: string | null,
    /** The Modelfile, as /api/show answers it. */
    modelfile: string | null,
    /** Set when /api/show failed for this tag: the tags facts are then all there is. */
    problem: string | null
};

export type OllamaRequestOptions = {
    /** How long one request may take before the server counts as not answering; default 3000 ms. */
    timeoutMs?: number,
    signal?: AbortSignal
};

/**
 * The origin of an Ollama server from what a user writes, as Ollama's own client reads OLLAMA_HOST: `host`,
 * `host:port`, or a URL; http and port 11434 unless given. Empty or unset: 127.0.0.1:11434.
 */
export function ollamaOrigin(value: string | null | undefined): string {
    const text = (value ?? "").trim();
    if (text === "") return defaultOllamaOrigin;
    const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `http://${text}`;
    let url: URL;
    try {
        url = new URL(withScheme);
    } catch (error) {
        throw new OllamaLibraryError(`${JSON.stringify(text)} is not an Ollama address: give host, host:port or http://host:port (e.g. 127.0.0.1:11434).`,
            {origin: text, status: null, cause: error});
    }
    if (url.port === "" && !/:\d+$/.test(url.host)) url.port = url.protocol === "https:" ? "443" : "11434";
    return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
}

/**
 * Whether two Ollama addresses reach the same server: the same origin once read as OLLAMA_HOST is, with every
 * loopback name (localhost, 127.0.0.1, ::1, 0.0.0.0) taken as one, so `ollama://localhost:11434/x` is a model of
 * the server at 127.0.0.1:11434.
 */
export function sameOllamaServer(a: string, b: string): boolean {
    const key = (value: string) => {
        const url = new URL(ollamaOrigin(value));
        if (["localhost", "127.0.0.1", "[::1]", "0.0.0.0"].includes(url.hostname.toLowerCase())) url.hostname = "127.0.0.1";
        return `${url.protocol}//${url.host}${url.pathname.replace(/\/+$/, "")}`;
    };
    return key(a) === key(b);
}

type Tags = {models?: {name?: string, model?: string, size?: number, digest?: string, modified_at?: string,
    details?: {family?: string, parameter_size?: string, quantization_level?: string}}[]};
type Show = {modelfile?: string, parameters?: string, template?: string, license?: string,
    details?: {family?: string, parameter_size?: string, quantization_level?: string}, model_info?: Record<string, unknown>};

/**
 * Every model of the Ollama server at `origin`, with what /api/show says of each (architecture, exact parameter
 * count, context length, template, licence). Every request has a deadline, so a server that hangs costs at most
 * `timeoutMs` for the list; a tag whose show fails keeps its tags facts and says why.
 * @throws OllamaLibraryError when the server does not answer /api/tags, or answers it with an error
 */
export async function listOllamaModels(origin: string, options: OllamaRequestOptions = {}): Promise<OllamaModel[]> {
    const tags = await ask<Tags>(origin, "GET", "/api/tags", undefined, options);
    const models: OllamaModel[] = [];
    let silent: string | null = null;
    for (const entry of tags.models ?? []) {
        const tag = entry.name ?? entry.model;
        if (tag == null) continue;
        let shown: Show | null = null;
        let problem: string | null = silent;
        // A server that stopped answering is not asked again for each tag: one deadline, not one per model.
        if (problem == null) {
            try {
                shown = await ask<Show>(origin, "POST", "/api/show", {model: tag}, options);
            } catch (error) {
                options.signal?.throwIfAborted();
                problem = (error as Error).message;
                if ((error as OllamaLibraryError).status === null) silent = problem;
            }
        }
        models.push(describe(origin, tag, entry, shown, problem));
    }
    return models;
}

/**
 * One model of the server, by tag (`llama3.2` means `llama3.2:latest`, as in Ollama).
 * @throws OllamaLibraryError when the server does not answer, or has no such model (status 404)
 */
export async function showOllamaModel(origin: string, tag: string, options: OllamaRequestOptions = {}): Promise<OllamaModel> {
    const shown = await ask<Show>(origin, "POST", "/api/show", {model: tag}, options);
    const tags = await ask<Tags>(origin, "GET", "/api/tags", undefined, options).catch(() => ({models: []}) as Tags);
    const full = fullTag(tag);
    const entry = (tags.models ?? []).find((m) => fullTag(m.name ?? m.model ?? "") === full) ?? {};
    return describe(origin, full, entry, shown, null);
}

/**
 * Deletes a model from the server (its /api/delete): Ollama removes the tag, and its blobs once no tag uses them.
 * @throws OllamaLibraryError when the server does not answer, or has no such model (status 404)
 */
export async function deleteOllamaModel(origin: string, tag: string, options: OllamaRequestOptions = {}): Promise<void> {
    await ask<unknown>(origin, "DELETE", "/api/delete", {model: tag}, options, false);
}

/** `name` as Ollama stores it: `:latest` when no tag is given. */
export function fullTag(name: string): string {
    const slash = name.lastIndexOf("/");
    return name.slice(slash + 1).includes(":") ? name : `${name}:latest`;
}

function describe(origin: string, tag: string, entry: NonNullable<Tags["models"]>[number], shown: Show | null, problem: string | null): OllamaModel {
    const info = shown?.model_info ?? {};
    const text = (v: unknown) => (typeof v === "string" && v !== "" ? v : null);
    const count = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
    const architecture = text(info["general.architecture"]);
    const details = shown?.details ?? entry.details ?? {};
    return {
        tag, origin, bytes: count(entry.size), digest: text(entry.digest), modifiedAt: text(entry.modified_at),
        family: text(details.family), parameterSize: text(details.parameter_size),
        architecture: architecture ?? text(details.family), name: text(info["general.basename"]) ?? text(info["general.name"]),
        parameters: count(info["general.parameter_count"]) ?? 0,
        quantization: text(details.quantization_level) ?? null,
        contextLength: architecture == null ? null : count(info[`${architecture}.context_length`]),
        chatTemplate: text(shown?.template), license: text(shown?.license) ?? text(info["general.license"]),
        tokenizer: text(info["tokenizer.ggml.model"]),
        template: text(shown?.template), settings: text(shown?.parameters), modelfile: text(shown?.modelfile), problem
    };
}

async function ask<T>(origin: string, method: string, route: string, body: unknown, options: OllamaRequestOptions, parse = true): Promise<T> {
    const timeoutMs = options.timeoutMs ?? 3000;
    const signal = AbortSignal.any([AbortSignal.timeout(timeoutMs), ...(options.signal == null ? [] : [options.signal])]);
    let response: Response;
    try {
        response = await fetch(origin + route, {
            method, signal, ...(body === undefined ? {} : {body: JSON.stringify(body), headers: {"content-type": "application/json"}})
        });
    } catch (error) {
        options.signal?.throwIfAborted();
        const timedOut = (error as Error).name === "TimeoutError";
        const cause = (error as {cause?: {code?: string, message?: string}}).cause;
        const why = timedOut ? `no answer within ${timeoutMs / 1000} s` : cause?.code ?? cause?.message ?? (error as Error).message;
        throw new OllamaLibraryError(`Ollama does not answer at ${origin} (${method} ${route}: ${why}). Start it with \`ollama serve\`, ` +
            "or point OLLAMA_HOST or --ollama at the server.", {origin, status: null, cause: error});
    }
    const textBody = await response.text().catch(() => "");
    if (!response.ok) {
        let message = textBody.trim().slice(0, 300);
        try {
            const parsed = JSON.parse(textBody) as {error?: unknown};
            if (typeof parsed.error === "string") message = parsed.error;
        } catch {
            // Not JSON: the text is the message.
        }
        throw new OllamaLibraryError(`Ollama at ${origin} answered ${response.status} to ${method} ${route}${message === "" ? "" : `: ${message}`}` +
            (response.status === 404 ? ". `living-image model list` shows the models it has." : "."), {origin, status: response.status});
    }
    if (!parse) return undefined as T;
    try {
        return JSON.parse(textBody) as T;
    } catch (error) {
        throw new OllamaLibraryError(`${origin} answered ${method} ${route} with something that is not JSON: is it really an Ollama server?`,
            {origin, status: response.status, cause: error});
    }
}
