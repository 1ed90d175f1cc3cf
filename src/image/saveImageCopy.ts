import {readFile, rename, rm, stat} from "node:fs/promises";
import path from "node:path";
import {CorruptImageError} from "./CorruptImageError.js";
import {encodeImageParts, verifyImageBytes} from "./imageFormat.js";
import {ImageSaveError} from "./ImageSaveError.js";
import type {SaveResult} from "./imageStoreTypes.js";
import {ImageLock} from "./ImageLock.js";
import {LockFileError} from "./LockFileError.js";
import {scanJournal} from "./scanJournal.js";
import {SaveAsRefusedError} from "./SaveAsRefusedError.js";
import {setAsideName} from "./setAsideJournal.js";
import {journalPathFor} from "./siblingPaths.js";
import {writeImageFile} from "./writeImageFile.js";
import type {WorldState} from "./WorldState.js";

/**
 * Writes a copy of `state` to `target` (a real path, not this image's), under the target's lock.
 * Only an image is ever replaced, and it is kept as the target's `.bak`; a file that belongs to an
 * image, a folder, a file that is not an image, an image that does not verify, or one with unsaved
 * changes are refused with SaveAsRefusedError unless `force` (and even then the old file becomes
 * the `.bak` and the old journal is set aside, never deleted).
 */
export async function saveImageCopy(target: string, state: WorldState, generation: number, options: {force?: boolean} = {}): Promise<SaveResult> {
    const started = performance.now();
    const force = options.force === true;
    const companion = companionKind(target);
    if (companion !== null) throw new SaveAsRefusedError({path: target, reason: "companion", detail: companion});
    let lock: ImageLock;
    try {
        lock = ImageLock.acquire(target);
    } catch (error) {
        // A lock that cannot be created (a read-only or full disk) is the copy that cannot be written: say it that way.
        if (error instanceof LockFileError && error.code !== null) throw new ImageSaveError({path: target, error: error.cause, copy: true, journalPath: null});
        throw ImageSaveError.wrap(error, {path: target, copy: true, journalPath: null});
    }
    try {
        const replacing = await checkTarget(target, force);
        const targetJournal = journalPathFor(target);
        const scan = scanJournal(targetJournal);
        let journalSetAside: string | null = null;
        if (scan.totalBytes > 0) {
            if (!force && scan.entries.length + (scan.damaged !== null ? 1 : 0) > 0)
                throw new SaveAsRefusedError({path: target, reason: "unsaved-changes", detail: targetJournal});
            journalSetAside = setAsideName(targetJournal);
            await rename(targetJournal, journalSetAside);
        } else {
            await rm(targetJournal, {force: true});
        }
        // Above every line the target's old journal had, so none could replay onto the copy.
        const oldGeneration = scan.damaged !== null ? Number.MAX_SAFE_INTEGER - 1 : scan.entries.reduce((max, e) => Math.max(max, e.gen), 0);
        const encoded = encodeImageParts(state, Math.max(generation, oldGeneration + 1));
        const written = await writeImageFile(target, encoded, null, {backupAnyFile: replacing === "other"});
        return {path: target, bytes: written.size, ms: performance.now() - started, ...(journalSetAside !== null ? {journalSetAside} : {})};
    } catch (error) {
        throw ImageSaveError.wrap(error, {path: target, copy: true, journalPath: null});
    } finally {
        lock.release();
    }
}

/** What a path that belongs to an image is, judged by its name, or null. */
function companionKind(target: string): string | null {
    const name = path.basename(target);
    if (name.endsWith(".changes.jsonl")) return "the journal of an image's unsaved changes";
    if (name.endsWith(".bak")) return "the backup an image's save keeps";
    if (name.endsWith(".lock")) return "the lock file of an open image";
    if (/\.(tmp|set-aside|stale)-/.test(name)) return "a temporary or set-aside file of an image";
    return null;
}

/** Whether the target is free ("none"), a good image, or something only `force` may replace ("other"). */
async function checkTarget(target: string, force: boolean): Promise<"none" | "image" | "other"> {
    let isFile: boolean;
    try {
        const info = await stat(target);
        if (info.isDirectory()) throw new SaveAsRefusedError({path: target, reason: "folder"});
        isFile = info.isFile();
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return "none";
        throw error;
    }
    if (!isFile) {
        if (force) return "other";
        throw new SaveAsRefusedError({path: target, reason: "not-an-image"});
    }
    try {
        verifyImageBytes(await readFile(target), target);
        return "image";
    } catch (error) {
        if (!(error instanceof CorruptImageError)) throw error;
        if (force) return "other";
        if (error.reason === "unreadable" || error.reason === "empty") throw new SaveAsRefusedError({path: target, reason: "not-an-image"});
        throw new SaveAsRefusedError({path: target, reason: "corrupt-image", detail: error.reason});
    }
}
