import type {Patch} from "./immerSetup.js";
import type {WorldState} from "./WorldState.js";

export type ImageStoreOptions = {
    /** Open without the lock; update() and save() then throw ReadOnlyImageError. */
    readOnly?: boolean,
    /** When the file does not exist: start from this state (journaled, not written until save). */
    create?: () => WorldState,
    /**
     * "backup": when the image is corrupt or gone, load `<path>.bak` instead (`recovery.fromBackup`
     * says so; the journal, which belongs to the lost image, is set aside). "journal": when a line
     * of the journal is damaged or does not fit, replay the good lines before it and set the whole
     * journal aside in a named file (`recovery.journalSetAside`).
     */
    recover?: "backup" | "journal",
    /** Another live process holds the lock: "fail" (default) throws ImageLockedError, "readOnly" opens read-only. */
    ifLocked?: "fail" | "readOnly",
    /** fsync the journal after every update (survives power loss, costs a disk flush each). Default false. */
    fsyncEachUpdate?: boolean
};

/** What opening the image had to do to get back the state of before a crash or corruption. */
export type ImageRecovery = {
    /** Journal entries applied on top of the saved image. */
    replayedEntries: number,
    /** The image was corrupt and `.bak` was loaded instead. */
    fromBackup: boolean,
    /** The journal's last line was cut short by a crash (its update never returned) and was dropped. */
    droppedTornTail: boolean,
    /** The size of that torn line, 0 when none. */
    droppedBytes: number,
    /** With recover: "journal", the first line that was not replayed (damaged or not fitting), or null. */
    skippedFromLine: number | null,
    /** Where a journal that was not (wholly) replayed was kept, or null. */
    journalSetAside: string | null,
    /** What opening had to do, one sentence each, for the user to read (the CLI prints them). Empty when nothing. */
    notices: string[]
};

export type SaveResult = {
    path: string, bytes: number, ms: number,
    /** save-as with force over an image with unsaved changes: where its old journal was kept. */
    journalSetAside?: string
};

export type ImageListener = (state: WorldState, patches: readonly Patch[], label: string | undefined) => void;
