import {randomUUID} from "node:crypto";
import {summarize} from "../objects/index.js";
import type {ChatMessage, MessageNotUnderstood, Proto, Resumption, ScrapbookEntry} from "../objects/index.js";
import {formatEngineSpec, parseEngineSpec, systemPromptFor} from "../llm/index.js";
import {fingerprintModel} from "../gguf/index.js";
import type {Completion, Engine, GenerateOptions, RequestPreview, StopReason} from "../llm/index.js";
import type {ActivityKind} from "./ActivityBoard.js";
import {currentGenerationScope} from "./generationScope.js";
import {observeEngine} from "./observeEngine.js";
import type {Runtime} from "./Runtime.js";
import {adapterMisfit} from "./adapterMisfit.js";
import {storedPathFor} from "./personaFiles.js";

/**
 * Models used this session instead of the personas' own (`--model`), never written to the image: `all` for every
 * persona, `personas` by persona name (`--model BRICK=FILE`), which wins over `all`. Each is an engine spec
 * (a GGUF path, `ollama://host:port/model`…).
 */
export type ModelOverrides = {all?: string | null, personas?: Readonly<Record<string, string>>};

/** What really answered a request: the engine kind, its model (a file or a server's model name) and the file's sha256. */
export type AnsweredBy = {kind: string, model: string, sha256: string | null};

/** The part of an inference engine the runtime uses. */
export type ChatEngine = Pick<Engine, "kind" | "attach" | "detach" | "chat" | "complete" | "swapAdapter" | "swapModel" | "dispose"> &
    Partial<Pick<Engine, "previewRequest">>;

/** How a caller follows and stops one generation. Both are optional: `chat:` from Smalltalk passes neither. */
export type ChatOptions = {
    /** Each piece of text as it is generated. */
    onToken?: (piece: string) => void,
    /** Aborting stops the generation; what came so far is the reply (and is recorded, marked stopped). */
    signal?: AbortSignal,
    maxTokens?: number
};

/** A reply with what became of it: the scrapbook entry (null on a read-only image) and why it ended. */
export type ChatReply = {
    text: string,
    interactionId: string | null,
    stopReason: StopReason,
    completion: Completion
};

export class NoEngineError extends Error {
    public readonly userError = true;
    public override readonly name = "NoEngineError";

    public constructor(public readonly persona: string) {
        super(`${persona} cannot chat: no engine configured. Start living-image with its embedded model (the default image's personas use models/living-image-genesis.gguf), or pass --model FILE.gguf.`);
    }
}

/** I mean the engine cannot lay out a request without running it (only the embedded engine can). */
export class PreviewUnsupportedError extends Error {
    public readonly userError = true;
    public override readonly name = "PreviewUnsupportedError";

    public constructor(public readonly engine: string) {
        super(`The ${engine} engine cannot show the tokens of a request before it is sent; the embedded node-llama-cpp engine can. Give the persona a GGUF (useEngine: 'models/x.gguf') to see them, or read the system prompt alone.`);
    }
}

/** Keeps the last this-many scrapbook entries and metric points per persona, so an image stays small. */
const scrapbookLimit = 5000;
const metricsLimit = 5000;

/**
 * I connect personas to an inference engine: `chat:`, conversations, the model's answer to messages
 * nobody understood, and the bookkeeping of each (scrapbook entries, tokens/s and latency metrics).
 * Every generation streams: to the caller's `onToken`, to the generation scope of the code that started
 * it (a Playground do-it), and to the runtime's activity board; each can be stopped by its signal.
 */
export class PersonaChat {
    /** The engine as the runtime shows it: its generations appear on the activity board. */
    public engine: ChatEngine | null = null;
    /** The engine itself, for my own calls (which report their activity in more detail). */
    private raw: ChatEngine | null = null;
    /** Models used this session instead of the personas' own (`--model`); not written to the image. */
    private overrides: ModelOverrides = {};
    /** Personas that run without their adapter this session, because it does not fit the override's model: why. */
    private readonly adapterLeftOut = new Map<string, string>();
    private readonly attached = new Map<string, Promise<void>>();
    private removeHandler: (() => void) | null = null;

    public constructor(private readonly runtime: Runtime) {}

