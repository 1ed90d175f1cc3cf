import path from "node:path";
import {describeFileError} from "./describeFileError.js";

/**
 * I am raised when a change could not be written to the journal (a full or read-only disk, a
 * journal that vanished). The change was not made: the state in memory is as before it, and so,
 * when `undone`, is the journal, which then holds exactly the changes that were acknowledged.
 * When the journal could not be put back (`stuck`), every later change is refused until the image
 * is saved, here or elsewhere.
 */
export class JournalWriteError extends Error {
    public readonly userError = true;
    override name = "JournalWriteError";
    readonly path: string;
    /** The system error code (ENOSPC, EROFS…), or null. */
    readonly code: string | null;
    /** The journal is exactly as it was before the failed change. */
    readonly undone: boolean;
    /** The journal holds a fragment of a change and accepts no more until a save. */
    readonly stuck: boolean;

    constructor(init: {path: string, error: unknown, undone: boolean, stuck: boolean}) {
        const why = describeFileError(init.error) ?? (init.error as Error | null)?.message ?? String(init.error);
        const name = path.basename(init.path);
        const state = init.undone
            ? `The journal is as it was before it: every change made before this one is kept. `
            : `The journal could not be put back as it was, so no change is accepted until the image is saved: `
                + `save it (Image save), or save a copy elsewhere (Image saveAs: 'FILE', living-image save-as FILE). `;
        const fix = init.undone
            ? "Free some space (or make the disk writable) and make the change again, or save the image elsewhere (Image saveAs: 'FILE', living-image save-as FILE)."
            : "";
        super(`${init.stuck ? "Changes are refused" : "The change was not made"}: writing it to the journal ${name} failed: ${why}. ${state}${fix}`.trim(),
            {cause: init.error});
        this.path = init.path;
        this.code = (init.error as NodeJS.ErrnoException | null)?.code ?? null;
        this.undone = init.undone;
        this.stuck = init.stuck;
    }
}
