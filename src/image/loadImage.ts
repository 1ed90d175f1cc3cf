import {readdir, rename, rm, stat} from "node:fs/promises";
import path from "node:path";
import {CorruptImageError} from "./CorruptImageError.js";
import {CorruptJournalError} from "./CorruptJournalError.js";
import {deepFreeze} from "./deepFreeze.js";
import {readImageBytes, type ImageDocument} from "./imageFormat.js";
import {readImageFile} from "./readImageFile.js";
import type {ImageRecovery, ImageStoreOptions} from "./imageStoreTypes.js";
import type {ImageLock} from "./ImageLock.js";
import {ImageNotFoundError} from "./ImageNotFoundError.js";
import {applyCopy} from "./applyCopy.js";
import {applyPatches, type Patch} from "./immerSetup.js";
import {Journal, scanJournal, type JournalEntry} from "./Journal.js";
import {backupPathFor, journalPathFor} from "./siblingPaths.js";
import {fileIdentity, type FileIdentity} from "./writeImageFile.js";
import {emptyWorld, type WorldState} from "./WorldState.js";

/** Everything `open` found, for the constructor. */
export type LoadedImage = {
    path: string, readOnly: boolean, lock: ImageLock | null, journal: Journal | null, state: WorldState,
    recovery: ImageRecovery, diskGeneration: number, stamp: number, seq: number, pending: number,
    diskIdentity: FileIdentity | null,
    /** A state made by `create`, still to be journaled. */
    created: WorldState | null
};

export async function loadImage(imagePath: string, readOnly: boolean, lock: ImageLock | null, options: ImageStoreOptions): Promise<LoadedImage> {
    const journalPath = journalPathFor(imagePath);
    const backupPath = backupPathFor(imagePath);
    let document: ImageDocument | null = null;
    let fromBackup = false;
    let diskIdentity: FileIdentity | null = null;
    const file = await readImageFile(imagePath);
    if (file !== null) {
        try {
            document = readImageBytes(file.bytes, imagePath, file.digest);
            diskIdentity = await fileIdentity(imagePath);
        } catch (error) {
            if (!(error instanceof CorruptImageError)) throw error;
            if (options.recover !== "backup") {
                throw error.withAlternatives(await goodBackup(backupPath), await nonEmpty(journalPath));
            }
            const backup = await readImageFile(backupPath);
            if (backup === null) throw error.withAlternatives(null, await nonEmpty(journalPath));
            document = readImageBytes(backup.bytes, backupPath, backup.digest);
            fromBackup = true;
        }
    }
    if (!readOnly) await removeTemporaries(imagePath);

    const scan = scanJournal(journalPath, imagePath);
    const journalMax = scan.entries.reduce((max, e) => Math.max(max, e.gen), 0);
    const seq = scan.entries.reduce((max, e) => Math.max(max, e.seq), 0);
    let state: WorldState;
    let diskGeneration: number;
    let replay: JournalEntry[];
    let setAside = false;
    let created: WorldState | null = null;
    if (document !== null) {
        state = document.state;
        diskGeneration = document.header.generation;
        // The journal belongs to the damaged image, not to the backup: keep it, do not apply it.
        replay = fromBackup ? [] : scan.entries.filter((e) => e.gen >= diskGeneration);
        setAside = fromBackup && scan.entries.length > 0;
    } else {
        diskGeneration = 0;
        if (startsFromScratch(scan.entries)) {
            // A never-saved image whose creation is the journal's first line.
            state = deepFreeze(options.create?.() ?? emptyWorld());
            replay = scan.entries;
        } else {
            if (options.create === undefined) throw new ImageNotFoundError({path: imagePath});
            created = deepFreeze(options.create());
            state = created;
            replay = [];
            setAside = scan.entries.length > 0;
        }
    }
    if (replay.length > 0) state = applyJournal(state, replay, journalPath, imagePath);

    let journal: Journal | null = null;
    let journalSetAside: string | null = null;
    if (!readOnly) {
        if (setAside) {
            journalSetAside = `${journalPath}.set-aside-${new Date().toISOString().replace(/[:.]/g, "-")}`;
            await rename(journalPath, journalSetAside);
            journal = new Journal(journalPath, {bytes: 0, fsyncEachUpdate: options.fsyncEachUpdate === true});
        } else {
            journal = new Journal(journalPath, {bytes: scan.totalBytes, fsyncEachUpdate: options.fsyncEachUpdate === true});
            // Appending after a torn line would glue the next entry onto it; stale lines are just noise.
            journal.truncate(replay.length === 0 ? 0 : scan.goodBytes);
        }
    }
    return {
        path: imagePath, readOnly, lock, journal, state,
        recovery: {replayedEntries: replay.length, fromBackup, droppedTornTail: scan.tornTail, journalSetAside},
        diskGeneration, stamp: Math.max(diskGeneration, journalMax), seq, pending: replay.length, diskIdentity, created
    };
}

function startsFromScratch(entries: readonly JournalEntry[]): boolean {
    const first = entries[0]?.patches[0];
    return first !== undefined && first.op === "replace" && first.path.length === 0;
}

function applyJournal(state: WorldState, entries: readonly JournalEntry[], journalPath: string, imagePath: string): WorldState {
    try {
        // One applyPatches per run of patch lines: one draft, not one per line. A copy line sits between runs.
        let run: Patch[] = [];
        for (const entry of entries) {
            if (entry.copy === undefined) {
                run.push(...entry.patches);
                continue;
            }
            state = applyPatches(state, run);
            run = [];
            state = applyCopy(state, entry.copy);
        }
        return applyPatches(state, run);
    } catch (error) {
        throw new CorruptJournalError({
            path: journalPath, imagePath, line: null, detail: `its patches do not fit the image (${(error as Error).message})`, cause: error
        });
    }
}

/** The backup path if a backup exists and verifies, else null. */
async function goodBackup(backupPath: string): Promise<string | null> {
    const backup = await readImageFile(backupPath);
    if (backup === null) return null;
    try {
        readImageBytes(backup.bytes, backupPath, backup.digest);
        return backupPath;
    } catch (error) {
        if (error instanceof CorruptImageError) return null;
        throw error;
    }
}

async function nonEmpty(filePath: string): Promise<string | null> {
    try {
        return (await stat(filePath)).size > 0 ? filePath : null;
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
    }
}

/** Temporary files of saves that a crash interrupted. Only the lock holder saves, so all are dead. */
async function removeTemporaries(imagePath: string): Promise<void> {
    const directory = path.dirname(imagePath);
    const prefixes = [`${path.basename(imagePath)}.tmp-`, `${path.basename(backupPathFor(imagePath))}.tmp-`, `${path.basename(journalPathFor(imagePath))}.tmp-`];
    for (const name of await readdir(directory)) {
        if (prefixes.some((prefix) => name.startsWith(prefix))) await rm(path.join(directory, name), {force: true});
    }
}

