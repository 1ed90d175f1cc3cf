/** A file that changed while it was being exported (hashed, then copied with other bytes). */
export class FileChangedError extends Error {
    public override readonly name = "FileChangedError";

    public constructor(public readonly path: string) {
        super(`${path} changed while it was being exported`);
    }
}
