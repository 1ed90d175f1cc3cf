import {open as openFile} from "node:fs/promises";
import type {ChatTurn, Completion, GenerateOptions, JsonSchema, PersonaSpec} from "./Engine.js";
import {RemoteEngine, type RemoteRoute} from "./RemoteEngine.js";
import {HttpEndpoint, lines} from "./HttpEndpoint.js";
import {EngineError} from "./EngineError.js";
import {EngineHttpError} from "./EngineHttpError.js";
import {AdapterRejectedError} from "./AdapterRejectedError.js";
import {ModelUnavailableError} from "./ModelUnavailableError.js";

/** Options of the vLLM engine; every field has a default. */
export type VllmEngineOptions = {
    /** Default http://127.0.0.1:8000. */
    baseUrl?: string,
    /** Sent as a bearer token when the server was started with --api-key. */
    apiKey?: string,
    defaultMaxTokens?: number,
    defaultTemperature?: number,
    /** Told about background failures (an adapter that could not be unloaded). */
    onWarning?: (message: string, error: unknown) => void,
    /**
     * Turns a GGUF LoRA adapter (what the forge trains) into the PEFT folder vLLM loads, and returns that folder's
     * path (the forge's `peftAdapterFolder(baseGguf)` does). vLLM loads only PEFT adapters: without this a GGUF
     * adapter is refused before anything is sent.
     */
    prepareAdapter?: (ggufAdapter: string, spec: PersonaSpec) => Promise<string>
};

type ChatCompletionResponse = {
    choices?: {message?: {content?: string | null}, delta?: {content?: string | null}, finish_reason?: string | null}[],
    usage?: {prompt_tokens?: number, completion_tokens?: number} | null
};

/** What differs between vLLM and the other servers of the OpenAI-compatible API: names and advice. */
export type OpenAiServer = {kind: string, label: string, defaultUrl: string, startHint: string, serveHint: (model: string) => string};

const vllmServer: OpenAiServer = {
    kind: "vllm", label: "vLLM", defaultUrl: "http://127.0.0.1:8000",
    startHint: "Start it with `vllm serve <model> --enable-lora`, or pass the right baseUrl.",
    serveHint: (model) => "A vLLM process serves the base it was started with: start one with `vllm serve " + model + " --enable-lora`."
};

/**
 * I run personas on a vLLM server through its OpenAI-compatible /v1/chat/completions. An adapter swap is the
 * seed's second solution: POST /v1/load_lora_adapter {lora_name, lora_path}, warm it, send the persona's requests
 * with `"model": lora_name`, and POST /v1/unload_lora_adapter for the old one once its last request ended.
 * Adapter paths are as the server sees them. A GGUF adapter here (a local file starting with the GGUF magic) is
 * converted to PEFT form by `prepareAdapter` first, since vLLM loads only PEFT adapters.
 */
export class VllmEngine extends RemoteEngine {
    readonly kind: string;
    protected readonly server: OpenAiServer;
    private readonly http: HttpEndpoint;
    private readonly defaults: {maxTokens: number, temperature: number};
    private versionCounter = 0;
    private readonly prepareAdapter: VllmEngineOptions["prepareAdapter"];

    constructor(options: VllmEngineOptions = {}, server: OpenAiServer = vllmServer) {
        super(options.onWarning);
        this.kind = server.kind;
        this.server = server;
        this.http = new HttpEndpoint(server.label, options.baseUrl ?? server.defaultUrl, server.startHint,
            options.apiKey == null ? {} : {authorization: `Bearer ${options.apiKey}`});
        this.defaults = {maxTokens: options.defaultMaxTokens ?? 256, temperature: options.defaultTemperature ?? 0.7};
        this.prepareAdapter = options.prepareAdapter;
    }

    protected async open(spec: PersonaSpec): Promise<RemoteRoute> {
        await this.checkModel(spec.model);
        if (spec.adapter == null) return {target: spec.model, model: spec.model, adapter: null, owned: false};
        return (await this.build(spec, spec.model, spec.adapter)).route;
    }

    protected async checkModel(model: string): Promise<void> {
        const ids = await this.servedIds();
        if (!ids.includes(model))
            throw new ModelUnavailableError(model, "missing", `${this.server.label} at ${this.http.baseUrl} does not serve "${model}" (it serves ${ids.join(", ") || "nothing"}). ` +
                this.server.serveHint(model), {engine: this.kind});
    }

    protected async build(spec: PersonaSpec, model: string, adapter: string | null): Promise<{route: RemoteRoute, details: Record<string, string>}> {
        if (adapter == null) return {route: {target: model, model, adapter: null, owned: false}, details: {model}};
        const loraPath = await this.servedForm(spec, adapter);
        const loraName = await this.nextLoraName(spec.name);
        try {
            await this.http.request("POST", "/v1/load_lora_adapter", {json: {lora_name: loraName, lora_path: loraPath}});
        } catch (error) {
            if (error instanceof EngineHttpError && error.status === 404)
                throw new EngineError(`vLLM at ${this.http.baseUrl} has no /v1/load_lora_adapter: start it with --enable-lora and the environment variable VLLM_ALLOW_RUNTIME_LORA_UPDATING=True.`,
                    {engine: this.kind, personaId: spec.personaId, cause: error});
            if (error instanceof EngineHttpError && error.status != null && error.status < 500)
                throw new AdapterRejectedError(adapter, `vLLM refused to load it (${error.serverMessage ?? error.status})`, {engine: this.kind, personaId: spec.personaId, cause: error});
            throw error;
        }
        const route: RemoteRoute = {target: loraName, model, adapter, owned: true};
        try {
            // Warm: one token through the new adapter before any request is routed to it.
            await this.send(route, [{role: "user", content: "Hello"}], {maxTokens: 1, temperature: 0}, null);
        } catch (error) {
            await this.release(route).catch(() => undefined);
            throw new AdapterRejectedError(adapter, `vLLM loaded it but could not generate with it (${(error as Error).message})`, {engine: this.kind, personaId: spec.personaId, cause: error});
        }
        return {route, details: {lora_name: loraName, lora_path: loraPath}};
    }

