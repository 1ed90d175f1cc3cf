/** A persona that others delegate to (their `parent`) cannot be removed: they would lose the methods they inherit. */
export class PersonaInUseError extends Error {
    public readonly userError = true;
    public override readonly name = "PersonaInUseError";

    public constructor(public readonly persona: string, public readonly children: readonly string[]) {
        const list = children.length === 1 ? `${children[0]} delegates` : `${children.slice(0, -1).join(", ")} and ${children.at(-1)} delegate`;
        super(`${persona} was not removed: ${list} to it (parent). Point ${children.length === 1 ? "it" : "them"} elsewhere first, ` +
            `e.g. \`living-image eval "${children[0]} parent: nil" --save\`, then remove ${persona}.`);
    }
}
