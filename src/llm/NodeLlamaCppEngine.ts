import path from "node:path";
import type {ChatHistoryItem, LlamaContext, LlamaContextSequence, LlamaGrammar} from "node-llama-cpp";
import {nodeLlamaCpp} from "./nodeLlamaCpp.js";
import type {ChatTurn, Completion, Engine, GenerateOptions, JsonSchema, PersonaSpec, RequestPreview, StopReason, SwapReport} from "./Engine.js";
import {EngineError} from "./EngineError.js";
import {AdapterRejectedError} from "./AdapterRejectedError.js";
import {Generation} from "./Generation.js";
import {ModelPool, type ChatWrapperChoice} from "./ModelPool.js";
import type {ModelHandle} from "./ModelHandle.js";
import {sharedLlama} from "./sharedLlama.js";
import {adapterFitsModel} from "./adapterFitsModel.js";
import {SpareContexts} from "./SpareContexts.js";
import {evaluateOneToken} from "./evaluateOneToken.js";
import {layoutChat} from "./layoutChat.js";
import {toChatHistory} from "./toChatHistory.js";
import {resolveModel} from "./resolveModel.js";
import {replyBits} from "./replyBits.js";
import type {ReplyBits} from "./replyBits.js";

/** What `replyBits` measured: one item per conversation (null: longer than the context), memory held, evaluation speed. */
export type ReplyBitsReport = {items: (ReplyBits | null)[], memoryBytes: number, tokensPerSecond: number};

/** Options of the embedded engine; every field has a default. */
export type NodeLlamaCppEngineOptions = {
    /** Threads per context (default: the machine's physical cores as llama.cpp counts them). Always passed explicitly. */
    threads?: number,
    /** Tokens per sequence (default 2048, never more than the model was trained for). */
    contextSize?: number,
    /** Stateless requests (`complete`, `structured`) a persona runs at once (default 2); more wait their turn. */
    parallel?: number,
    /**
     * Distinct adapters a loaded model may cache (node-llama-cpp frees them only with the model) before the engine
     * reloads it in the background and moves its personas to the fresh copy (default 8).
     */
    reloadAfterAdapters?: number,
    /**
     * Keep one spare context per loaded model, made and warmed ahead, so that an adapter swap does not create a
     * context on its path (default true). Costs one context's memory per loaded model.
     */
    spareContexts?: boolean,
    /** "auto" picks the wrapper from the model's chat template (ChatML for a ChatML template). Default "auto". */
    chatWrapper?: ChatWrapperChoice,
    defaultMaxTokens?: number,
    defaultTemperature?: number,
    /** LoRA user scale (default 1): llama.cpp applies scale · alpha / rank. */
    loraScale?: number,
    /** How long a model no persona uses stays loaded, in ms (default 30000), e.g. the base left by a model swap. */
    keepUnusedModelMs?: number,
    /** Where `hf:` URIs and URLs given as models are looked up and downloaded (default "models", from the cwd). */
    modelsDirectory?: string
};

/** A grammar made from a JSON schema, which also parses and checks the reply. */
type JsonGrammar = LlamaGrammar & {parse(json: string): unknown};

/** node-llama-cpp sets adapters on a live context only through this internal method (the one createContext's `lora` option calls). */
type SettableLoras = {_setLoras?: (loras: {filePath: string, scale?: number}[]) => Promise<void>};

/** A background reload of a model copy whose adapter cache is full: `loaded` is the fresh copy, `done` when its personas moved. */
type Refresh = {loaded: Promise<ModelHandle | null>, done: Promise<void>};

type Slot = {
    spec: PersonaSpec,
    modelPath: string,
    current: Generation,
    history: ChatHistoryItem[],
    chatQueue: Promise<unknown>,
    swapQueue: Promise<unknown>
};

/**
 * I run personas in process on node-llama-cpp. Each base model file is loaded once and shared; each persona
 * has its own context (one chat sequence plus `parallel` stateless ones) with its own adapter.
 * Swaps build the new context beside the old one, warm it, and flip the persona's handle in one step.
 */
export class NodeLlamaCppEngine implements Engine {
    readonly kind = "node-llama-cpp";
    private readonly options: Required<Omit<NodeLlamaCppEngineOptions, "threads">> & {threads: number | null};
    private readonly pool: ModelPool;
    private readonly slots = new Map<string, Slot>();
    private readonly grammars = new Map<string, Promise<JsonGrammar>>();
    private readonly spares: SpareContexts;
    private readonly refreshes = new Map<ModelHandle, Refresh>();
    private reloads = 0;
    private disposed = false;