    public attach(engine: ChatEngine, options: {modelOverride?: string | null, modelOverrides?: ModelOverrides} = {}): void {
        this.raw = engine;
        this.engine = observeEngine(engine, this.runtime.activity, (id) => this.runtime.record(id)?.name ?? null);
        this.overrides = {all: options.modelOverrides?.all ?? options.modelOverride ?? null, personas: upperKeys(options.modelOverrides?.personas ?? {})};
        this.runtime.manager.swapTarget = {
            // A persona the engine has not loaded yet picks the new file up when it first chats.
            swapAdapter: async (personaId, file) => {
                if (this.attached.has(personaId)) await engine.swapAdapter(personaId, file);
            },
            swapModel: async (personaId, file, options) => {
                if (this.attached.has(personaId)) await engine.swapModel(personaId, file, options);
            }
        };
        this.removeHandler?.();
        this.removeHandler = this.runtime.addDnuHandler({name: "llm", handle: (signal) => this.answerUnderstood(signal)});
    }

    /** One turn of the persona's own chat session (the one `chat:` continues); answers the reply's text. */
    public async chat(persona: Proto, text: string, options: ChatOptions = {}): Promise<string> {
        return (await this.chatReply(persona, text, options)).text;
    }

    /** As `chat`, with the scrapbook entry and why the generation ended. */
    public async chatReply(persona: Proto, text: string, options: ChatOptions = {}): Promise<ChatReply> {
        const engine = this.requireEngine(persona);
        await this.ensureAttached(engine, persona);
        const completion = await this.generate(persona, "chat", `${persona.name} replying`, options,
            (generate) => engine.chat(persona.personaId, text, generate));
        const messages: ChatMessage[] = [{role: "user", content: text}, {role: "assistant", content: completion.text}];
        return this.reply(persona, messages, completion);
    }

    /**
     * One turn of a conversation the caller keeps: `history` (user and assistant turns, oldest first) and
     * the new `text` go to the model together, so conversations of one persona do not mix. The turn is
     * recorded with the conversation before it, and `meta` (the conversation's id and turn number).
     */
    public async converse(persona: Proto, history: readonly ChatMessage[], text: string, options: ChatOptions = {},
        meta: Record<string, unknown> = {}): Promise<ChatReply> {
        const engine = this.requireEngine(persona);
        await this.ensureAttached(engine, persona);
        const turns: ChatMessage[] = [...history, {role: "user", content: text}];
        const completion = await this.generate(persona, "chat", `${persona.name} replying`, options,
            (generate) => engine.complete(persona.personaId, turns, generate));
        return this.reply(persona, [...turns, {role: "assistant", content: completion.text}], completion, meta);
    }

    /**
     * A one-off request that is not a conversation (a method draft): the persona's model answers `turns`, and
     * nothing is recorded in the scrapbook or offered to the Oracle. Answers the completion and the model file.
     */
    public async request(persona: Proto, turns: readonly ChatMessage[], label: string,
        options: ChatOptions & {temperature?: number, seed?: number} = {}): Promise<{completion: Completion, model: string}> {
        const engine = this.requireEngine(persona);
        await this.ensureAttached(engine, persona);
        const model = this.overrideOf(persona) ?? this.runtime.manager.modelFileOf(persona.personaId)!;
        const {temperature, seed, ...chatOptions} = options;
        const completion = await this.generate(persona, "generate", label, chatOptions,
            (generate) => engine.complete(persona.personaId, [...turns], {...generate,
                ...(temperature == null ? {} : {temperature}), ...(seed == null ? {} : {seed})}));
        return {completion, model};
    }

    /** The exact tokens the persona's next request would carry with `history` (see Engine.previewRequest). */
    public async previewRequest(persona: Proto, history: readonly ChatMessage[], options: {maxTokens?: number} = {}): Promise<RequestPreview> {
        const engine = this.requireEngine(persona);
        if (engine.previewRequest == null) throw new PreviewUnsupportedError(engine.kind);
        // Behind a router, only a persona on the embedded engine can be previewed.
        const kind = this.runtime.engineOf(persona).kind;
        if (engine.kind === "router" && kind != null && kind !== "embedded") throw new PreviewUnsupportedError(kind);
        await this.ensureAttached(engine, persona);
        return engine.previewRequest(persona.personaId, [...history], options);
    }

    public async dispose(): Promise<void> {
        this.removeHandler?.();
        const engine = this.raw;
        this.engine = null;
        this.raw = null;
        this.attached.clear();
        await engine?.dispose();
    }

