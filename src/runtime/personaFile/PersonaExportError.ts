/** A persona that cannot be written to a persona file as it is (a missing adapter, a file in the way). */
export class PersonaExportError extends Error {
    public readonly userError = true;
    public override readonly name = "PersonaExportError";

    public constructor(public readonly persona: string, public readonly problem: string, public readonly fix: string, options?: {cause?: unknown}) {
        super(`${persona} was not exported: ${problem}. ${fix}`, options);
    }
}
