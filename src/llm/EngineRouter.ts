import type {ChatTurn, Completion, Engine, GenerateOptions, JsonSchema, PersonaSpec, RequestPreview, SwapReport} from "./Engine.js";
import {EngineError} from "./EngineError.js";
import {createEngine} from "./engineRegistry.js";
import type {EngineKinds} from "./engineRegistry.js";
import type {NodeLlamaCppEngine, ReplyBitsReport} from "./NodeLlamaCppEngine.js";
import {formatEngineSpec, parseEngineSpec} from "./parseEngineSpec.js";
import type {EngineSpec} from "./parseEngineSpec.js";

/** Options of the engines a router makes, per kind; each server's base URL comes from the persona's spec. */
export type EngineRouterOptions = {
    embedded?: EngineKinds["node-llama-cpp"],
    ollama?: Omit<EngineKinds["ollama"], "baseUrl">,
    vllm?: Omit<EngineKinds["vllm"], "baseUrl">,
    openai?: Omit<EngineKinds["openai"], "baseUrl">,
    /** Makes the engine of one endpoint (default: createEngine of the spec's kind, which must be enabled). */
    create?: (spec: EngineSpec) => Engine
};

/** One engine instance and the personas routed to it. */
type Entry = {endpoint: string, engine: Engine, users: number};
/** Where one persona's requests go now; `running` counts its requests in flight there. */
type Route = {spec: PersonaSpec, target: EngineSpec, entry: Entry, running: number, drained: (() => void)[]};

/**
 * I am the engine of a runtime whose personas each name their own: I read the spec a persona's model is given as
 * (a GGUF path for the embedded engine, `ollama://host:port/model`, `vllm://…`, `openai://…`; see parseEngineSpec),
 * make one engine per endpoint, shared by every persona that names it, and route each persona's requests there.
 * A swap to another endpoint attaches the persona there first, flips its route in one step (requests already
 * running finish where they started), then detaches it from the old engine once those ended, and disposes an
 * engine nobody is routed to any more. The embedded engine, made on first use, stays until I am disposed: it frees
 * its models itself and lays out training data for every persona.
 * Completions name their model as a spec (`ollama://127.0.0.1:11434/llama3.2`, or the GGUF's path).
 */
export class EngineRouter implements Engine {
    readonly kind = "router";
    private readonly entries = new Map<string, Entry>();
    private readonly routes = new Map<string, Route>();
    private readonly queues = new Map<string, Promise<unknown>>();
    private disposed = false;

    constructor(private readonly options: EngineRouterOptions = {}) {}

    async attach(spec: PersonaSpec): Promise<void> {
        this.assertLive();
        const target = parseEngineSpec(spec.model);
        const existing = this.routes.get(spec.personaId);
        if (existing != null && existing.target.endpoint === target.endpoint) {
            await existing.entry.engine.attach({...spec, model: target.model});
            existing.spec = spec;
            existing.target = target;
            return;
        }
        const route = await this.open(spec, target, spec.adapter);
        this.routes.set(spec.personaId, route);
        if (existing != null) void this.retire(spec.personaId, existing);
    }

    async detach(personaId: string): Promise<void> {
        const route = this.routes.get(personaId);
        if (route == null) return;
        this.routes.delete(personaId);
        await this.retire(personaId, route);
    }

    chat(personaId: string, text: string, options?: GenerateOptions): Promise<Completion> {
        return this.run(personaId, (engine) => engine.chat(personaId, text, options));
    }

    complete(personaId: string, history: ChatTurn[], options?: GenerateOptions): Promise<Completion> {
        return this.run(personaId, (engine) => engine.complete(personaId, history, options));
    }

    async structured<T>(personaId: string, history: ChatTurn[], schema: JsonSchema, options?: GenerateOptions): Promise<{value: T, completion: Completion}> {
        let value: T | undefined;
        const completion = await this.run(personaId, async (engine) => {
            const result = await engine.structured<T>(personaId, history, schema, options);
            value = result.value;
            return result.completion;
        });
        return {value: value as T, completion};
    }

