/** Why a persona file was refused, and what to do; the importer words it for the user (PersonaFileError). */
export class TarRefusal extends Error {
    public override readonly name = "TarRefusal";

    public constructor(public readonly problem: string, public readonly fix: string) {
        super(problem);
    }
}
