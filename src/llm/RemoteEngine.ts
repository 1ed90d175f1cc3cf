import type {ChatTurn, Completion, Engine, GenerateOptions, JsonSchema, PersonaSpec, SwapReport} from "./Engine.js";
import {EngineError} from "./EngineError.js";
import {InFlight} from "./InFlight.js";

/** Where a remote persona's requests go now: `target` is what the server is asked for (a tag, a lora_name). */
export type RemoteRoute = {target: string, model: string, adapter: string | null, /** Made by this engine, released when retired. */ owned: boolean};

type RemoteSlot = {spec: PersonaSpec, route: RemoteRoute, history: ChatTurn[], chatQueue: Promise<unknown>, swapQueue: Promise<unknown>};

/**
 * I hold what Ollama and vLLM engines share: the persona slots, their chat histories, one chat at a time per
 * persona, one swap at a time, and the flip. A subclass sends requests and builds or releases routes.
 */
export abstract class RemoteEngine implements Engine {
    abstract readonly kind: string;
    protected readonly inFlight = new InFlight();
    private readonly slots = new Map<string, RemoteSlot>();
    private disposed = false;
    private readonly onWarning: (message: string, error: unknown) => void;

    protected constructor(onWarning: ((message: string, error: unknown) => void) | undefined) {
        this.onWarning = onWarning ?? (() => undefined);
    }

    /** Sends one chat request on `route`. */
    protected abstract send(route: RemoteRoute, messages: ChatTurn[], options: GenerateOptions, schema: JsonSchema | null): Promise<Completion>;
    /** Checks the server and the base model, builds the adapter route when `spec.adapter` is set. */
    protected abstract open(spec: PersonaSpec): Promise<RemoteRoute>;
    /** Builds and warms a route for `adapter` (null: the bare base) on `model`. */
    protected abstract build(spec: PersonaSpec, model: string, adapter: string | null): Promise<{route: RemoteRoute, details: Record<string, string>}>;
    /** Checks that the server serves `model`, throwing ModelUnavailableError otherwise. */
    protected abstract checkModel(model: string): Promise<void>;
    /** Releases a retired route the engine made (delete the tag, unload the adapter). */
    protected abstract release(route: RemoteRoute): Promise<void>;

    async attach(spec: PersonaSpec): Promise<void> {
        this.assertLive();
        const route = await this.open(spec);
        const existing = this.slots.get(spec.personaId);
        this.slots.set(spec.personaId, {
            spec, route, history: [],
            chatQueue: existing?.chatQueue ?? Promise.resolve(),
            swapQueue: existing?.swapQueue ?? Promise.resolve()
        });
        if (existing != null) void this.retire(existing.route);
    }

    async detach(personaId: string): Promise<void> {
        const slot = this.slots.get(personaId);
        if (slot == null) return;
        this.slots.delete(personaId);
        await this.inFlight.drained(slot.route.target);
    }

    async chat(personaId: string, text: string, options: GenerateOptions = {}): Promise<Completion> {
        const slot = this.slot(personaId);
        const turn = slot.chatQueue.then(async () => {
            const user: ChatTurn = {role: "user", content: text};
            const completion = await this.run(slot, [...this.system(slot), ...slot.history, user], options, null);
            slot.history = [...slot.history, user, {role: "assistant", content: completion.text}];
            return completion;
        });
        slot.chatQueue = turn.catch(() => undefined);
        return turn;
    }

    async complete(personaId: string, history: ChatTurn[], options: GenerateOptions = {}): Promise<Completion> {
        const slot = this.slot(personaId);
        return this.run(slot, this.withSystem(slot, history), options, null);
    }

    async structured<T>(personaId: string, history: ChatTurn[], schema: JsonSchema, options: GenerateOptions = {}): Promise<{value: T, completion: Completion}> {
        const slot = this.slot(personaId);
        const completion = await this.run(slot, this.withSystem(slot, history), options, schema);
        try {
            return {value: JSON.parse(completion.text) as T, completion};
        } catch (error) {
            throw new EngineError(`${this.kind} answered a structured request with text that is not JSON: ${JSON.stringify(completion.text.slice(0, 200))}` +
                (completion.stopReason === "maxTokens" ? ". It was cut off by maxTokens: raise maxTokens." : ". Check that the server supports JSON-schema output."),
            {engine: this.kind, personaId, cause: error});
        }
    }

