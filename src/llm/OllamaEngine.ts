import {createHash} from "node:crypto";
import {readFile} from "node:fs/promises";
import path from "node:path";
import type {ChatTurn, Completion, GenerateOptions, JsonSchema, PersonaSpec} from "./Engine.js";
import {RemoteEngine, type RemoteRoute} from "./RemoteEngine.js";
import {HttpEndpoint, lines} from "./HttpEndpoint.js";
import {EngineError} from "./EngineError.js";
import {EngineHttpError} from "./EngineHttpError.js";
import {checkAdapter} from "../gguf/index.js";
import {ModelUnavailableError} from "./ModelUnavailableError.js";
import {buildModelfile} from "./buildModelfile.js";

/** Options of the Ollama engine; every field has a default. */
export type OllamaEngineOptions = {
    /** Default http://127.0.0.1:11434. */
    baseUrl?: string,
    defaultMaxTokens?: number,
    defaultTemperature?: number,
    /** TEMPLATE of persona models (default: none, the base model's template is inherited). */
    template?: string | null,
    /** PARAMETER lines of persona models, e.g. {num_ctx: 4096}. */
    parameters?: Record<string, string | number>,
    /** Delete a persona tag this engine made once its last request ended (default true). */
    pruneOldTags?: boolean,
    /** Told about background failures (a tag that could not be deleted). */
    onWarning?: (message: string, error: unknown) => void,
    /**
     * Base plus adapter as one GGUF, for an Ollama that refuses ADAPTER (newer versions reportedly do): returns the
     * merged model's path (the forge's `mergedModelFile(baseGguf)` does). The persona's tag is then created from that
     * model's blob. Without it a refused ADAPTER is reported as the server's error.
     */
    mergeAdapter?: (adapter: string, spec: PersonaSpec) => Promise<string>
};

/** The first Ollama whose /api/create takes `from` and `adapters` with blob digests (the API the CLI uses since). */
export const ollamaMinimumCreateVersion = "0.5.5";

type OllamaChatResponse = {
    message?: {content?: string},
    done?: boolean,
    done_reason?: string,
    prompt_eval_count?: number,
    eval_count?: number,
    eval_duration?: number,
    error?: string
};

/**
 * I run personas on an Ollama server through /api/chat. An adapter swap is the seed's first solution: upload the
 * adapter as a blob, create `persona:vN` FROM the base with the ADAPTER and the codex's SYSTEM (the Modelfile is
 * in the swap report), warm it, and point the persona at the new tag; the old tag is deleted when its last
 * request ends.
 */
export class OllamaEngine extends RemoteEngine {
    readonly kind = "ollama";
    private readonly http: HttpEndpoint;
    private readonly options: Required<Omit<OllamaEngineOptions, "onWarning" | "baseUrl" | "mergeAdapter">>;
    private readonly mergeAdapter: OllamaEngineOptions["mergeAdapter"];
    private version: Promise<string> | null = null;

    constructor(options: OllamaEngineOptions = {}) {
        super(options.onWarning);
        this.http = new HttpEndpoint("Ollama", options.baseUrl ?? "http://127.0.0.1:11434", "Start it with `ollama serve`, or pass the right baseUrl.");
        this.options = {
            defaultMaxTokens: options.defaultMaxTokens ?? 256,
            defaultTemperature: options.defaultTemperature ?? 0.7,
            template: options.template ?? null,
            parameters: options.parameters ?? {},
            pruneOldTags: options.pruneOldTags ?? true
        };
        this.mergeAdapter = options.mergeAdapter;
    }

    /** The server's version (GET /api/version), asked once. */
    serverVersion(): Promise<string> {
        if (this.version == null) {
            this.version = this.http.json<{version?: string}>("GET", "/api/version").then((r) => r.version ?? "0.0.0");
            this.version.catch(() => {
                this.version = null;
            });
        }
        return this.version;
    }

    protected async open(spec: PersonaSpec): Promise<RemoteRoute> {
        await this.serverVersion();
        await this.checkModel(spec.model);
        if (spec.adapter == null) return {target: spec.model, model: spec.model, adapter: null, owned: false};
        return (await this.build(spec, spec.model, spec.adapter)).route;
    }

