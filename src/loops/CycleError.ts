import type {CycleStage} from "./CycleOutcome.js";

/**
 * I mean an improvement cycle could not run or did not finish; nothing was changed but the cycle's record in
 * the persona's history. `stage` says where it stopped, `reason` why, and `cancelled` whether it was asked to stop.
 */
export class CycleError extends Error {
    public readonly userError = true;
    public override readonly name = "CycleError";
    public readonly cancelled: boolean;

    public constructor(public readonly persona: string, public readonly stage: CycleStage, public readonly reason: string,
        options?: {cause?: unknown, cancelled?: boolean}) {
        super(options?.cancelled === true
            ? `${persona}'s improvement cycle was cancelled at ${stage}. The persona, its adapter and its golden dataset are unchanged.`
            : `${persona}'s improvement cycle stopped at ${stage}: ${reason} The persona, its adapter and its golden dataset are unchanged.`,
        options?.cause === undefined ? undefined : {cause: options.cause});
        this.cancelled = options?.cancelled === true;
    }
}