    async resetChat(personaId: string): Promise<void> {
        const slot = this.slot(personaId);
        await slot.chatQueue;
        slot.history = [];
    }

    async swapAdapter(personaId: string, adapterPath: string | null): Promise<SwapReport> {
        const slot = this.slot(personaId);
        return this.exclusive(slot, "adapter", () => this.build(slot.spec, slot.route.model, adapterPath));
    }

    async swapModel(personaId: string, model: string, options: {adapter?: string | null} = {}): Promise<SwapReport> {
        const slot = this.slot(personaId);
        return this.exclusive(slot, "model", async () => {
            await this.checkModel(model);
            // A remote server cannot tell whether an adapter fits another base: it is kept only when asked for.
            return this.build(slot.spec, model, options.adapter ?? null);
        });
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        const slots = [...this.slots.values()];
        this.slots.clear();
        await Promise.all(slots.map((slot) => this.inFlight.drained(slot.route.target)));
    }

    async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    /** The persona's spec as it is now. */
    specOf(personaId: string): PersonaSpec {
        const slot = this.slot(personaId);
        return {...slot.spec, model: slot.route.model, adapter: slot.route.adapter};
    }

    /** What the persona's requests are sent to now (an Ollama tag, a vLLM model or lora_name). */
    targetOf(personaId: string): string {
        return this.slot(personaId).route.target;
    }

    private async run(slot: RemoteSlot, messages: ChatTurn[], options: GenerateOptions, schema: JsonSchema | null): Promise<Completion> {
        // Read the route and count the request in the same tick: a flip after this line does not affect it.
        const route = slot.route;
        this.inFlight.enter(route.target);
        try {
            return await this.send(route, messages, options, schema);
        } finally {
            this.inFlight.leave(route.target);
        }
    }

    private exclusive(slot: RemoteSlot, what: "adapter" | "model",
        build: () => Promise<{route: RemoteRoute, details: Record<string, string>}>): Promise<SwapReport> {
        const swap = slot.swapQueue.then(async () => {
            const started = performance.now();
            const {route, details} = await build();
            const previous = slot.route;
            slot.route = route;
            slot.spec = {...slot.spec, model: route.model, adapter: route.adapter};
            const report: SwapReport = {
                personaId: slot.spec.personaId,
                what,
                from: {model: previous.model, adapter: previous.adapter},
                to: {model: route.model, adapter: route.adapter},
                prepareMs: performance.now() - started,
                inFlightAtFlip: this.inFlight.count(previous.target),
                baseReloaded: false,
                details,
                retired: previous.target === route.target ? Promise.resolve() : this.retire(previous)
            };
            return report;
        });
        slot.swapQueue = swap.catch(() => undefined);
        return swap;
    }

    private async retire(route: RemoteRoute): Promise<void> {
        await this.inFlight.drained(route.target);
        if (!route.owned || this.isRouted(route.target)) return;
        try {
            await this.release(route);
        } catch (error) {
            this.onWarning(`Could not release ${route.target} on ${this.kind}: ${(error as Error).message}`, error);
        }
    }

    private isRouted(target: string): boolean {
        for (const slot of this.slots.values()) if (slot.route.target === target) return true;
        return false;
    }

    private system(slot: RemoteSlot): ChatTurn[] {
        return slot.spec.systemPrompt === "" ? [] : [{role: "system", content: slot.spec.systemPrompt}];
    }

    private withSystem(slot: RemoteSlot, history: ChatTurn[]): ChatTurn[] {
        return history.some((t) => t.role === "system") ? history : [...this.system(slot), ...history];
    }

    private slot(personaId: string): RemoteSlot {
        this.assertLive();
        const slot = this.slots.get(personaId);
        if (slot == null) throw new EngineError(`Persona ${personaId} is not attached to the ${this.kind} engine: call attach(spec) first.`, {engine: this.kind, personaId});
        return slot;
    }

    private assertLive(): void {
        if (this.disposed) throw new EngineError(`The ${this.kind} engine was disposed: create a new one.`, {engine: this.kind});
    }
}
