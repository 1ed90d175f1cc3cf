import type {ChatMessage, GoldenSample} from "../objects/index.js";
import type {Judge, Rubric} from "../oracle/index.js";
import type {LoopEngine} from "./LoopEngine.js";

export type ReplySide = {engineKey: string};

/**
 * The Oracle's view of two adapters: each replies to the same held-out prompts (a sample's turns before its
 * last reply), greedily, and the judge scores both transcripts. A prompt counts only when both sides were
 * judged, so the two means compare the same prompts. Answers the means (null when no prompt was judged).
 */
export async function heldOutScore(engine: LoopEngine, judge: Judge, rubric: Rubric, samples: readonly GoldenSample[],
    sides: {before: ReplySide, after: ReplySide}, options: {system: string, maxTokens: number, signal?: AbortSignal, onSkip?: (why: string) => void}
): Promise<{before: number | null, after: number | null, judged: number}> {
    let sumBefore = 0;
    let sumAfter = 0;
    let judged = 0;
    for (const sample of samples) {
        options.signal?.throwIfAborted();
        const prompt = promptOf(sample.messages);
        if (prompt == null) continue;
        const history = [{role: "system" as const, content: options.system}, ...prompt];
        try {
            const scores: number[] = [];
            for (const side of [sides.before, sides.after]) {
                const reply = await engine.complete(side.engineKey, history, {maxTokens: options.maxTokens, temperature: 0, ...(options.signal ? {signal: options.signal} : {})});
                const verdict = await judge.judge(rubric, [...prompt, {role: "assistant", content: reply.text}]);
                scores.push(verdict.scores.golden);
            }
            sumBefore += scores[0]!;
            sumAfter += scores[1]!;
            judged++;
        } catch (error) {
            options.signal?.throwIfAborted();
            options.onSkip?.(`held-out prompt ${sample.id} skipped: ${(error as Error).message}`);
        }
    }
    return judged === 0 ? {before: null, after: null, judged} : {before: sumBefore / judged, after: sumAfter / judged, judged};
}

/** The turns before the last assistant reply, without a system turn; null when there is no such reply. */
function promptOf(messages: readonly ChatMessage[]): ChatMessage[] | null {
    const last = messages.findLastIndex((m) => m.role === "assistant");
    if (last <= 0) return null;
    return messages.slice(0, last).filter((m) => m.role !== "system");
}
