import path from "node:path";

/**
 * I am raised when an image file does not exist and it cannot simply be started afresh: the caller
 * gave no `create`, or the image is gone but its backup (`.bak`) is still there. Then I offer the
 * backup and say where the unsaved changes are, and a new image is refused, because its second
 * save would replace that backup, the only copy left.
 */
export class ImageNotFoundError extends Error {
    public readonly userError = true;
    override name = "ImageNotFoundError";
    readonly path: string;
    /** The `.bak` left by the image's last save, when the image itself is gone. */
    readonly backupPath: string | null;
    /** The journal of changes made after the image's last save, when it is not empty. */
    readonly journalPath: string | null;

    constructor(init: {path: string, backupPath?: string | null, journalPath?: string | null}) {
        super(message(init));
        this.path = init.path;
        this.backupPath = init.backupPath ?? null;
        this.journalPath = init.journalPath ?? null;
    }
}

function message(init: {path: string, backupPath?: string | null, journalPath?: string | null}): string {
    const name = path.basename(init.path);
    if (init.backupPath != null) {
        const journal = init.journalPath != null
            ? ` The changes in ${init.journalPath} were made after the backup's save and cannot be replayed onto it: they are kept aside, untouched, when it is opened.`
            : "";
        return `${name} does not exist (looked at ${init.path}), but its backup ${init.backupPath} does. ` +
            `Open the backup with --recover backup (recover: "backup"), which makes it the image again.${journal} ` +
            "A new image is not started there while the backup is the only copy.";
    }
    if (init.journalPath != null) {
        return `${name} does not exist (looked at ${init.path}), but ${init.journalPath} holds changes made to it since its last save; ` +
            "without the image they cannot be replayed. Put the image file back to get them, or move the journal aside to start a new image there.";
    }
    return `${name} does not exist (looked at ${init.path}). ` +
        "Check the path, or create an image there (living-image new FILE; create: () => emptyWorld() from code).";
}
