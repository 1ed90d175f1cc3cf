/** How much a judge may say and be told, in characters and tokens. */
export type JudgeBudget = {
    /** Most tokens per verdict. */
    maxTokens: number,
    /** Longest rationale per axis, in characters. */
    rationaleChars: number,
    /** Longest question (rubric and transcript), in characters. */
    maxPromptChars: number,
    /** Longest system prompt, in characters. */
    systemPromptChars: number
};

/**
 * A budget that fits a context of `contextTokens` (4096 when unknown), filling in what `given` leaves out.
 * Sizes are reckoned for the worst case of one token per character, as on the embedded model's byte-level
 * pieces: the schema's longest verdict is about 60 characters of JSON per axis besides its rationale, the
 * chat template about 48 tokens, and what is left goes one fifth to the system prompt and the rest to the question.
 */
export function judgeBudget(contextTokens: number | null, axes: number, given: Partial<JudgeBudget> = {}): JudgeBudget {
    const context = contextTokens ?? 4096;
    const rationaleChars = given.rationaleChars ?? (context <= 768 ? 16 : context <= 2048 ? 40 : 80);
    const maxTokens = given.maxTokens ?? axes * (rationaleChars + 60) + 20;
    const room = Math.max(64, context - maxTokens - 48);
    const systemPromptChars = given.systemPromptChars ?? Math.min(1000, Math.floor(room / 5));
    const maxPromptChars = given.maxPromptChars ?? Math.min(6000, Math.max(32, room - systemPromptChars));
    return {maxTokens, rationaleChars, maxPromptChars, systemPromptChars};
}
