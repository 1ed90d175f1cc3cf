import {createHash} from "node:crypto";
import {FakeServer, type Reply} from "./fakeServer.js";

type ChatBody = {model: string, messages: {role: string, content: string}[], stream?: boolean, format?: unknown};

/**
 * An Ollama server as its API documentation describes it: /api/version, /api/tags, /api/blobs/:digest
 * (HEAD/POST, digest checked), /api/create (from + adapters by digest), /api/chat (streamed NDJSON or one
 * object; empty messages load the model), /api/delete. A reply names the model it came from. With `refuseAdapters`
 * it answers a create with adapters 400, as an Ollama without ADAPTER support would, and still creates a model from
 * a GGUF blob given in `files` (checked to start with the GGUF magic and not to be an adapter).
 */
export function fakeOllama(options: {version?: string, tags?: string[], refuseAdapters?: boolean} = {}) {
    const tags = new Set(options.tags ?? ["llama3.2:latest"]);
    const blobs = new Map<string, number>();
    const heads = new Map<string, Buffer>();
    const state = {version: options.version ?? "0.6.2", slowGate: Promise.resolve() as Promise<void>, tags, blobs};
    const server = new FakeServer((method, path, body, json): Reply => {
        const key = `${method} ${path.startsWith("/api/blobs/") ? "/api/blobs/:digest" : path}`;
        switch (key) {
            case "GET /api/version": return {status: 200, json: {version: state.version}};
            case "GET /api/tags": return {status: 200, json: {models: [...tags].map((name) => ({name, model: name, size: 1}))}};
            case "HEAD /api/blobs/:digest": return {status: blobs.has(path.slice("/api/blobs/".length)) ? 200 : 404};
            case "POST /api/blobs/:digest": {
                const digest = path.slice("/api/blobs/".length);
                if (`sha256:${createHash("sha256").update(body).digest("hex")}` !== digest) return {status: 400, json: {error: "digest mismatch"}};
                blobs.set(digest, body.length);
                heads.set(digest, Buffer.from(body.subarray(0, 4096)));
                return {status: 201};
            }
            case "POST /api/create": {
                const create = json as {model: string, from?: string, adapters?: Record<string, string>, files?: Record<string, string>};
                if (create.files != null) {
                    for (const digest of Object.values(create.files)) {
                        const head = heads.get(digest);
                        if (head == null) return {status: 400, json: {error: `blob ${digest} not found`}};
                        if (head.subarray(0, 4).toString("latin1") !== "GGUF" || head.includes("adapter.lora")) return {status: 400, json: {error: "the file is not a GGUF model"}};
                    }
                    tags.add(full(create.model));
                    return {status: 200, json: {status: "success"}};
                }
                if (options.refuseAdapters === true && create.adapters != null) return {status: 400, json: {error: "unknown Modelfile command: ADAPTER (adapters are not supported)"}};
                if (!tags.has(full(create.from ?? ""))) return {status: 404, json: {error: `model '${create.from}' not found`}};
                for (const digest of Object.values(create.adapters ?? {}))
                    if (!blobs.has(digest)) return {status: 400, json: {error: `blob ${digest} not found`}};
                tags.add(full(create.model));
                return {status: 200, json: {status: "success"}};
            }
            case "DELETE /api/delete": {
                const name = full((json as {model: string}).model);
                if (!tags.delete(name)) return {status: 404, json: {error: `model '${name}' not found`}};
                return {status: 200};
            }
            case "POST /api/chat": {
                const chat = json as ChatBody;
                if (!tags.has(full(chat.model))) return {status: 404, json: {error: `model '${chat.model}' not found, try pulling it first`}};
                if (chat.messages.length === 0) return {status: 200, json: {model: chat.model, message: {role: "assistant", content: ""}, done: true, done_reason: "load"}};
                const last = chat.messages.at(-1)?.content ?? "";
                const content = chat.format != null ? JSON.stringify({mood: "happy", from: chat.model}) : `${chat.model} says: ${last}`;
                const stats = {done: true, done_reason: "stop", prompt_eval_count: chat.messages.length * 10, eval_count: 5, eval_duration: 50_000_000};
                if (chat.stream === false) return {status: 200, ...(last.startsWith("slow") ? {wait: state.slowGate} : {}), json: {model: chat.model, message: {role: "assistant", content}, ...stats}};
                const pieces = content.match(/\S+\s*/g) ?? [content];
                return {status: 200, ...(last.startsWith("slow") ? {wait: state.slowGate} : {}), ndjson: [
                    ...pieces.map((piece) => ({model: chat.model, message: {role: "assistant", content: piece}, done: false})),
                    {model: chat.model, message: {role: "assistant", content: ""}, ...stats}
                ]};
            }
            default: return {status: 404, text: "404 page not found"};
        }
    });
    return {server, state};
}

function full(name: string): string {
    return name.includes(":") ? name : `${name}:latest`;
}
