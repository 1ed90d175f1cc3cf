/** I mean an improvement cycle could not run or did not finish; nothing was changed. `stage` says where it stopped. */
export class CycleError extends Error {
    public readonly userError = true;
    public override readonly name = "CycleError";

    public constructor(public readonly persona: string, public readonly stage: "prepare" | "forge" | "validate" | "swap", reason: string, options?: {cause?: unknown}) {
        super(`${persona}'s improvement cycle stopped at ${stage}: ${reason} The persona, its adapter and its golden dataset are unchanged.`, options);
    }
}
