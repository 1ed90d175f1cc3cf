/** A debugger action that cannot be done here (Proceed on an error that is not resumable, Create on another error…). Nothing was changed. */
export class DebugActionError extends Error {
    public readonly userError = true;
    public override readonly name = "DebugActionError";

    public constructor(public readonly action: string, message: string) {
        super(message);
    }
}
