/** I mean a conversation cannot be a golden sample; `reason` says what is wrong with it. */
export class GoldenSampleError extends Error {
    public readonly userError = true;
    public override readonly name = "GoldenSampleError";

    public constructor(public readonly reason: string, public readonly where: string | null = null) {
        super(`${where == null ? "" : `${where}: `}not a usable golden sample: ${reason}. ` +
            "A sample is a list of {role, content} messages (roles system, user, assistant) with at least one user turn and ending on a non-empty assistant reply.");
    }
}
