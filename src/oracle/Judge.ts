import type {ChatMessage, JudgeScores} from "../objects/index.js";
import type {Completion, Engine} from "../llm/index.js";
import {EngineError} from "../llm/index.js";
import {judgeBudget} from "./judgeBudget.js";
import type {JudgeBudget} from "./judgeBudget.js";
import {JudgeFailedError} from "./JudgeFailedError.js";
import {judgePrompt} from "./judgePrompt.js";
import {JudgeReplyError} from "./JudgeReplyError.js";
import {judgeSchema} from "./judgeSchema.js";
import {modelContextLength} from "./modelContextLength.js";
import {readVerdict} from "./readVerdict.js";
import type {Rubric} from "./Rubric.js";

/** The part of an engine a judge uses: structured output, and attaching its own persona. */
export type JudgeEngine = Pick<Engine, "structured" | "attach"> & Partial<Pick<Engine, "detach" | "contextSize">>;

export type JudgeOptions = {
    engine: JudgeEngine,
    /** The judge's name, recorded with every score (ALFRED by default). */
    name: string,
    /** The key the judge's persona is attached under on the engine. Distinct from the persona's own, so judging never disturbs its chat. */
    engineKey: string,
    /** The judge's system prompt, or how to make one of at most so many characters (see JudgeBudget). */
    systemPrompt: string | ((maxChars: number) => string),
    model: string,
    adapter?: string | null,
    /**
     * Most tokens per reply (default: what the schema's longest verdict needs, see judgeBudget). A retry after a
     * cut-off reply gets half as many again.
     */
    maxTokens?: number,
    /** Sampling temperature of the first attempt (default 0: greedy). Retries sample at `retryTemperature` (default 0.8) so they differ. */
    temperature?: number,
    retryTemperature?: number,
    /** Attempts per transcript before it is skipped (default 3). */
    attempts?: number,
    /** Longest rationale, in characters (default: 16, 40 or 80 with the model's context; see judgeBudget). */
    rationaleChars?: number,
    /** Longest question, in characters (default: what the context leaves; see judgeBudget and judgePrompt). */
    maxPromptChars?: number,
    /** Longest system prompt, in characters, when `systemPrompt` is a function (default: see judgeBudget). */
    systemPromptChars?: number,
    /** The context the judge's model runs in, in tokens (default: the GGUF's context length, else 4096). */
    contextTokens?: number,
    seed?: number,
    /** Told about every refused reply, before the retry or the skip. */
    onRefused?: (error: JudgeReplyError, attempt: number, of: number) => void
};

/** A verdict with what it took: the attempts made and the completion that passed. */
export type Verdict = {scores: JudgeScores, attempts: number, completion: Completion};

/**
 * I am a judge: an engine and a model (ALFRED's own by default) that score a persona's transcript on its
 * rubric through the engine's JSON-schema structured output. I never answer a verdict I have not checked:
 * a reply cut off, malformed or out of range is refused, retried, and after the last attempt the transcript
 * is skipped with a JudgeFailedError that lists every refused reply.
 */
export class Judge implements AsyncDisposable {
    public readonly name: string;
    public readonly model: string;
    public readonly adapter: string | null;
    private attached: Promise<void> | null = null;
    private prepared: Promise<{budget: JudgeBudget, system: string}> | null = null;
    private disposed = false;

    public constructor(private readonly options: JudgeOptions) {
        this.name = options.name;
        this.model = options.model;
        this.adapter = options.adapter ?? null;
    }

    /**
     * Scores `transcript` on `rubric` (a dialogue names its `speakers`, whose turns are headed by their names).
     * @throws JudgeFailedError when every attempt was refused.
     */
    public async judge(rubric: Rubric, transcript: readonly ChatMessage[], options: {speakers?: readonly string[]} = {}): Promise<Verdict> {
        if (this.disposed) throw new Error(`The judge ${this.name} was disposed: make a new one with judgeFor(runtime).`);
        const {budget, system} = await this.prepare(rubric.axes.length);
        await this.attach(system);
        const {engine} = this.options;
        const attempts = Math.max(1, this.options.attempts ?? 3);
        const schema = judgeSchema(rubric, {rationaleChars: budget.rationaleChars});
        const history = judgePrompt(rubric, transcript, {system, maxChars: budget.maxPromptChars, ...(options.speakers == null ? {} : {speakers: options.speakers})});
        const refused: JudgeReplyError[] = [];
        for (let attempt = 1; attempt <= attempts; attempt++) {
            const cutOffs = refused.filter((r) => r.problem === "cutOff").length;
            const options = {
                maxTokens: Math.round(budget.maxTokens * (1 + 0.5 * cutOffs)),
                temperature: attempt === 1 ? (this.options.temperature ?? 0) : (this.options.retryTemperature ?? 0.8),
                seed: (this.options.seed ?? 0) + attempt
            };
            try {
                const {value, completion} = await engine.structured<unknown>(this.options.engineKey, history, schema, options);
                return {scores: readVerdict(this.name, rubric, value, completion), attempts: attempt, completion};
            } catch (error) {
                const reply = asReplyError(this.name, error);
                refused.push(reply);
                this.options.onRefused?.(reply, attempt, attempts);
            }
        }
        throw new JudgeFailedError(this.name, refused);
    }

    public async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        if (this.attached != null) {
            await this.attached.catch(() => undefined);
            await this.options.engine.detach?.(this.options.engineKey);
        }
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    /** The budget for this judge's model and the system prompt that fits it; worked out once. */
    public prepare(axes = 4): Promise<{budget: JudgeBudget, system: string}> {
        this.prepared ??= (async () => {
            // The model's own length, or less where the engine makes smaller contexts (a judge sized past the
            // context it really gets would fail every request).
            const trained = await modelContextLength(this.model);
            const capped = this.options.engine.contextSize;
            const context = this.options.contextTokens ?? (trained == null ? capped ?? null : Math.min(trained, capped ?? trained));
            const budget = judgeBudget(context, axes, this.options);
            const {systemPrompt} = this.options;
            return {budget, system: typeof systemPrompt === "string" ? systemPrompt : systemPrompt(budget.systemPromptChars)};
        })();
        return this.prepared;
    }

    private attach(system: string): Promise<void> {
        if (this.attached == null) {
            const attaching = this.options.engine.attach({
                personaId: this.options.engineKey, name: this.name, systemPrompt: system,
                model: this.model, adapter: this.adapter
            });
            attaching.catch(() => {
                if (this.attached === attaching) this.attached = null;
            });
            this.attached = attaching;
        }
        return this.attached;
    }
}

/** An engine's schema failure is a malformed (or, when it ran out of tokens, a cut-off) reply; anything else is the engine's own failure. */
function asReplyError(judge: string, error: unknown): JudgeReplyError {
    if (error instanceof JudgeReplyError) return error;
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof EngineError && /does not match the JSON schema/.test(message))
        return new JudgeReplyError(judge, /cut off by maxTokens/.test(message) ? "cutOff" : "malformed", message, null, {cause: error});
    return new JudgeReplyError(judge, "engineFailed", message, null, {cause: error});
}