    /** The contextSize option: no context of mine holds more (a model trained shorter gets its own length). */
    get contextSize(): number {
        return this.options.contextSize;
    }

    constructor(options: NodeLlamaCppEngineOptions = {}) {
        this.options = {
            threads: options.threads ?? null,
            contextSize: options.contextSize ?? 2048,
            parallel: options.parallel ?? 2,
            reloadAfterAdapters: options.reloadAfterAdapters ?? 8,
            spareContexts: options.spareContexts ?? true,
            chatWrapper: options.chatWrapper ?? "auto",
            defaultMaxTokens: options.defaultMaxTokens ?? 256,
            defaultTemperature: options.defaultTemperature ?? 0.7,
            loraScale: options.loraScale ?? 1,
            keepUnusedModelMs: options.keepUnusedModelMs ?? 30_000,
            modelsDirectory: options.modelsDirectory ?? "models"
        };
        if (this.options.parallel < 1) throw new EngineError(`parallel must be at least 1, got ${this.options.parallel}`, {engine: this.kind});
        this.pool = new ModelPool(sharedLlama, this.options.chatWrapper, this.options.keepUnusedModelMs);
        this.spares = new SpareContexts((handle) => this.newContext(handle, null), (handle, context) => warmContext(handle, context));
    }

    /** Reloads of a base model so far, each freeing the adapters the old copy cached: in the background, or on a swap's path when that failed. */
    get baseReloads(): number {
        return this.reloads;
    }

    /** Spare contexts made or being made now. */
    get spareContextCount(): number {
        return this.spares.count;
    }

    /** Resolves when the background work started so far is done: base reloads (and their flips) and spare contexts. */
    async settled(): Promise<void> {
        while (this.refreshes.size > 0) await Promise.all([...this.refreshes.values()].map((r) => r.done));
        await this.spares.allReady();
    }

    /** Models loaded now (a model shared by personas counts once; a reload briefly counts twice). */
    get loadedModels(): number {
        return this.pool.loadedCount;
    }

    async attach(spec: PersonaSpec): Promise<void> {
        this.assertLive();
        const modelPath = await this.modelFile(spec.model);
        const adapter = spec.adapter == null ? null : path.resolve(spec.adapter);
        let handle = await this.pool.acquire(modelPath);
        if (adapter != null) {
            try {
                await adapterFitsModel(adapter, handle.model.fileInfo);
            } catch (error) {
                handle.release();
                throw error;
            }
            handle = await this.refreshIfFull(handle, adapter).then((r) => r.handle);
        }
        const generation = await this.makeGeneration(handle, adapter, spec.personaId);
        this.restock(handle);
        const existing = this.slots.get(spec.personaId);
        const slot: Slot = {
            spec: {...spec, model: handle.path, adapter},
            modelPath,
            current: generation,
            history: this.initialHistory(handle, spec.systemPrompt),
            chatQueue: existing?.chatQueue ?? Promise.resolve(),
            swapQueue: existing?.swapQueue ?? Promise.resolve()
        };
        this.slots.set(spec.personaId, slot);
        if (existing != null) void existing.current.retire();
    }

    async detach(personaId: string): Promise<void> {
        const slot = this.slots.get(personaId);
        if (slot == null) return;
        this.slots.delete(personaId);
        await slot.current.retire();
    }

    async chat(personaId: string, text: string, options: GenerateOptions = {}): Promise<Completion> {
        const slot = this.slot(personaId);
        // One chat at a time per persona: each turn continues the previous one.
        const turn = slot.chatQueue.then(async () => {
            const generation = this.enter(slot);
            try {
                const maxTokens = options.maxTokens ?? this.options.defaultMaxTokens;
                const {items, promptTokens} = this.fit(slot, generation, [...slot.history, {type: "user", text}, {type: "model", response: []}], maxTokens);
                const completion = await this.generate(slot, generation, generation.chatSequence, items, promptTokens, {...options, maxTokens}, null);
                slot.history = [...items.slice(0, -1), {type: "model", response: [completion.text]}];
                return completion;
            } finally {
                generation.leave();
            }
        });
        slot.chatQueue = turn.catch(() => undefined);
        return turn;
    }

