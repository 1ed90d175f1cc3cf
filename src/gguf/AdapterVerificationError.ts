/**
 * I say why a forged artifact may not be swapped in: it is missing, not a GGUF, not a LoRA adapter,
 * truncated, or its bytes are not the ones the forge announced (sha256).
 */
export class AdapterVerificationError extends Error {
    public readonly userError = true;
    override readonly name = "AdapterVerificationError";
    readonly path: string;
    readonly reason: string;

    constructor(path: string, reason: string, options?: {cause?: unknown}) {
        super(`The adapter ${path} failed verification: ${reason}. Nothing may swap to it; ` +
            "train it again (the forge writes a fresh file) rather than editing it by hand.", options);
        this.path = path;
        this.reason = reason;
    }
}
