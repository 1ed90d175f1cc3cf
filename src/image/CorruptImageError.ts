import path from "node:path";

/** What is wrong with an image file. */
export type CorruptionReason =
    | "empty"               // zero bytes: a save was interrupted before anything was written
    | "truncated"           // the file ends before its body does
    | "checksum"            // the bytes changed after they were written
    | "unreadable"          // not a Living Image document (no or damaged header)
    | "unsupported-version" // written by a newer Living Image
    | "malformed";          // the checksum holds but the content does not decode or migrate

const describe = {
    "empty": "the file is empty",
    "truncated": "the file is truncated",
    "checksum": "checksum mismatch",
    "unreadable": "no readable Living Image header",
    "unsupported-version": "written by a newer version of Living Image",
    "malformed": "the content does not decode"
} as const satisfies Record<CorruptionReason, string>;

export type CorruptImageInit = {
    path: string,
    reason: CorruptionReason,
    /** More about what was found, for the message. */
    detail?: string,
    /** A `.bak` that verified good, or null. */
    backupPath?: string | null,
    /** The journal of unsaved changes, when one exists and is not empty. */
    journalPath?: string | null,
    cause?: unknown
};

/**
 * I am raised when an image file cannot be trusted. I name what was found and what the user can
 * open instead: the `.bak` kept by the previous save (`recover: "backup"`, `--recover backup`), and
 * the journal of unsaved changes, which is left untouched.
 */
export class CorruptImageError extends Error {
    public readonly userError = true;
    override name = "CorruptImageError";
    readonly path: string;
    readonly reason: CorruptionReason;
    readonly backupPath: string | null;
    readonly journalPath: string | null;
    readonly detail: string | null;

    constructor(init: CorruptImageInit) {
        super(message(init), init.cause === undefined ? undefined : {cause: init.cause});
        this.path = init.path;
        this.reason = init.reason;
        this.backupPath = init.backupPath ?? null;
        this.journalPath = init.journalPath ?? null;
        this.detail = init.detail ?? null;
    }

    /** The same problem, with what the store found beside the file. */
    withAlternatives(backupPath: string | null, journalPath: string | null): CorruptImageError {
        return new CorruptImageError({
            path: this.path, reason: this.reason, detail: this.detail ?? undefined, backupPath, journalPath, cause: this.cause
        });
    }
}

function message(init: CorruptImageInit): string {
    const name = path.basename(init.path);
    const what = init.reason === "unsupported-version"
        ? `${name} was ${describe[init.reason]}${init.detail != null ? ` (${init.detail})` : ""}. Upgrade Living Image to open it.`
        : `${name} is corrupt (${describe[init.reason]}${init.detail != null ? `: ${init.detail}` : ""}).`;
    const backup = init.backupPath != null
        ? ` A backup from the previous save exists at ${init.backupPath}: open it with --recover backup (recover: "backup"); the backup is never overwritten by a bad image.`
        : " No good backup (.bak) exists.";
    const journal = init.journalPath != null
        ? ` Unsaved changes are in ${init.journalPath}; they apply to the damaged image, so they are kept aside, not replayed, when the backup is opened.`
        : "";
    return what + (init.reason === "unsupported-version" ? "" : backup + journal);
}
