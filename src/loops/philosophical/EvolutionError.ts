import type {EvolutionStage} from "../../objects/index.js";

/**
 * I mean a step of the philosophical loop could not run, failed or was cancelled. Nothing of the persona changed:
 * its base model, adapter and golden dataset are as they were (a completed ascension is undone only by descend).
 */
export class EvolutionError extends Error {
    public readonly userError = true;
    public override readonly name = "EvolutionError";

    public constructor(public readonly persona: string, public readonly stage: EvolutionStage, public readonly reason: string,
        options?: {cause?: unknown, cancelled?: boolean}) {
        super(`${persona}'s ${stage} ${options?.cancelled === true ? "was cancelled" : "stopped"}: ${reason} ${persona}'s base model, adapter and golden dataset are unchanged.`,
            options?.cause === undefined ? undefined : {cause: options.cause});
        this.cancelled = options?.cancelled === true;
    }

    public readonly cancelled: boolean;
}
