/** I refuse to remove a model that personas of the image use: removing it would leave them without one. */
export class ModelInUseError extends Error {
    public readonly userError = true;
    public override readonly name = "ModelInUseError";

    public constructor(public readonly model: string, public readonly personas: readonly string[], public readonly image: string) {
        super(`${model} is the base model of ${personas.join(", ")} in ${image}: it is not removed. Give ${personas.length === 1 ? "that persona" : "them"} ` +
            `another model first (\`living-image persona engine ${personas[0]} SPEC\`, or \`${personas[0]} useEngine: 'SPEC'\` in the Playground), ` +
            `or remove ${personas.length === 1 ? "it" : "them"}.`);
    }
}