    async complete(personaId: string, history: ChatTurn[], options: GenerateOptions = {}): Promise<Completion> {
        return this.stateless(personaId, history, options, null);
    }

    async structured<T>(personaId: string, history: ChatTurn[], schema: JsonSchema, options: GenerateOptions = {}): Promise<{value: T, completion: Completion}> {
        const grammar = await this.grammarFor(schema);
        const completion = await this.stateless(personaId, history, options, grammar);
        try {
            return {value: grammar.parse(completion.text) as T, completion};
        } catch (error) {
            throw new EngineError(`The reply does not match the JSON schema (${(error as Error).message}); it was ${JSON.stringify(completion.text.slice(0, 200))}. ` +
                (completion.stopReason === "maxTokens" ? "It was cut off by maxTokens: raise maxTokens." : "Simplify the schema."),
            {engine: this.kind, personaId, cause: error});
        }
    }

    async resetChat(personaId: string): Promise<void> {
        const slot = this.slot(personaId);
        await slot.chatQueue;
        slot.history = this.initialHistory(slot.current.handle, slot.spec.systemPrompt);
    }

    async swapAdapter(personaId: string, adapterPath: string | null): Promise<SwapReport> {
        const slot = this.slot(personaId);
        return this.exclusive(slot, async () => {
            const started = performance.now();
            const previous = slot.current;
            const adapter = adapterPath == null ? null : path.resolve(adapterPath);
            if (adapter != null) await adapterFitsModel(adapter, previous.handle.model.fileInfo);
            const acquired = await this.pool.acquire(slot.modelPath);
            const {handle, reloaded} = adapter == null ? {handle: acquired, reloaded: false} : await this.refreshIfFull(acquired, adapter);
            const generation = await this.makeGeneration(handle, adapter, personaId);
            const report = this.flip(slot, generation, "adapter", started, reloaded);
            this.restock(handle);
            this.refreshWhenFull(handle);
            return report;
        });
    }

    async swapModel(personaId: string, modelPath: string, options: {adapter?: string | null} = {}): Promise<SwapReport> {
        const slot = this.slot(personaId);
        return this.exclusive(slot, async () => {
            const started = performance.now();
            const newPath = await this.modelFile(modelPath);
            let handle = await this.pool.acquire(newPath);
            let adapter: string | null = null;
            let reloaded = false;
            try {
                if (options.adapter != null) {
                    adapter = path.resolve(options.adapter);
                    await adapterFitsModel(adapter, handle.model.fileInfo);
                } else if (options.adapter === undefined && slot.current.adapter != null) {
                    // Keep the adapter only if it was trained for the new base.
                    const fits = await adapterFitsModel(slot.current.adapter, handle.model.fileInfo)
                        .then(() => true, () => false);
                    adapter = fits ? slot.current.adapter : null;
                }
            } catch (error) {
                handle.release();
                throw error;
            }
            if (adapter != null) ({handle, reloaded} = await this.refreshIfFull(handle, adapter));
            const generation = await this.makeGeneration(handle, adapter, personaId);
            slot.modelPath = newPath;
            const report = this.flip(slot, generation, "model", started, reloaded);
            this.restock(handle);
            this.refreshWhenFull(handle);
            return report;
        });
    }

    /** @inheritdoc */
    async tokenizeChat(model: string, history: ChatTurn[]): Promise<{tokens: number[], mask: number[]}> {
        this.assertLive();
        const handle = await this.pool.acquire(await this.modelFile(model));
        try {
            return layoutChat(handle.model, handle.chatWrapper, history);
        } finally {
            handle.release();
        }
    }