    protected async checkModel(model: string): Promise<void> {
        const {models = []} = await this.http.json<{models?: {name?: string, model?: string}[]}>("GET", "/api/tags");
        const wanted = withTag(model);
        if (!models.some((m) => withTag(m.name ?? m.model ?? "") === wanted))
            throw new ModelUnavailableError(model, "missing", `Ollama at ${this.http.baseUrl} has no model "${model}": run \`ollama pull ${model}\` first.`, {engine: this.kind});
    }

    protected async build(spec: PersonaSpec, model: string, adapter: string | null): Promise<{route: RemoteRoute, details: Record<string, string>}> {
        if (adapter == null) return {route: {target: model, model, adapter: null, owned: false}, details: {tag: model}};
        const version = await this.serverVersion();
        if (compareVersions(version, ollamaMinimumCreateVersion) < 0)
            throw new EngineError(`Ollama ${version} at ${this.http.baseUrl} cannot build adapter models through /api/create with blobs ` +
                `(needs ${ollamaMinimumCreateVersion} or newer): upgrade Ollama, or create the model yourself with \`ollama create <name> -f Modelfile\`.`,
            {engine: this.kind, personaId: spec.personaId});
        const adapterPath = path.resolve(adapter);
        const bytes = await this.readAdapter(adapterPath);
        const digest = `sha256:${createHash("sha256").update(bytes).digest("hex")}`;
        const exists = await this.http.request("HEAD", `/api/blobs/${digest}`, {allow: [404]});
        if (exists.status === 404) await this.http.request("POST", `/api/blobs/${digest}`, {body: bytes});

        const tag = `${tagName(spec.name)}:v${await this.nextVersion(tagName(spec.name))}`;
        const fileName = path.basename(adapterPath);
        const modelfile = buildModelfile({from: model, adapter: fileName, system: spec.systemPrompt, template: this.options.template, parameters: this.options.parameters});
        const persona = {
            ...(spec.systemPrompt === "" ? {} : {system: spec.systemPrompt}),
            ...(this.options.template == null ? {} : {template: this.options.template}),
            ...(Object.keys(this.options.parameters).length === 0 ? {} : {parameters: this.options.parameters}),
            stream: false
        };
        let created = await this.create({model: tag, from: model, adapters: {[fileName]: digest}, ...persona});
        let details: Record<string, string> = {tag, digest, modelfile};
        if (created.status !== "success" && this.mergeAdapter != null && /adapter/i.test(created.error ?? "")) {
            // This Ollama refuses ADAPTER: the persona's model is base and adapter merged into one GGUF.
            const merged = await this.mergeAdapter(adapterPath, spec);
            const mergedBytes = await readFile(merged);
            const mergedDigest = `sha256:${createHash("sha256").update(mergedBytes).digest("hex")}`;
            const there = await this.http.request("HEAD", `/api/blobs/${mergedDigest}`, {allow: [404]});
            if (there.status === 404) await this.http.request("POST", `/api/blobs/${mergedDigest}`, {body: mergedBytes});
            const mergedName = path.basename(merged);
            const refusal = created.error ?? "";
            created = await this.create({model: tag, files: {[mergedName]: mergedDigest}, ...persona});
            details = {tag, digest: mergedDigest, merged, adapterRefused: refusal,
                modelfile: buildModelfile({from: `./${mergedName}`, adapter: null, system: spec.systemPrompt, template: this.options.template, parameters: this.options.parameters})};
        }
        if (created.status !== "success")
            throw new EngineError(`Ollama did not create ${tag}: ${created.error ?? JSON.stringify(created)}. ` +
                (/adapter/i.test(created.error ?? "") && this.mergeAdapter == null
                    ? "This Ollama refuses adapters: give the Ollama engine mergeAdapter (the forge's mergedModelFile) to serve base and adapter merged."
                    : `Check that the adapter was trained for ${model}.`), {engine: this.kind, personaId: spec.personaId});
        // Warm: an empty chat loads the new model into memory before any request is routed to it.
        await this.http.json("POST", "/api/chat", {model: tag, messages: []});
        return {route: {target: tag, model, adapter: adapterPath, owned: this.options.pruneOldTags}, details};
    }