    /** The path to send: a PEFT folder (or anything not a local GGUF file) as it is, a GGUF adapter converted. */
    private async servedForm(spec: PersonaSpec, adapter: string): Promise<string> {
        if (!await startsWithGgufMagic(adapter)) return adapter;
        if (this.prepareAdapter == null)
            throw new AdapterRejectedError(adapter, "it is a GGUF adapter and vLLM loads only PEFT adapters (a folder with adapter_model.safetensors " +
                "and adapter_config.json); give the vLLM engine prepareAdapter (the forge's peftAdapterFolder) or a PEFT folder", {engine: this.kind, personaId: spec.personaId});
        try {
            return await this.prepareAdapter(adapter, spec);
        } catch (error) {
            throw new AdapterRejectedError(adapter, `it could not be converted to PEFT form (${(error as Error).message})`, {engine: this.kind, personaId: spec.personaId, cause: error});
        }
    }

    protected async release(route: RemoteRoute): Promise<void> {
        await this.http.request("POST", "/v1/unload_lora_adapter", {json: {lora_name: route.target}});
    }

    protected async send(route: RemoteRoute, messages: ChatTurn[], options: GenerateOptions, schema: JsonSchema | null): Promise<Completion> {
        const stream = options.onToken != null;
        const body = {
            model: route.target,
            messages,
            max_tokens: options.maxTokens ?? this.defaults.maxTokens,
            temperature: options.temperature ?? this.defaults.temperature,
            ...(options.seed == null ? {} : {seed: options.seed}),
            ...(schema == null ? {} : {response_format: {type: "json_schema", json_schema: {name: "reply", schema, strict: true}}}),
            stream,
            ...(stream ? {stream_options: {include_usage: true}} : {})
        };
        const started = performance.now();
        let text = "";
        let finish: string | null = null;
        let usage: ChatCompletionResponse["usage"] = null;
        try {
            const response = await this.http.request("POST", "/v1/chat/completions", {json: body, ...(options.signal == null ? {} : {signal: options.signal})});
            if (stream) {
                for await (const line of lines(response)) {
                    if (!line.startsWith("data:")) continue;
                    const data = line.slice(5).trim();
                    if (data === "[DONE]") break;
                    const chunk = JSON.parse(data) as ChatCompletionResponse & {error?: {message?: string}};
                    if (chunk.error != null) throw new EngineError(`${this.server.label} failed while generating: ${chunk.error.message ?? JSON.stringify(chunk.error)}`, {engine: this.kind});
                    const choice = chunk.choices?.[0];
                    const piece = choice?.delta?.content ?? "";
                    if (piece !== "") {
                        text += piece;
                        options.onToken?.(piece);
                    }
                    finish = choice?.finish_reason ?? finish;
                    usage = chunk.usage ?? usage;
                }
            } else {
                const result = await response.json() as ChatCompletionResponse;
                text = result.choices?.[0]?.message?.content ?? "";
                finish = result.choices?.[0]?.finish_reason ?? null;
                usage = result.usage ?? null;
            }
        } catch (error) {
            if (!options.signal?.aborted) throw error;
            finish = "aborted";
        }
        const ms = performance.now() - started;
        const completionTokens = usage?.completion_tokens ?? 0;
        return {
            text, promptTokens: usage?.prompt_tokens ?? 0, completionTokens, ms,
            tokensPerSecond: ms > 0 ? completionTokens / (ms / 1000) : 0,
            model: route.model, adapter: route.adapter,
            stopReason: finish === "aborted" ? "aborted" : finish === "length" ? "maxTokens" : "stop"
        };
    }

    private async servedIds(): Promise<string[]> {
        const {data = []} = await this.http.json<{data?: {id?: string}[]}>("GET", "/v1/models");
        return data.map((m) => m.id ?? "");
    }

    /** `<persona>-v<N>`, N above every lora_name of that persona the server already lists. */
    private async nextLoraName(personaName: string): Promise<string> {
        const base = personaName.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "persona";
        for (const id of await this.servedIds()) {
            const match = /^(.+)-v(\d+)$/.exec(id);
            if (match != null && match[1] === base) this.versionCounter = Math.max(this.versionCounter, Number(match[2]));
        }
        this.versionCounter++;
        return `${base}-v${this.versionCounter}`;
    }
}


async function startsWithGgufMagic(file: string): Promise<boolean> {
    const handle = await openFile(file, "r").catch(() => null);
    if (handle == null) return false;  // a folder, or a path only the server sees
    try {
        const {buffer, bytesRead} = await handle.read(Buffer.alloc(4), 0, 4, 0).catch(() => ({buffer: Buffer.alloc(0), bytesRead: 0}));
        return bytesRead === 4 && buffer.toString("latin1") === "GGUF";
    } finally {
        await handle.close();
    }
}
