/** I say why a file cannot serve as a base model; nothing was loaded or changed. */
export class InvalidModelFileError extends Error {
    public readonly userError = true;
    public override readonly name = "InvalidModelFileError";

    public constructor(public readonly path: string, public readonly reason: string, options?: {cause?: unknown}) {
        super(`${path} cannot be used as a model: ${reason}. Pass a GGUF base model (a .gguf file as llama.cpp, Ollama or ` +
            "Hugging Face ship them), whole and unchanged.", options);
    }
}