    private async answerUnderstood(signal: MessageNotUnderstood): Promise<Resumption | undefined> {
        const engine = this.raw;
        const persona = signal.receiver;
        if (engine == null || (persona.record.baseModelPath == null && this.overrideOf(persona) == null)) return undefined;
        // Only a persona whose policy is #ask has its model answer in prose; the others signal, debug or synthesize.
        if (this.runtime.dnuPolicyOf(persona) !== "ask") return undefined;
        try {
            await this.ensureAttached(engine, persona);
        } catch (error) {
            // A persona whose model cannot be loaded cannot answer: decline, so the sender gets the
            // MessageNotUnderstoodError with its nearest selectors, and say why on the Transcript.
            this.runtime.publish({type: "transcript", persona: persona.name, text: `${persona.name}'s model could not answer #${signal.message.selector}: ${(error as Error).message}\n`});
            return undefined;
        }
        const {selector, args} = signal.message;
        const request = args.length === 0
            ? `You were sent the message "${selector}", which you have no method for. Respond to it in your own voice.`
            : `You were sent the message "${selector}" with ${args.map((a) => summarize(a, 200)).join(", ")}, which you have no method for. Respond to it in your own voice.`;
        const completion = await this.generate(persona, "dnu", `${persona.name} answering #${selector}`, {maxTokens: 200},
            (generate) => engine.complete(persona.personaId, [{role: "user", content: request}], generate));
        this.record(persona, "dnu", [{role: "user", content: request}, {role: "assistant", content: completion.text}], completion, await this.answeredBy(completion, persona), {selector});
        // The answer is prose from the model, not a computed value: say so where the user reads results.
        this.runtime.publish({type: "transcript", persona: persona.name,
            text: `${persona.name} has no method #${selector}: its model answered in prose (doesNotUnderstand policy #ask).\n`});
        return signal.resume(completion.text);
    }

    public systemPromptOf(persona: Proto): string {
        return systemPromptFor(persona.record.codex, {maxChars: this.systemPromptChars()});
    }

    /**
     * Runs one generation with everything that follows it: the caller's options, the generation scope of
     * the code that started it, and an activity on the board. A stopped generation answers what came.
     */
    private async generate(persona: Proto, kind: ActivityKind, label: string, options: ChatOptions,
        run: (options: GenerateOptions) => Promise<Completion>): Promise<Completion> {
        const scope = currentGenerationScope();
        const signals = [options.signal, scope?.signal].filter((s): s is AbortSignal => s != null);
        const signal = signals.length <= 1 ? signals[0] : AbortSignal.any(signals);
        const activity = this.runtime.activity.begin({kind, persona: persona.name, label});
        let pieces = 0;
        const onToken = (piece: string) => {
            pieces++;
            activity.update({tokens: pieces});
            options.onToken?.(piece);
            scope?.onToken?.(piece, {persona: persona.name, activity: activity.id});
        };
        try {
            const completion = await run({onToken, ...(signal == null ? {} : {signal}), ...(options.maxTokens == null ? {} : {maxTokens: options.maxTokens})});
            const seconds = completion.ms / 1000;
            activity.end(completion.stopReason === "aborted" ? "stopped" : "done",
                `${completion.completionTokens} tokens in ${seconds.toFixed(1)} s`);
            return completion;
        } catch (error) {
            activity.end("failed", error instanceof Error ? error.message : String(error));
            throw error;
        }
    }

    /** The model session override of a persona (`--model BRICK=…` before `--model …`), or null. */
    public overrideOf(persona: Proto): string | null {
        return this.overrides.personas?.[persona.name] ?? this.overrides.all ?? null;
    }

    /** Why the persona runs without its adapter this session (its adapter does not fit the override's model), or null. */
    public adapterLeftOutOf(persona: Proto): string | null {
        return this.adapterLeftOut.get(persona.personaId) ?? null;
    }

    /**
     * What answered, from the completion (the engine names its model; the router as a spec): the engine kind, the
     * model as the image would store it (a file relative to the image when inside its folder) and a file's sha256.
     */
    public async answeredBy(completion: Completion, persona?: Proto): Promise<AnsweredBy> {
        const kind = this.raw?.kind ?? "none";
        // A server engine attached on its own names the server's model; the router and the embedded engine name a spec.
        if (kind !== "router" && kind !== "node-llama-cpp") return {kind, model: completion.model, sha256: null};
        const target = parseEngineSpec(completion.model);
        if (target.kind !== "embedded") return {kind: target.kind, model: formatEngineSpec(target), sha256: null};
        const fingerprint = await fingerprintModel(target.model).catch(() => null);
        // The persona's own model is named as its record names it (`../models/x.gguf` stays so); another file as the image would store it.
        const own = persona?.record.baseModelPath;
        const model = own != null && this.runtime.manager.resolve(own) === target.model ? own : storedPathFor(target.model, this.runtime.image.path);
        return {kind: "embedded", model, sha256: fingerprint?.sha256 ?? null};
    }

    private async reply(persona: Proto, messages: ChatMessage[], completion: Completion, meta: Record<string, unknown> = {}): Promise<ChatReply> {
        const interactionId = this.record(persona, "chat", messages, completion, await this.answeredBy(completion, persona), meta);
        return {text: completion.text, interactionId, stopReason: completion.stopReason, completion};
    }

