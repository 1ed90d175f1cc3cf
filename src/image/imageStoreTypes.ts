import type {Patch} from "./immerSetup.js";
import type {WorldState} from "./WorldState.js";

export type ImageStoreOptions = {
    /** Open without the lock; update() and save() then throw ReadOnlyImageError. */
    readOnly?: boolean,
    /** When the file does not exist: start from this state (journaled, not written until save). */
    create?: () => WorldState,
    /** When the image is corrupt: load `<path>.bak` instead; `recovery.fromBackup` says so. */
    recover?: "backup",
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
    /** The journal's last line was cut short by a crash and was dropped. */
    droppedTornTail: boolean,
    /** Where a journal that could not be replayed was moved, or null. */
    journalSetAside: string | null
};

export type SaveResult = {path: string, bytes: number, ms: number};

export type ImageListener = (state: WorldState, patches: readonly Patch[], label: string | undefined) => void;
