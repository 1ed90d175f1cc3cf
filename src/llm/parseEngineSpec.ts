import {EngineSpecError} from "./EngineSpecError.js";

/** The servers a persona may run on besides the embedded engine. */
export type RemoteEngineKind = "ollama" | "vllm" | "openai";
export type EngineSpecKind = "embedded" | RemoteEngineKind;

/**
 * A persona's engine, read from its spec:
 * - `embedded`: the in-process node-llama-cpp engine on `model`, a GGUF path, an `hf:` URI or an http(s) URL;
 * - a server: `baseUrl` (http://HOST:PORT) and the `model` it serves (an Ollama tag, a vLLM or OpenAI model id).
 * `endpoint` is the same for every persona served by one engine instance (they share it).
 */
export type EngineSpec =
    | {kind: "embedded", model: string, endpoint: "embedded"}
    | {kind: RemoteEngineKind, baseUrl: string, model: string, endpoint: string};

/** Default ports: Ollama's and vLLM's own; an OpenAI-compatible server has none worth guessing (llama.cpp 8080, LM Studio 1234). */
const defaultPorts: Record<RemoteEngineKind, number | null> = {ollama: 11434, vllm: 8000, openai: null};

const remote = /^(ollama|vllm|openai):\/\/(.*)$/i;

/**
 * Reads an engine spec, as a persona's engine slot (its `baseModelPath`) holds it:
 * `models/x.gguf` or `embedded:models/x.gguf` (also `hf:…` URIs and http(s) URLs of GGUF files),
 * `ollama://HOST[:PORT]/MODEL`, `vllm://HOST[:PORT]/MODEL`, `openai://HOST:PORT[/v1]/MODEL`.
 * A server's model is everything after the first `/` (vLLM ids contain slashes: `meta-llama/Llama-3.2-1B`).
 * @throws EngineSpecError naming the problem and the form to use.
 */
export function parseEngineSpec(spec: string): EngineSpec {
    const text = spec.trim();
    if (text === "") throw new EngineSpecError(spec, "it is empty");
    const match = remote.exec(text);
    if (match != null) return parseRemote(spec, match[1]!.toLowerCase() as RemoteEngineKind, match[2]!);
    const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
    if (scheme === "embedded") {
        const model = text.slice("embedded:".length).replace(/^\/\/(?=\/)/, "");
        if (model === "") throw new EngineSpecError(spec, "embedded: names no model file");
        return {kind: "embedded", model, endpoint: "embedded"};
    }
    // A drive letter (C:\…) is a path; hf:, huggingface: and http(s) URLs are the embedded engine's downloads.
    if (scheme != null && !/^[a-z]:[\\/]/i.test(text) && !["hf", "huggingface", "http", "https"].includes(scheme)) {
        const known = ["ollama", "vllm", "openai"].find((k) => scheme.startsWith(k) || k.startsWith(scheme));
        throw new EngineSpecError(spec, known != null && text.toLowerCase().startsWith(`${known}:`) && !text.toLowerCase().startsWith(`${known}://`)
            ? `${known}: needs // and a host, as in ${known}://localhost${defaultPorts[known as RemoteEngineKind] == null ? ":8080" : ":" + defaultPorts[known as RemoteEngineKind]}/MODEL`
            : `it names the engine ${JSON.stringify(scheme)}, which is none of embedded, ollama, vllm and openai`);
    }
    return {kind: "embedded", model: text, endpoint: "embedded"};
}

function parseRemote(spec: string, kind: RemoteEngineKind, rest: string): EngineSpec {
    const slash = rest.indexOf("/");
    const authority = slash < 0 ? rest : rest.slice(0, slash);
    const model = slash < 0 ? "" : rest.slice(slash + 1).replace(/\/+$/, "");
    const hostPort = /^(\[[0-9a-f:.]+\]|[a-z0-9.-]+)(?::(\d{1,5}))?$/i.exec(authority);
    if (authority === "") throw new EngineSpecError(spec, `${kind}:// names no host (write ${kind}://localhost${defaultPorts[kind] == null ? ":8080" : ":" + defaultPorts[kind]}/MODEL)`);
    if (hostPort == null) throw new EngineSpecError(spec, `${JSON.stringify(authority)} is not HOST or HOST:PORT`);
    const port = hostPort[2] == null ? defaultPorts[kind] : Number(hostPort[2]);
    if (port == null) throw new EngineSpecError(spec, `an OpenAI-compatible server has no default port: write it (llama.cpp's server listens on 8080, LM Studio on 1234), as in openai://${hostPort[1]}:8080/${model || "MODEL"}`);
    if (port < 1 || port > 65535) throw new EngineSpecError(spec, `the port ${port} is not between 1 and 65535`);
    if (model === "") throw new EngineSpecError(spec, `it names no model after ${kind}://${authority}/ (the ${kind === "ollama" ? "Ollama tag, e.g. llama3.2" : "model id the server lists under /v1/models"})`);
    // The API's /v1 may be written (openai://host:8080/v1/MODEL, as servers print their URL): the engine adds it anyway.
    const served = kind === "openai" ? model.replace(/^v1\//, "") : model;
    if (served === "" || served === "v1") throw new EngineSpecError(spec, `it names no model after ${kind}://${authority}/v1/ (the model id the server lists under /v1/models)`);
    const baseUrl = `http://${hostPort[1]!.toLowerCase()}:${port}`;
    return {kind, baseUrl, model: served, endpoint: `${kind} ${baseUrl}`};
}

/** The spec written in its canonical form: the model path alone for the embedded engine, `kind://host:port/model` for a server. */
export function formatEngineSpec(spec: EngineSpec): string {
    return spec.kind === "embedded" ? spec.model : `${spec.kind}://${spec.baseUrl.slice("http://".length)}/${spec.model}`;
}

/** Whether a stored model names a server rather than a file for the embedded engine (no error for a bad spec: false). */
export function isRemoteSpec(stored: string): boolean {
    return remote.test(stored.trim());
}
