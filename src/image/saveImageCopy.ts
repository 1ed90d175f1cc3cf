import {rm} from "node:fs/promises";
import {encodeImageBuffers} from "./imageFormat.js";
import type {SaveResult} from "./imageStoreTypes.js";
import {ImageLock} from "./ImageLock.js";
import {scanJournal} from "./Journal.js";
import {journalPathFor} from "./siblingPaths.js";
import {writeImageFile} from "./writeImageFile.js";
import type {WorldState} from "./WorldState.js";

/** Writes a copy under another image's lock; its journal is emptied so no old line replays onto the copy. */
export async function saveImageCopy(target: string, state: WorldState, generation: number): Promise<SaveResult> {
    const started = performance.now();
    const lock = ImageLock.acquire(target);
    try {
        const targetJournal = journalPathFor(target);
        // Above every line of the target's old journal, so none of them could replay even after a crash here.
        const oldLines = scanJournalQuietly(targetJournal, target);
        const encoded = encodeImageBuffers(state, Math.max(generation, oldLines + 1));
        await writeImageFile(target, encoded, null);
        await rm(targetJournal, {force: true});
        return {path: target, bytes: encoded.bytes, ms: performance.now() - started};
    } finally {
        lock.release();
    }
}

function scanJournalQuietly(journalPath: string, imagePath: string): number {
    try {
        return scanJournal(journalPath, imagePath).entries.reduce((max, e) => Math.max(max, e.gen), 0);
    } catch {
        // A damaged journal is about to be deleted anyway; a generation far above any real one is safe.
        return Number.MAX_SAFE_INTEGER - 1;
    }
}

