/** I mean a file is not a GGUF this reader can read; `reason` says what was found, never quoting its bytes. */
export class GgufReadError extends Error {
    public readonly userError = true;
    public override readonly name = "GgufReadError";

    public constructor(public readonly path: string, public readonly reason: string) {
        super(`${path} is not a readable GGUF file: ${reason}. Pass a GGUF file (a model or a LoRA adapter), whole and unchanged.`);
    }
}