    /** POST /api/create; a 4xx refusal of adapters comes back as {error}, as a JSON failure does, so the caller can fall back. */
    private async create(body: Record<string, unknown>): Promise<{status?: string, error?: string}> {
        try {
            return await this.http.json<{status?: string, error?: string}>("POST", "/api/create", body);
        } catch (error) {
            if (error instanceof EngineHttpError && error.status != null && error.status >= 400 && error.status < 500 && /adapter/i.test(error.serverMessage ?? ""))
                return {error: error.serverMessage ?? ""};
            throw error;
        }
    }

    protected async release(route: RemoteRoute): Promise<void> {
        await this.http.request("DELETE", "/api/delete", {json: {model: route.target}});
    }

    protected async send(route: RemoteRoute, messages: ChatTurn[], options: GenerateOptions, schema: JsonSchema | null): Promise<Completion> {
        const stream = options.onToken != null;
        const body = {
            model: route.target,
            messages,
            stream,
            ...(schema == null ? {} : {format: schema}),
            options: {
                temperature: options.temperature ?? this.options.defaultTemperature,
                num_predict: options.maxTokens ?? this.options.defaultMaxTokens,
                ...(options.seed == null ? {} : {seed: options.seed})
            }
        };
        const started = performance.now();
        let text = "";
        let final: OllamaChatResponse = {};
        try {
            const response = await this.http.request("POST", "/api/chat", {json: body, ...(options.signal == null ? {} : {signal: options.signal})});
            if (stream) {
                for await (const line of lines(response)) {
                    const part = JSON.parse(line) as OllamaChatResponse;
                    if (part.error != null) throw new EngineError(`Ollama failed while generating: ${part.error}`, {engine: this.kind});
                    const piece = part.message?.content ?? "";
                    if (piece !== "") {
                        text += piece;
                        options.onToken?.(piece);
                    }
                    if (part.done === true) final = part;
                }
            } else {
                final = await response.json() as OllamaChatResponse;
                text = final.message?.content ?? "";
            }
        } catch (error) {
            if (!options.signal?.aborted) throw error;
            return this.completion(route, text, {}, started, "aborted");
        }
        return this.completion(route, text, final, started, final.done_reason === "length" ? "maxTokens" : "stop");
    }

    private completion(route: RemoteRoute, text: string, final: OllamaChatResponse, started: number, stopReason: Completion["stopReason"]): Completion {
        const ms = performance.now() - started;
        const completionTokens = final.eval_count ?? 0;
        const evalSeconds = final.eval_duration != null && final.eval_duration > 0 ? final.eval_duration / 1e9 : ms / 1000;
        return {
            text, promptTokens: final.prompt_eval_count ?? 0, completionTokens, ms,
            tokensPerSecond: evalSeconds > 0 ? completionTokens / evalSeconds : 0,
            model: route.model, adapter: route.adapter, stopReason
        };
    }

    private async readAdapter(adapterPath: string): Promise<Buffer> {
        // The server's base model is not a local file: the adapter is checked whole, without its shapes.
        await checkAdapter(adapterPath);
        return readFile(adapterPath);
    }

    /** One more than the highest vN among the server's tags named `name`, so versions survive restarts. */
    private async nextVersion(name: string): Promise<number> {
        const {models = []} = await this.http.json<{models?: {name?: string, model?: string}[]}>("GET", "/api/tags");
        let highest = 0;
        for (const m of models) {
            const match = /^(.+):v(\d+)$/.exec(m.name ?? m.model ?? "");
            if (match != null && match[1] === name) highest = Math.max(highest, Number(match[2]));
        }
        return highest + 1;
    }
}

/** Ollama model names are lower case letters, digits, `-`, `_` and `.`. */
function tagName(personaName: string): string {
    return personaName.toLowerCase().replace(/[^a-z0-9._-]+/g, "-").replace(/^-+|-+$/g, "") || "persona";
}

function withTag(name: string): string {
    return name.includes(":") ? name : `${name}:latest`;
}

/** Compares dotted versions numerically ("0.5.10" > "0.5.5"); a pre-release suffix is ignored. */
export function compareVersions(a: string, b: string): number {
    const parse = (v: string) => v.replace(/^v/, "").split(/[-+]/)[0]!.split(".").map((n) => Number.parseInt(n, 10) || 0);
    const x = parse(a);
    const y = parse(b);
    for (let i = 0; i < Math.max(x.length, y.length); i++) {
        const d = (x[i] ?? 0) - (y[i] ?? 0);
        if (d !== 0) return d;
    }
    return 0;
}
