/** A mistake in how the command was called: exit code 1, with the fix in the message. */
export class UsageError extends Error {
    public readonly userError = true;
    public override readonly name = "UsageError";
}
