/**
 * A persona primitive given an argument it cannot use (`BRICK chat: 3`, `BRICK at: #nothing`,
 * `BRICK parent: BRICK`). Nothing was changed; the message says what was expected and the fix.
 */
export class PersonaArgumentError extends Error {
    public readonly userError = true;
    public override readonly name = "PersonaArgumentError";

    public constructor(public readonly selector: string, message: string) {
        super(message);
    }
}
