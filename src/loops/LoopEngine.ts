import type {Engine} from "../llm/index.js";

/** What the loop needs of an engine: lay out training samples as inference does, and reply with a chosen adapter. */
export type LoopEngine = Pick<Engine, "attach" | "detach" | "complete"> & {tokenizeChat: NonNullable<Engine["tokenizeChat"]>};

/** The engine as a LoopEngine, or null when it lacks what the loop needs. */
export function asLoopEngine(engine: unknown): LoopEngine | null {
    const e = engine as Partial<LoopEngine> | null;
    return e != null && typeof e.attach === "function" && typeof e.detach === "function" && typeof e.complete === "function" &&
        typeof e.tokenizeChat === "function" ? e as LoopEngine : null;
}