    /**
     * Scores how well `model` (with `adapter`, or bare) predicts each conversation's replies, in bits (see replyBits):
     * one context of its own, one sequence, every conversation laid out as inference lays it out. An item is null
     * when the conversation does not fit the context. Also answers the memory the evaluation held (weights and
     * context state) and the evaluation's speed in tokens per second.
     */
    async replyBits(model: string, adapter: string | null, histories: readonly ChatTurn[][], options: {signal?: AbortSignal} = {}): Promise<ReplyBitsReport> {
        this.assertLive();
        const handle = await this.pool.acquire(await this.modelFile(model));
        const adapterPath = adapter == null ? null : path.resolve(adapter);
        let context: LlamaContext | null = null;
        try {
            try {
                context = await handle.model.createContext({
                    threads: this.options.threads ?? (await sharedLlama()).cpuMathCores,
                    sequences: 1,
                    contextSize: Math.min(this.options.contextSize, handle.model.trainContextSize),
                    ...(adapterPath == null ? {} : {lora: {adapters: [{filePath: adapterPath, scale: this.options.loraScale}]}})
                });
            } catch (error) {
                if (adapterPath != null) throw new AdapterRejectedError(adapterPath, `llama.cpp could not apply it (${(error as Error).message})`, {engine: this.kind, cause: error});
                throw new EngineError(`Could not create a context on ${handle.path}: ${(error as Error).message}. Lower contextSize.`, {engine: this.kind, cause: error});
            }
            if (adapterPath != null) handle.adapters.add(adapterPath);
            const sequence = context.getSequence();
            const items: (ReplyBits | null)[] = [];
            let tokens = 0;
            const started = performance.now();
            for (const history of histories) {
                options.signal?.throwIfAborted();
                const item = await replyBits(handle.model, handle.chatWrapper, sequence, history);
                if (item != null) tokens += sequence.contextTokens.length;
                items.push(item);
            }
            const seconds = (performance.now() - started) / 1000;
            return {items, memoryBytes: handle.model.size + context.stateSize, tokensPerSecond: seconds > 0 ? tokens / seconds : 0};
        } finally {
            if (context != null) await context.dispose();
            handle.release();
        }
    }

    /** @inheritdoc */
    async previewRequest(personaId: string, history: ChatTurn[], options: {maxTokens?: number} = {}): Promise<RequestPreview> {
        const slot = this.slot(personaId);
        const generation = this.enter(slot);
        try {
            const {model, chatWrapper} = generation.handle;
            const turns = this.withSystemPrompt(slot, history);
            const maxTokens = options.maxTokens ?? this.options.defaultMaxTokens;
            const all: ChatHistoryItem[] = [...toChatHistory(turns), {type: "model", response: []}];
            let items = all;
            let problem: string | null = null;
            try {
                items = this.fit(slot, generation, all, maxTokens).items;
            } catch (error) {
                problem = (error as Error).message;
            }
            const layout = (chat: ChatHistoryItem[]) => chatWrapper.generateContextState({chatHistory: chat}).contextText.tokenize(model.tokenizer);
            const tokens = layout(items);
            const system = items.filter((item) => item.type === "system");
            const systemPrompt = turns.find((t) => t.role === "system")?.content ?? "";
            return {
                // With the tokens before it, so a SentencePiece piece keeps its leading space.
                tokens: tokens.map((id, i) => ({id: id as number, text: model.detokenize([id], true, tokens.slice(Math.max(0, i - 4), i)), special: model.isSpecialToken(id)})),
                systemPrompt,
                // The layout of the system turn alone, without the open reply a whole request ends with.
                systemTokens: system.length === 0 ? 0 : layout(system).length,
                contextSize: generation.chatSequence.contextSize,
                maxTokens,
                droppedTurns: all.length - items.length,
                problem,
                model: generation.handle.path,
                adapter: generation.adapter
            };
        } finally {
            generation.leave();
        }
    }

    /** The tokens now in the persona's chat sequence (for diagnostics and tests). */
    chatContextTokens(personaId: string): number[] {
        return [...this.slot(personaId).current.chatSequence.contextTokens];
    }

    /** The persona's spec as it is now (its adapter and model follow the swaps). */
    specOf(personaId: string): PersonaSpec {
        const slot = this.slot(personaId);
        return {...slot.spec};
    }

