/** I mean `living-image forge PERSONA` cannot start: the persona lacks what training needs. `fix` says what to do. */
export class ForgeCommandError extends Error {
    public readonly userError = true;
    override readonly name = "ForgeCommandError";
    readonly persona: string;

    constructor(persona: string, problem: string, readonly fix: string) {
        super(`Cannot forge an adapter for ${persona}: ${problem}. ${fix}`);
        this.persona = persona;
    }
}
