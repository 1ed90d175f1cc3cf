import path from "node:path";

/**
 * I am raised when the journal of unsaved changes cannot be replayed: a line in its middle is
 * damaged (a torn last line is expected after a crash and is dropped, not reported), or its
 * patches do not fit the image. Nothing is deleted: the fix is to move the journal aside, which
 * opens the image as last saved.
 */
export class CorruptJournalError extends Error {
    public readonly userError = true;
    override name = "CorruptJournalError";
    readonly path: string;
    readonly imagePath: string;
    /** 1-based line number, or null when the problem is the whole journal. */
    readonly line: number | null;

    constructor(init: {path: string, imagePath: string, line: number | null, detail: string, cause?: unknown}) {
        super(`${path.basename(init.path)} cannot be replayed onto ${path.basename(init.imagePath)}` +
            `${init.line != null ? ` (line ${init.line})` : ""}: ${init.detail}. ` +
            `Move ${init.path} aside to open the image as last saved; the unsaved changes stay in the moved file.`,
        init.cause === undefined ? undefined : {cause: init.cause});
        this.path = init.path;
        this.imagePath = init.imagePath;
        this.line = init.line;
    }
}