    async resetChat(personaId: string): Promise<void> {
        await this.route(personaId).entry.engine.resetChat(personaId);
    }

    async previewRequest(personaId: string, history: ChatTurn[], options?: {maxTokens?: number}): Promise<RequestPreview> {
        const route = this.route(personaId);
        const engine = route.entry.engine;
        if (engine.previewRequest == null)
            throw new EngineError(`The ${engine.kind} engine cannot show the tokens of a request before it is sent; the embedded engine can.`, {engine: engine.kind, personaId});
        const preview = await engine.previewRequest(personaId, history, options);
        return {...preview, model: this.specOfModel(route.target, preview.model)};
    }

    swapAdapter(personaId: string, adapterPath: string | null): Promise<SwapReport> {
        return this.exclusive(personaId, async () => {
            const route = this.route(personaId);
            const report = await route.entry.engine.swapAdapter(personaId, adapterPath);
            route.spec = {...route.spec, adapter: adapterPath};
            return this.named(route.target, route.target, report);
        });
    }

    /**
     * Swaps the persona to `model`, a spec. On the same endpoint the engine swaps the model itself (the embedded
     * engine keeps an adapter that fits the new base); on another, the persona is attached there first, with
     * `options.adapter` or no adapter (a server cannot tell whether an adapter fits), and its route flips.
     */
    swapModel(personaId: string, model: string, options: {adapter?: string | null} = {}): Promise<SwapReport> {
        return this.exclusive(personaId, async () => {
            const route = this.route(personaId);
            const target = parseEngineSpec(model);
            if (target.endpoint === route.target.endpoint) {
                const report = await route.entry.engine.swapModel(personaId, target.model, options);
                const from = route.target;
                route.target = target;
                route.spec = {...route.spec, model, adapter: report.to.adapter};
                return this.named(from, target, report);
            }
            const started = performance.now();
            const adapter = options.adapter ?? null;
            const next = await this.open({...route.spec, model, adapter}, target, adapter);
            this.routes.set(personaId, next);
            const report: SwapReport = {
                personaId, what: "model",
                from: {model: formatEngineSpec(route.target), adapter: route.spec.adapter},
                to: {model: formatEngineSpec(target), adapter},
                prepareMs: performance.now() - started,
                inFlightAtFlip: route.running,
                baseReloaded: false,
                details: {from: route.entry.endpoint, to: next.entry.endpoint},
                retired: this.retire(personaId, route)
            };
            return report;
        });
    }

    /** Lays a conversation out as the embedded engine does for `model` (a GGUF spec): training data is made there. */
    async tokenizeChat(model: string, history: ChatTurn[]): Promise<{tokens: number[], mask: number[]}> {
        return this.embedded(model, "lay out training samples").tokenizeChat(parseEngineSpec(model).model, history);
    }

    /** As NodeLlamaCppEngine.replyBits, on the embedded engine (a server gives no per-token probabilities here). */
    async replyBits(model: string, adapter: string | null, histories: readonly ChatTurn[][], options: {signal?: AbortSignal} = {}): Promise<ReplyBitsReport> {
        return this.embedded(model, "score replies in bits").replyBits(parseEngineSpec(model).model, adapter, histories, options);
    }

    /** The spec a persona's requests go to now, in canonical form, or null when it is not attached. */
    engineOf(personaId: string): {spec: string, kind: EngineSpec["kind"], endpoint: string} | null {
        const route = this.routes.get(personaId);
        return route == null ? null : {spec: formatEngineSpec(route.target), kind: route.target.kind, endpoint: route.entry.endpoint};
    }

    /** The endpoints with an engine now (`embedded`, `ollama http://127.0.0.1:11434`…), and how many personas each serves. */
    get engines(): {endpoint: string, kind: string, personas: number}[] {
        return [...this.entries.values()].map((e) => ({endpoint: e.endpoint, kind: e.engine.kind, personas: e.users}));
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        const entries = [...this.entries.values()];
        this.entries.clear();
        this.routes.clear();
        await Promise.all(entries.map((e) => e.engine.dispose()));
    }

