/** A codex file that cannot be read or is not JSON: the user's file to fix, not a bug. */
export class CodexFileError extends Error {
    public readonly userError = true;
    public override readonly name = "CodexFileError";

    public constructor(public readonly file: string, public readonly problem: string, options?: {cause?: unknown}) {
        super(`Cannot use the codex ${file}: ${problem}. Check the path, or start from \`living-image persona codex-template NAME > FILE\`.`, options);
    }
}