    /**
     * How long a system prompt may be: the image setting `systemPromptChars`, else 160, because the
     * embedded model has a 512-token context and a character-level tokenizer. Raise it for larger models.
     */
    private systemPromptChars(): number {
        const setting = this.runtime.image.state.settings.systemPromptChars;
        return typeof setting === "number" && setting > 0 ? setting : 160;
    }

    private requireEngine(persona: Proto): ChatEngine {
        if (this.raw == null) throw new NoEngineError(persona.name);
        return this.raw;
    }

    private ensureAttached(engine: ChatEngine, persona: Proto): Promise<void> {
        let pending = this.attached.get(persona.personaId);
        if (pending == null) {
            const record = persona.record;
            const manager = this.runtime.manager;
            const override = this.overrideOf(persona);
            // Either throws PersonaFileMissingError, which names the file, its sha256 and the command that fixes it.
            const model = override ?? manager.modelFileOf(record.personaId);
            if (model == null) throw new NoEngineError(persona.name);
            const ownAdapter = manager.adapterFileOf(record.personaId);
            const attach = async () => {
                if (override == null) await manager.recordModelFingerprint(record.personaId);
                let adapter = ownAdapter;
                // An adapter is trained over one base: over another model it fails to load, or worse, loads and garbles.
                // The persona then answers with the override's bare model, and says so.
                const misfit = override == null || adapter == null ? null : await adapterMisfit(adapter, override);
                if (misfit != null) {
                    adapter = null;
                    const why = `${record.name}'s adapter ${record.activeAdapterPath ?? ""} does not fit ${override} (${misfit}): ${record.name} answers ` +
                        `without it this session. To keep it, leave ${record.name} out of --model; to move ${record.name} to that model for good, ` +
                        `send it swapAdapter: nil, then useEngine: '${override}'.`;
                    this.adapterLeftOut.set(record.personaId, why);
                    this.runtime.publish({type: "transcript", persona: record.name, text: why + "\n"});
                }
                await engine.attach({personaId: record.personaId, name: record.name, systemPrompt: this.systemPromptOf(persona), model, adapter});
            };
            pending = attach();
            this.attached.set(persona.personaId, pending);
            pending.catch(() => this.attached.delete(persona.personaId));
        }
        return pending;
    }

    /** Records an interaction in the scrapbook and announces it (chatCompleted: the Oracle judges it). Answers its id, or null on a read-only image. */
    private record(persona: Proto, kind: ScrapbookEntry["kind"], messages: ChatMessage[], completion: Completion, answered: AnsweredBy,
        meta: Record<string, unknown> = {}): string | null {
        const id = randomUUID();
        const at = new Date();
        // A stopped generation is kept, and says so: what came is the reply the user saw.
        const allMeta = completion.stopReason === "stop" ? meta : {...meta, stopReason: completion.stopReason};
        const entry: ScrapbookEntry = {
            id, at, kind, messages,
            // What really answered (a session's --model, an engine swapped mid-request), not what the record says now.
            model: answered.model,
            adapter: completion.adapter == null ? null : storedPathFor(completion.adapter, this.runtime.image.path),
            engine: answered,
            timing: {ms: completion.ms, promptTokens: completion.promptTokens, completionTokens: completion.completionTokens, tokensPerSecond: completion.tokensPerSecond},
            ...(Object.keys(allMeta).length > 0 ? {meta: allMeta} : {})
        };
        if (this.runtime.image.readOnly) return null;
        this.runtime.image.update((draft) => {
            const record = draft.personas[persona.personaId];
            if (record == null) return;
            record.scrapbook.push(entry as typeof record.scrapbook[number]);
            if (record.scrapbook.length > scrapbookLimit) record.scrapbook.splice(0, record.scrapbook.length - scrapbookLimit);
            record.performanceMetrics.push(
                {at, name: "tokensPerSecond", value: completion.tokensPerSecond, tags: {kind}},
                {at, name: "latencyMs", value: completion.ms, tags: {kind}}
            );
            if (record.performanceMetrics.length > metricsLimit) record.performanceMetrics.splice(0, record.performanceMetrics.length - metricsLimit);
        }, `${persona.name} ${kind}`);
        this.runtime.publish({type: "chatCompleted", persona: persona.name, interactionId: id, tokens: completion.completionTokens, ms: completion.ms});
        return id;
    }
}

function upperKeys(record: Readonly<Record<string, string>>): Record<string, string> {
    return Object.fromEntries(Object.entries(record).map(([name, spec]) => [name.toUpperCase(), spec]));
}
