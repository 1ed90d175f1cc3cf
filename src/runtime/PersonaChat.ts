import {randomUUID} from "node:crypto";
import {summarize} from "../objects/index.js";
import type {ChatMessage, MessageNotUnderstood, Proto, Resumption, ScrapbookEntry} from "../objects/index.js";
import {systemPromptFor} from "../llm/index.js";
import type {Completion, Engine} from "../llm/index.js";
import type {Runtime} from "./Runtime.js";

/** The part of an inference engine the runtime uses. */
export type ChatEngine = Pick<Engine, "kind" | "attach" | "detach" | "chat" | "complete" | "swapAdapter" | "swapModel" | "dispose">;

export class NoEngineError extends Error {
    public readonly userError = true;
    public override readonly name = "NoEngineError";

    public constructor(public readonly persona: string) {
        super(`${persona} cannot chat: no engine configured. Start living-image with its embedded model (the default image's personas use models/living-image-genesis.gguf), or pass --model FILE.gguf.`);
    }
}

/** Keeps the last this-many scrapbook entries and metric points per persona, so an image stays small. */
const scrapbookLimit = 5000;
const metricsLimit = 5000;

/**
 * I connect personas to an inference engine: `chat:`, the model's answer to messages nobody
 * understood, and the bookkeeping of both (scrapbook entries, tokens/s and latency metrics).
 */
export class PersonaChat {
    public engine: ChatEngine | null = null;
    /** A model used for every persona in this session instead of its own (`--model`); not written to the image. */
    private modelOverride: string | null = null;
    private readonly attached = new Map<string, Promise<void>>();
    private removeHandler: (() => void) | null = null;

    public constructor(private readonly runtime: Runtime) {}

    public attach(engine: ChatEngine, options: {modelOverride?: string | null} = {}): void {
        this.engine = engine;
        this.modelOverride = options.modelOverride ?? null;
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

    public async chat(persona: Proto, text: string): Promise<string> {
        const engine = this.requireEngine(persona);
        await this.ensureAttached(engine, persona);
        const completion = await engine.chat(persona.personaId, text);
        this.record(persona, "chat", [{role: "user", content: text}, {role: "assistant", content: completion.text}], completion);
        return completion.text;
    }

    public async dispose(): Promise<void> {
        this.removeHandler?.();
        const engine = this.engine;
        this.engine = null;
        this.attached.clear();
        await engine?.dispose();
    }

    private async answerUnderstood(signal: MessageNotUnderstood): Promise<Resumption | undefined> {
        const engine = this.engine;
        const persona = signal.receiver;
        if (engine == null || (persona.record.baseModelPath == null && this.modelOverride == null)) return undefined;
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
        const completion = await engine.complete(persona.personaId, [{role: "user", content: request}], {maxTokens: 200});
        this.record(persona, "dnu", [{role: "user", content: request}, {role: "assistant", content: completion.text}], completion, {selector});
        return signal.resume(completion.text);
    }

    public systemPromptOf(persona: Proto): string {
        return systemPromptFor(persona.record.codex, {maxChars: this.systemPromptChars()});
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
        if (this.engine == null) throw new NoEngineError(persona.name);
        return this.engine;
    }

    private ensureAttached(engine: ChatEngine, persona: Proto): Promise<void> {
        let pending = this.attached.get(persona.personaId);
        if (pending == null) {
            const record = persona.record;
            const model = this.modelOverride ?? (record.baseModelPath == null ? null : this.runtime.manager.resolve(record.baseModelPath));
            if (model == null) throw new NoEngineError(persona.name);
            pending = engine.attach({
                personaId: record.personaId,
                name: record.name,
                systemPrompt: this.systemPromptOf(persona),
                model,
                adapter: record.activeAdapterPath == null ? null : this.runtime.manager.resolve(record.activeAdapterPath)
            });
            this.attached.set(persona.personaId, pending);
            pending.catch(() => this.attached.delete(persona.personaId));
        }
        return pending;
    }

    private record(persona: Proto, kind: ScrapbookEntry["kind"], messages: ChatMessage[], completion: Completion, meta?: Record<string, unknown>): void {
        const id = randomUUID();
        const at = new Date();
        const entry: ScrapbookEntry = {
            id, at, kind, messages,
            model: persona.record.baseModelPath,
            adapter: persona.record.activeAdapterPath,
            timing: {ms: completion.ms, promptTokens: completion.promptTokens, completionTokens: completion.completionTokens, tokensPerSecond: completion.tokensPerSecond},
            ...(meta != null ? {meta} : {})
        };
        if (this.runtime.image.readOnly) return;
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
    }
}
