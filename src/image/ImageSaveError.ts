import path from "node:path";
import {describeFileError, isDiskFull} from "./describeFileError.js";

/**
 * I am raised when the file system refused to write an image (a full or read-only disk, no
 * permission, a missing folder). The write is atomic, so nothing was half-written: the file at
 * `path` is as it was, and so is the open image and its journal of unsaved changes.
 */
export class ImageSaveError extends Error {
    public readonly userError = true;
    override name = "ImageSaveError";
    readonly path: string;
    readonly code: string | null;

    constructor(init: {path: string, error: unknown, copy: boolean, journalPath: string | null}) {
        const why = describeFileError(init.error) ?? String(init.error);
        const name = path.basename(init.path);
        const kept = init.copy
            ? `Nothing else changed: the open image and its unsaved changes are as they were.`
            : `${name} on disk is as it was${init.journalPath != null ? `, and the unsaved changes are still in ${init.journalPath}` : ""}.`;
        const fix = isDiskFull(init.error)
            ? "Free some space and save again, or save a copy on another disk (living-image save-as FILE, Image saveAs: 'FILE')."
            : init.copy ? "Choose a place you can write to." : "Make the folder writable and save again, or save a copy elsewhere (living-image save-as FILE, Image saveAs: 'FILE').";
        super(`${init.copy ? "The copy" : "The image"} was not written to ${init.path}: ${why}. ${kept} ${fix}`, {cause: init.error});
        this.path = init.path;
        this.code = (init.error as NodeJS.ErrnoException | null)?.code ?? null;
    }

    /** The error to throw for a failed write: mine when the file system refused it, the original (a bug) otherwise. */
    static wrap(error: unknown, init: {path: string, copy: boolean, journalPath: string | null}): unknown {
        if (error instanceof Error && (error as {userError?: unknown}).userError === true) return error;
        return describeFileError(error) === null ? error : new ImageSaveError({...init, error});
    }
}
