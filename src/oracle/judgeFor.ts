import type {Runtime} from "../runtime/index.js";
import {systemPromptFor} from "../llm/index.js";
import type {JudgeEngine, JudgeOptions} from "./Judge.js";
import {Judge} from "./Judge.js";

export type JudgeForOptions = Partial<Omit<JudgeOptions, "engine" | "name" | "engineKey" | "systemPrompt">> & {
    /** The engine the judge runs on (default: the runtime's, when it offers structured output). */
    engine?: JudgeEngine,
    /** The persona that judges (default "ALFRED"); its codex gives the judge's name and system prompt. */
    persona?: string
};

/** I mean no engine with structured output was at hand to judge with. */
export class NoJudgeEngineError extends Error {
    public readonly userError = true;
    public override readonly name = "NoJudgeEngineError";

    public constructor(public readonly judge: string) {
        super(`${judge} cannot judge: the runtime has no engine with structured output. Attach one (runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1})) or pass {engine} to judgeFor.`);
    }
}

/**
 * The Oracle's judge: ALFRED (or `options.persona`) on the runtime's engine and its own model and adapter
 * by default; `options.engine` and `options.model` choose another engine and model for it.
 * @throws NoJudgeEngineError, UnknownPersonaError
 */
export function judgeFor(runtime: Runtime, options: JudgeForOptions = {}): Judge {
    const record = runtime.manager.get(options.persona ?? "ALFRED").record;
    const engine = options.engine ?? asJudgeEngine(runtime.engine);
    if (engine == null) throw new NoJudgeEngineError(record.name);
    const model = options.model ?? (record.baseModelPath == null ? null : runtime.manager.resolve(record.baseModelPath));
    if (model == null) throw new NoJudgeEngineError(record.name);
    const adapter = options.adapter !== undefined ? options.adapter
        : record.activeAdapterPath == null ? null : runtime.manager.resolve(record.activeAdapterPath);
    return new Judge({
        ...options,
        engine,
        name: record.name,
        engineKey: `${record.personaId}#judge`,
        // Sized to the model's context when the judge first runs (see judgeBudget).
        systemPrompt: (maxChars) => systemPromptFor(record.codex, {maxChars}),
        model,
        adapter
    });
}

function asJudgeEngine(engine: unknown): JudgeEngine | null {
    const candidate = engine as Partial<JudgeEngine> | null;
    return candidate != null && typeof candidate.structured === "function" && typeof candidate.attach === "function" ? candidate as JudgeEngine : null;
}
