import type {ChatMessage, GoldenSample, PersonaRecord} from "../../objects/index.js";
import type {Judge, Rubric} from "../../oracle/index.js";
import type {EvolutionEngine} from "./EvolutionEngine.js";

/** One model (with or without an adapter) measured on a persona's held-out samples. */
export type ModelBenchmark = {
    model: string,
    adapter: string | null,
    /** Bits per byte of each held-out sample's replies, in sample order; null where the sample does not fit the model's context. */
    bitsPerByte: (number | null)[],
    /** The mean over the samples that fit. */
    meanBitsPerByte: number | null,
    /** The model's greedy reply to each held-out prompt, and the Oracle's golden score of it (null: the judge failed). */
    replies: {text: string, score: number | null}[],
    /** Generation speed over those replies, and evaluation speed while measuring bits. */
    tokensPerSecond: number | null,
    evaluationTokensPerSecond: number,
    /** Weights and one context's state, as llama.cpp reports them. */
    memoryBytes: number
};

export type BenchmarkInputs = {
    engine: EvolutionEngine,
    judge: Judge | null,
    rubric: Rubric,
    persona: PersonaRecord,
    /** The system prompt every model is measured with: the persona's own. */
    system: string,
    samples: readonly GoldenSample[],
    /** How many of the samples' prompts are replied to and judged. */
    prompts: number,
    replyTokens: number,
    signal?: AbortSignal,
    onSkip?: (why: string) => void
};

/**
 * Measures `model` (with `adapter`) for a persona: bits per byte of the persona's own held-out replies (how
 * well the model predicts the persona), then its greedy replies to the first held-out prompts, each scored by
 * the Oracle on the persona's rubric, with the generation speed. Everything is keyed by sample order, so two
 * benchmarks on the same samples compare item by item.
 */
export async function benchmarkModel(model: string, adapter: string | null, inputs: BenchmarkInputs, engineKey: string): Promise<ModelBenchmark> {
    const {engine, system, samples, signal} = inputs;
    const histories = samples.map((s) => withSystem(system, s.messages));
    const measured = await engine.replyBits(model, adapter, histories, signal == null ? {} : {signal});
    const bitsPerByte = measured.items.map((item) => (item == null || item.bytes === 0 ? null : item.bits / item.bytes));
    const fitting = bitsPerByte.filter((b): b is number => b != null);
    const replies: ModelBenchmark["replies"] = [];
    let generated = 0;
    let generationMs = 0;
    const prompts = samples.slice(0, inputs.prompts).map((s) => promptOf(s.messages));
    if (prompts.some((p) => p != null)) {
        await engine.attach({personaId: engineKey, name: inputs.persona.name, systemPrompt: system, model, adapter});
        try {
            for (const prompt of prompts) {
                signal?.throwIfAborted();
                if (prompt == null) {
                    replies.push({text: "", score: null});
                    continue;
                }
                const completion = await engine.complete(engineKey, [{role: "system", content: system}, ...prompt],
                    {maxTokens: inputs.replyTokens, temperature: 0, ...(signal == null ? {} : {signal})});
                generated += completion.completionTokens;
                generationMs += completion.ms;
                let score: number | null = null;
                if (inputs.judge != null) {
                    try {
                        score = (await inputs.judge.judge(inputs.rubric, [...prompt, {role: "assistant", content: completion.text}])).scores.golden;
                    } catch (error) {
                        signal?.throwIfAborted();
                        inputs.onSkip?.(`the Oracle could not score ${shortName(model)}'s reply: ${(error as Error).message}`);
                    }
                }
                replies.push({text: completion.text, score});
            }
        } finally {
            await engine.detach(engineKey).catch(() => undefined);
        }
    }
    return {
        model, adapter, bitsPerByte,
        meanBitsPerByte: fitting.length === 0 ? null : fitting.reduce((s, b) => s + b, 0) / fitting.length,
        replies,
        tokensPerSecond: generationMs > 0 ? generated / (generationMs / 1000) : null,
        evaluationTokensPerSecond: measured.tokensPerSecond,
        memoryBytes: measured.memoryBytes
    };
}

/** The turns before the last assistant reply, without a system turn; null when there is no such reply. */
export function promptOf(messages: readonly ChatMessage[]): ChatMessage[] | null {
    const last = messages.findLastIndex((m) => m.role === "assistant");
    if (last <= 0) return null;
    return messages.slice(0, last).filter((m) => m.role !== "system");
}

export function withSystem(system: string, messages: readonly ChatMessage[]): ChatMessage[] {
    const turns = messages.filter((m) => m.role !== "system");
    return system === "" ? turns : [{role: "system", content: system}, ...turns];
}

function shortName(file: string): string {
    return file.split(/[\\/]/).at(-1) ?? file;
}