    async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        const slots = [...this.slots.values()];
        this.slots.clear();
        await Promise.all(slots.map((slot) => slot.current.retire()));
        await Promise.all([...this.refreshes.values()].map((r) => r.done));
        await this.spares.dispose();
        await this.pool.dispose();
    }

    async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    private async stateless(personaId: string, history: ChatTurn[], options: GenerateOptions, grammar: LlamaGrammar | null): Promise<Completion> {
        const slot = this.slot(personaId);
        const generation = this.enter(slot);
        try {
            const turns = this.withSystemPrompt(slot, history);
            const maxTokens = options.maxTokens ?? this.options.defaultMaxTokens;
            const {items, promptTokens} = this.fit(slot, generation, [...toChatHistory(turns), {type: "model", response: []}], maxTokens);
            const sequence = await generation.acquireSequence();
            try {
                return await this.generate(slot, generation, sequence, items, promptTokens, {...options, maxTokens}, grammar);
            } finally {
                await generation.releaseSequence(sequence);
            }
        } finally {
            generation.leave();
        }
    }

    /** The persona's system prompt first, unless `history` brings its own (or the persona has none). */
    private withSystemPrompt(slot: Slot, history: ChatTurn[]): ChatTurn[] {
        return history.some((t) => t.role === "system") || slot.spec.systemPrompt === ""
            ? history
            : [{role: "system" as const, content: slot.spec.systemPrompt}, ...history];
    }

    /** Runs one generation; `promptTokens` is the prompt's length as laid out (what OpenAI's usage.prompt_tokens counts). */
    private async generate(slot: Slot, generation: Generation, sequence: LlamaContextSequence, items: ChatHistoryItem[], promptTokens: number,
        options: GenerateOptions, grammar: LlamaGrammar | null): Promise<Completion> {
        const {chatWrapper} = generation.handle;
        const chat = new (nodeLlamaCpp().LlamaChat)({contextSequence: sequence, chatWrapper, autoDisposeSequence: false});
        const before = sequence.tokenMeter.getState();
        const started = performance.now();
        try {
            const result = await chat.generateResponse(items, {
                maxTokens: options.maxTokens ?? this.options.defaultMaxTokens,
                temperature: options.temperature ?? this.options.defaultTemperature,
                ...(options.seed == null ? {} : {seed: options.seed}),
                ...(grammar == null ? {} : {grammar}),
                ...(options.signal == null ? {} : {signal: options.signal, stopOnAbortSignal: true}),
                ...(options.onToken == null ? {} : {onTextChunk: options.onToken})
            });
            const ms = performance.now() - started;
            const after = sequence.tokenMeter.getState();
            const completionTokens = after.usedOutputTokens - before.usedOutputTokens;
            const stopReason: StopReason = result.metadata.stopReason === "maxTokens" ? "maxTokens"
                : result.metadata.stopReason === "abort" ? "aborted" : "stop";
            return {
                text: result.response,
                promptTokens,
                completionTokens,
                ms,
                tokensPerSecond: ms > 0 ? completionTokens / (ms / 1000) : 0,
                model: generation.handle.path,
                adapter: generation.adapter,
                stopReason
            };
        } catch (error) {
            throw new EngineError(`Generation failed for ${slot.spec.name}: ${(error as Error).message}`, {engine: this.kind, personaId: slot.spec.personaId, cause: error});
        } finally {
            chat.dispose({disposeSequence: false});
        }
    }

    /**
     * Drops the oldest turns after the system prompt until the prompt and `maxTokens` fit in a sequence:
     * node-llama-cpp's own context shift fails on a history far longer than the context.
     */
    private fit(slot: Slot, generation: Generation, items: ChatHistoryItem[], maxTokens: number): {items: ChatHistoryItem[], promptTokens: number} {
        const {model, chatWrapper} = generation.handle;
        const room = generation.chatSequence.contextSize - maxTokens;
        const length = (history: ChatHistoryItem[]) => chatWrapper.generateContextState({chatHistory: history}).contextText.tokenize(model.tokenizer).length;
        let fitted = items;
        let promptTokens = length(fitted);
        while (promptTokens > room) {
            const first = fitted.findIndex((item) => item.type !== "system");
            // Never drop the last user turn and the open reply.
            if (first < 0 || first >= fitted.length - 2)
                throw new EngineError(`The request for ${slot.spec.name} needs ${promptTokens} prompt tokens plus maxTokens ${maxTokens}, ` +
                    `more than the context holds (${generation.chatSequence.contextSize}): raise contextSize or shorten the message.`,
                {engine: this.kind, personaId: slot.spec.personaId});
            fitted = [...fitted.slice(0, first), ...fitted.slice(first + 1)];
            promptTokens = length(fitted);
        }
        return {items: fitted, promptTokens};
    }

    /**
     * The persona's next generation on `handle`: the spare context (made and warmed ahead) given the adapter, or a
     * new context; warmed once the adapter is on it. Takes over the caller's reference on `handle`.
     */
    private async makeGeneration(handle: ModelHandle, adapter: string | null, personaId: string): Promise<Generation> {
        let context: LlamaContext | null = null;
        try {
            const spare = this.options.spareContexts ? await this.spares.take(handle) : {context: await this.newContext(handle, adapter), warmed: false};
            context = spare.context;
            let warm = !spare.warmed;
            if (adapter != null && this.options.spareContexts) {
                const settable = context as unknown as SettableLoras;
                if (typeof settable._setLoras === "function") {
                    await settable._setLoras([{filePath: adapter, scale: this.options.loraScale}]);
                } else {
                    // A node-llama-cpp without it: make the context with the adapter instead (slower, same result).
                    await context.dispose();
                    context = null;
                    context = await this.newContext(handle, adapter);
                }
                // A new adapter changes llama.cpp's compute graph: the next evaluation re-reserves it. Pay that here.
                warm = true;
            }
            if (adapter != null) handle.adapters.add(adapter);
            const generation = new Generation(handle, context, adapter);
            if (warm) await generation.warm();
            return generation;
        } catch (error) {
            if (context != null && !context.disposed) await context.dispose();
            this.restock(handle);
            handle.release();
            if (adapter != null) throw new AdapterRejectedError(adapter, `llama.cpp could not apply it (${(error as Error).message})`, {engine: this.kind, personaId, cause: error});
            throw new EngineError(`Could not create a context on ${handle.path}: ${(error as Error).message}. Lower contextSize or parallel.`,
                {engine: this.kind, personaId, cause: error});
        }
    }

    /** Starts making the next spare context on `handle` (after a swap flipped, not during it). */
    private restock(handle: ModelHandle): void {
        if (this.options.spareContexts) this.spares.stock(handle);
    }

    /** A context on `handle`'s model with the engine's settings (and `adapter`, if given). */
    private async newContext(handle: ModelHandle, adapter: string | null): Promise<LlamaContext> {
        const contextSize = Math.min(this.options.contextSize, handle.model.trainContextSize);
        return handle.model.createContext({
            threads: this.options.threads ?? (await sharedLlama()).cpuMathCores,
            sequences: this.options.parallel + 1,
            contextSize,
            ...(adapter == null ? {} : {lora: {adapters: [{filePath: adapter, scale: this.options.loraScale}]}})
        });
    }

    /**
     * When `adapter` is new to `handle` and its cache is full, the fresh copy the background reload made (waiting for
     * it to load if it is under way), or else one loaded now. Takes over the caller's reference on `handle`.
     */
    private async refreshIfFull(handle: ModelHandle, adapter: string): Promise<{handle: ModelHandle, reloaded: boolean}> {
        if (handle.adapters.has(adapter) || handle.adapters.size < this.options.reloadAfterAdapters) return {handle, reloaded: false};
        const background = await this.refreshes.get(handle)?.loaded;
        if (background != null && !background.isDisposed) {
            background.retain();
            handle.release();
            return {handle: background, reloaded: false};
        }
        const fresh = await this.pool.fresh(handle.path);
        void this.spares.drop(handle);
        handle.release();
        this.reloads++;
        return {handle: fresh, reloaded: true};
    }

    /**
     * Once `handle` caches `reloadAfterAdapters` adapters, loads a fresh copy of its model in the background and
     * moves each persona still on `handle` to it, keeping its adapter, by the swap protocol (new context, warm, flip).
     * The old copy, and the adapters it cached, are freed when its last request ends.
     */
    private refreshWhenFull(handle: ModelHandle): void {
        if (handle.isDisposed || handle.adapters.size < this.options.reloadAfterAdapters || this.refreshes.has(handle) || this.disposed) return;
        const loaded = this.pool.fresh(handle.path).then((fresh) => {
            this.reloads++;
            void this.spares.drop(handle);
            return fresh;
        }, () => null);
        const done = (async () => {
            const fresh = await loaded;
            if (fresh == null) return;
            try {
                this.restock(fresh);
                for (const slot of [...this.slots.values()]) {
                    if (slot.current.handle !== handle) continue;
                    try {
                        // Queued behind the persona's own swaps; one of them may already have moved it.
                        await this.exclusive(slot, async () => {
                            if (slot.current.handle !== handle || this.slots.get(slot.spec.personaId) !== slot) return;
                            fresh.retain();
                            const generation = await this.makeGeneration(fresh, slot.current.adapter, slot.spec.personaId);
                            this.flip(slot, generation, "model", performance.now(), true);
                            this.restock(fresh);
                        });
                    } catch {
                        // The persona stays on the old copy (or the engine is being disposed); its next swap reloads on its path.
                    }
                }
            } finally {
                fresh.release();
            }
        })().catch(() => undefined).finally(() => this.refreshes.delete(handle));
        this.refreshes.set(handle, {loaded, done});
    }

    private flip(slot: Slot, generation: Generation, what: "adapter" | "model", started: number, baseReloaded: boolean): SwapReport {
        if (this.slots.get(slot.spec.personaId) !== slot) {
            void generation.retire();
            throw new EngineError(`Persona ${slot.spec.name} was detached during the ${what} swap; nothing was swapped.`, {engine: this.kind, personaId: slot.spec.personaId});
        }
        const previous = slot.current;
        const from = {model: slot.spec.model, adapter: previous.adapter};
        // The flip: one assignment. Requests that entered `previous` finish there; later ones find `generation`.
        slot.current = generation;
        slot.spec = {...slot.spec, model: generation.handle.path, adapter: generation.adapter};
        const inFlightAtFlip = previous.inFlight;
        return {
            personaId: slot.spec.personaId,
            what,
            from,
            to: {model: slot.spec.model, adapter: generation.adapter},
            prepareMs: performance.now() - started,
            inFlightAtFlip,
            baseReloaded,
            details: {},
            retired: previous.retire()
        };
    }

    private exclusive<T>(slot: Slot, work: () => Promise<T>): Promise<T> {
        this.assertLive();
        const result = slot.swapQueue.then(work);
        slot.swapQueue = result.catch(() => undefined);
        return result;
    }

    /** A local path as is (absolute); an `hf:` URI or URL through resolveModel (cached file, else download). */
    private async modelFile(model: string): Promise<string> {
        if (!/^(hf:|huggingface:|https?:\/\/)/i.test(model)) return path.resolve(model);
        return resolveModel(model, {directory: this.options.modelsDirectory});
    }

    private enter(slot: Slot): Generation {
        // A request queued before a detach (or a re-attach) must not run on the retired context.
        if (this.slots.get(slot.spec.personaId) !== slot)
            throw new EngineError(`Persona ${slot.spec.name} was detached or re-attached while this request waited: send it again.`,
                {engine: this.kind, personaId: slot.spec.personaId});
        const generation = slot.current;
        generation.enter();
        return generation;
    }

    private initialHistory(handle: ModelHandle, systemPrompt: string): ChatHistoryItem[] {
        return systemPrompt === "" ? [] : handle.chatWrapper.generateInitialChatHistory({systemPrompt});
    }

    private grammarFor(schema: JsonSchema): Promise<JsonGrammar> {
        const key = JSON.stringify(schema);
        let grammar = this.grammars.get(key);
        if (grammar == null) {
            // The schema is checked by node-llama-cpp at run time; its precise static type cannot be known here.
            const made: Promise<JsonGrammar> = sharedLlama().then((llama) => llama.createGrammarForJsonSchema(schema as never));
            made.catch(() => this.grammars.delete(key));
            this.grammars.set(key, made);
            grammar = made;
        }
        return grammar.catch((error: unknown) => {
            throw new EngineError(`The JSON schema is not supported by node-llama-cpp's grammar: ${(error as Error).message}`, {engine: this.kind, cause: error});
        });
    }

    private slot(personaId: string): Slot {
        this.assertLive();
        const slot = this.slots.get(personaId);
        if (slot == null) throw new EngineError(`Persona ${personaId} is not attached to the ${this.kind} engine: call attach(spec) first.`, {engine: this.kind, personaId});
        return slot;
    }

    private assertLive(): void {
        if (this.disposed) throw new EngineError(`The ${this.kind} engine was disposed: create a new one.`, {engine: this.kind});
    }
}

/** Warms a spare context on a sequence of its own, then gives the sequence back. */
async function warmContext(handle: ModelHandle, context: LlamaContext): Promise<void> {
    const sequence = context.getSequence();
    try {
        await evaluateOneToken(handle.model, sequence);
    } finally {
        await sequence.dispose();
    }
}
