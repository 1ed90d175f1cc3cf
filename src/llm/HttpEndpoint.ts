import {EngineHttpError} from "./EngineHttpError.js";

/**
 * I talk to one engine server over HTTP with global fetch and turn every failure into an EngineHttpError
 * whose message says what was asked, what came back, and what to do (`startHint`, e.g. "run `ollama serve`").
 */
export class HttpEndpoint {
    readonly engine: string;
    readonly baseUrl: string;
    private readonly startHint: string;
    private readonly headers: Record<string, string>;

    constructor(engine: string, baseUrl: string, startHint: string, headers: Record<string, string> = {}) {
        this.engine = engine;
        this.baseUrl = baseUrl.replace(/\/+$/, "");
        this.startHint = startHint;
        this.headers = headers;
    }

    /** Sends a request; resolves with the response when its status is 2xx, else throws. */
    async request(method: string, path: string, options: {json?: unknown, body?: Uint8Array, signal?: AbortSignal, allow?: number[]} = {}): Promise<Response> {
        const url = this.baseUrl + path;
        const headers: Record<string, string> = {...this.headers};
        let body: string | Uint8Array | undefined;
        if (options.json !== undefined) {
            headers["content-type"] = "application/json";
            body = JSON.stringify(options.json);
        } else if (options.body != null) {
            headers["content-type"] = "application/octet-stream";
            body = options.body;
        }
        let response: Response;
        try {
            response = await fetch(url, {method, headers, ...(body === undefined ? {} : {body}), ...(options.signal == null ? {} : {signal: options.signal})});
        } catch (error) {
            if (options.signal?.aborted) throw error;
            const cause = (error as {cause?: {code?: string, message?: string}}).cause;
            const detail = cause?.message ?? (error as Error).message;
            const why = cause?.code == null || detail.includes(cause.code) ? detail : `${cause.code}: ${detail}`;
            throw new EngineHttpError(`Cannot reach ${this.engine} at ${this.baseUrl} (${method} ${path}: ${why}). ${this.startHint}`,
                {engine: this.engine, url, method, status: null, serverMessage: null, cause: error});
        }
        if (response.ok || options.allow?.includes(response.status)) return response;
        const text = await response.text().catch(() => "");
        const serverMessage = extractMessage(text);
        throw new EngineHttpError(`${this.engine} answered ${response.status} ${response.statusText} to ${method} ${path}` +
            (serverMessage ? `: ${serverMessage}` : "") + (response.status >= 500 ? ". The server failed; see its log." : "."),
        {engine: this.engine, url, method, status: response.status, serverMessage: serverMessage || null});
    }

    /** Sends JSON and parses the JSON answer. */
    async json<T>(method: string, path: string, json?: unknown, signal?: AbortSignal): Promise<T> {
        const response = await this.request(method, path, {...(json === undefined ? {} : {json}), ...(signal == null ? {} : {signal})});
        const text = await response.text();
        try {
            return JSON.parse(text) as T;
        } catch (error) {
            throw new EngineHttpError(`${this.engine} answered ${method} ${path} with something that is not JSON: ${JSON.stringify(text.slice(0, 200))}. Is ${this.baseUrl} really a ${this.engine} server?`,
                {engine: this.engine, url: this.baseUrl + path, method, status: response.status, serverMessage: text.slice(0, 200), cause: error});
        }
    }
}

/** The lines of a streamed body (NDJSON or server-sent events), as they arrive. */
export async function* lines(response: Response): AsyncGenerator<string> {
    if (response.body == null) return;
    const decoder = new TextDecoder();
    let pending = "";
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        pending += decoder.decode(chunk, {stream: true});
        let newline: number;
        while ((newline = pending.indexOf("\n")) >= 0) {
            const line = pending.slice(0, newline).replace(/\r$/, "");
            pending = pending.slice(newline + 1);
            if (line.trim() !== "") yield line;
        }
    }
    pending += decoder.decode();
    if (pending.trim() !== "") yield pending;
}

function extractMessage(text: string): string {
    try {
        const parsed = JSON.parse(text) as {error?: unknown, message?: unknown, detail?: unknown};
        const error = parsed.error;
        if (typeof error === "string") return error;
        if (error != null && typeof error === "object" && typeof (error as {message?: unknown}).message === "string") return (error as {message: string}).message;
        if (typeof parsed.message === "string") return parsed.message;
        if (typeof parsed.detail === "string") return parsed.detail;
    } catch {
        // Not JSON: the text itself is the message.
    }
    return text.trim().slice(0, 300);
}
