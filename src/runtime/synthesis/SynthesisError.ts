/** I mean a synthesis request cannot be served as asked: no example to hold a draft to, a bad example, no passing draft to accept. */
export class SynthesisError extends Error {
    public readonly userError = true;
    public override readonly name = "SynthesisError";

    public constructor(public readonly selector: string, problem: string) {
        super(problem);
    }
}
