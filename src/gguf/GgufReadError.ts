/** I mean a file is not a GGUF this reader can read; `reason` says what was found. */
export class GgufReadError extends Error {
    public readonly userError = true;
    override readonly name = "GgufReadError";

    constructor(readonly path: string, readonly reason: string) {
        super(`${path} is not a readable GGUF file: ${reason}.`);
    }
}
