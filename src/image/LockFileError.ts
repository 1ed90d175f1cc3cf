import path from "node:path";
import {describeFileError, isDiskFull} from "./describeFileError.js";

/**
 * I am raised when an image's lock file cannot be used at all: its path is a folder or something
 * else that is not a file, or the file system will not let it be created (read-only, no
 * permission). I say how to look at the image anyway (--read-only) or what to remove.
 */
export class LockFileError extends Error {
    public readonly userError = true;
    override name = "LockFileError";
    readonly path: string;
    readonly lockPath: string;
    readonly code: string | null;

    constructor(init: {path: string, lockPath: string, error?: unknown, notAFile?: boolean}) {
        const name = path.basename(init.path);
        const why = init.notAFile === true
            ? `${init.lockPath} is not a lock file (it is a folder or another kind of file). Nothing of Living Image's is in it: move it away or remove it, then open the image again`
            : `the lock ${init.lockPath} cannot be created: ${describeFileError(init.error) ?? String(init.error)}. ` +
                (isDiskFull(init.error) ? "Free some space and try again, or open" : "Open") +
                " the image with --read-only (readOnly: true) to look without writing, or copy it to a writable place with living-image save-as FILE";
        super(`${name} cannot be opened for writing: ${why}.`, init.error === undefined ? undefined : {cause: init.error});
        this.path = init.path;
        this.lockPath = init.lockPath;
        this.code = (init.error as NodeJS.ErrnoException | undefined)?.code ?? null;
    }
}
