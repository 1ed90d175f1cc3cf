/**
 * I say why a file cannot be used as a persona's LoRA adapter: it is missing, not a GGUF, not a LoRA
 * adapter, truncated, trained for another base, or not the bytes the forge announced. Nothing was changed.
 */
export class InvalidAdapterError extends Error {
    public readonly userError = true;
    public override readonly name = "InvalidAdapterError";

    public constructor(public readonly path: string, public readonly reason: string, options?: {cause?: unknown}) {
        super(`The adapter ${path} cannot be used: ${reason}. Nothing was changed; use a LoRA adapter the forge trained ` +
            "for this persona's base model (living-image forge PERSONA), under its own file name.", options);
    }
}
