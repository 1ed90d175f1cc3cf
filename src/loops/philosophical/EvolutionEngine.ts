import type {ChatTurn, Engine, ReplyBitsReport} from "../../llm/index.js";

/**
 * What the philosophical loop needs of an engine: reply with any model and adapter (held-out prompts, the Oracle's
 * structured verdicts), lay samples out as inference does (the forge), and measure bits per byte of replies.
 */
export type EvolutionEngine = Pick<Engine, "attach" | "detach" | "complete" | "structured"> & {
    tokenizeChat: NonNullable<Engine["tokenizeChat"]>,
    replyBits(model: string, adapter: string | null, histories: readonly ChatTurn[][], options?: {signal?: AbortSignal}): Promise<ReplyBitsReport>
};

/** The engine as an EvolutionEngine, or null when it lacks what the loop needs (the embedded engine has it all). */
export function asEvolutionEngine(engine: unknown): EvolutionEngine | null {
    const e = engine as Partial<EvolutionEngine> | null;
    return e != null && typeof e.attach === "function" && typeof e.detach === "function" && typeof e.complete === "function" &&
        typeof e.structured === "function" && typeof e.tokenizeChat === "function" && typeof e.replyBits === "function" ? e as EvolutionEngine : null;
}
