/** A base model given for a new persona that is not a GGUF model this project can load. */
export class UnusableModelError extends Error {
    public readonly userError = true;
    public override readonly name = "UnusableModelError";

    public constructor(public readonly file: string, public readonly problem: string, options?: {cause?: unknown}) {
        super(`Cannot use ${file} as a base model: ${problem}. Pass the path of a GGUF model (\`living-image model list\` shows the local ones), ` +
            "or leave --model out for the embedded model.", options);
    }
}