    async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    /** Attaches the persona on the engine of `target` (made if needed); counts it there only once attached. */
    private async open(spec: PersonaSpec, target: EngineSpec, adapter: string | null): Promise<Route> {
        const entry = this.entry(target);
        try {
            await entry.engine.attach({...spec, model: target.model, adapter});
        } catch (error) {
            await this.releaseIfUnused(entry);
            throw error;
        }
        entry.users++;
        return {spec: {...spec, adapter}, target, entry, running: 0, drained: []};
    }

    /** After the route's last request: detaches the persona there (unless it is routed there again) and frees an unused engine. */
    private async retire(personaId: string, route: Route): Promise<void> {
        if (route.running > 0) await new Promise<void>((resolve) => route.drained.push(resolve));
        route.entry.users--;
        if (this.routes.get(personaId)?.entry !== route.entry) await route.entry.engine.detach(personaId).catch(() => undefined);
        await this.releaseIfUnused(route.entry);
    }

    private async releaseIfUnused(entry: Entry): Promise<void> {
        if (entry.users > 0 || entry.endpoint === "embedded" || this.entries.get(entry.endpoint) !== entry) return;
        this.entries.delete(entry.endpoint);
        await entry.engine.dispose();
    }

    private entry(target: EngineSpec): Entry {
        let entry = this.entries.get(target.endpoint);
        if (entry == null) {
            entry = {endpoint: target.endpoint, engine: this.make(target), users: 0};
            this.entries.set(target.endpoint, entry);
        }
        return entry;
    }

    private make(target: EngineSpec): Engine {
        if (this.options.create != null) return this.options.create(target);
        switch (target.kind) {
            case "embedded": return createEngine("node-llama-cpp", this.options.embedded ?? {});
            case "ollama": return createEngine("ollama", {...this.options.ollama, baseUrl: target.baseUrl});
            case "vllm": return createEngine("vllm", {...this.options.vllm, baseUrl: target.baseUrl});
            case "openai": return createEngine("openai", {...this.options.openai, baseUrl: target.baseUrl});
            default: return target satisfies never;
        }
    }

    private embedded(model: string, what: string): NodeLlamaCppEngine {
        const target = parseEngineSpec(model);
        if (target.kind !== "embedded")
            throw new EngineError(`Only the embedded engine can ${what}; ${model} is on the ${target.kind} server. Give the persona a GGUF file (useEngine: 'models/x.gguf') for this.`, {engine: target.kind});
        return this.entry(target).engine as NodeLlamaCppEngine;
    }

    /** Runs one request on the persona's route as it is now, counted there until it ends, and names its model as a spec. */
    private async run(personaId: string, request: (engine: Engine) => Promise<Completion>): Promise<Completion> {
        const route = this.route(personaId);
        route.running++;
        try {
            const completion = await request(route.entry.engine);
            return {...completion, model: this.specOfModel(route.target, completion.model)};
        } finally {
            route.running--;
            if (route.running === 0) for (const resolve of route.drained.splice(0)) resolve();
        }
    }

    private specOfModel(target: EngineSpec, model: string): string {
        return formatEngineSpec({...target, model} as EngineSpec);
    }

    private named(from: EngineSpec, to: EngineSpec, report: SwapReport): SwapReport {
        return {...report, from: {...report.from, model: this.specOfModel(from, report.from.model)}, to: {...report.to, model: this.specOfModel(to, report.to.model)}};
    }

    private exclusive<T>(personaId: string, operation: () => Promise<T>): Promise<T> {
        const next = (this.queues.get(personaId) ?? Promise.resolve()).then(operation);
        this.queues.set(personaId, next.catch(() => undefined));
        return next;
    }

    private route(personaId: string): Route {
        this.assertLive();
        const route = this.routes.get(personaId);
        if (route == null) throw new EngineError(`Persona ${personaId} is not attached: call attach(spec) first.`, {engine: this.kind, personaId});
        return route;
    }

    private assertLive(): void {
        if (this.disposed) throw new EngineError("The engine router was disposed: create a new one.", {engine: this.kind});
    }
}
