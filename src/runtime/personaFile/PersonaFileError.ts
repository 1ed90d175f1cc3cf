/**
 * A persona file that cannot be imported: damaged, hostile, of another version, or naming what this image
 * lacks. Raised before anything changes, so the message can always promise that.
 */
export class PersonaFileError extends Error {
    public readonly userError = true;
    public override readonly name = "PersonaFileError";

    public constructor(public readonly file: string, public readonly problem: string, public readonly fix: string, options?: {cause?: unknown}) {
        super(`${file} was not imported: ${problem}. Nothing was changed. ${fix}`, options);
    }
}
