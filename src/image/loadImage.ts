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
import {Journal, type JournalEntry} from "./Journal.js";
import {replayJournal} from "./replayJournal.js";
import {scanJournal, type JournalScan} from "./scanJournal.js";
import {setAsideJournal, setAsideName} from "./setAsideJournal.js";
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

/** Where the state to replay the journal onto came from. */
type Base = {state: WorldState, diskGeneration: number, fromBackup: boolean, created: WorldState | null, scratch: boolean, diskIdentity: FileIdentity | null};

export async function loadImage(imagePath: string, readOnly: boolean, lock: ImageLock | null, options: ImageStoreOptions): Promise<LoadedImage> {
    const journalPath = journalPathFor(imagePath);
    const notices: string[] = [];
    const scan = scanJournal(journalPath);
    const base = await loadBase(imagePath, scan, options, notices);
    if (!readOnly) await removeTemporaries(imagePath);

    // The journal belongs to the image that is damaged or gone, not to a backup or a new image: keep it, do not apply it.
    const setAsideWhole = (base.fromBackup || base.created !== null) && (scan.entries.length > 0 || scan.damaged !== null || scan.tornTail !== null);
    // Lines older than the image are already in it (a crash between a save's rename and the journal's truncation).
    const first = base.scratch || setAsideWhole ? 0 : firstNewer(scan.entries, base.diskGeneration);
    const candidates = setAsideWhole ? [] : scan.entries.slice(first);
    const replay = replayJournal(base.state, candidates);

    let damage: {line: number, detail: string, keepBytes: number, linesAfter: number} | null = null;
    if (replay.failure !== null) {
        const index = first + replay.failure.index;
        damage = {
            line: scan.lineNumbers[index]!, detail: replay.failure.detail, keepBytes: index > 0 ? scan.ends[index - 1]! : 0,
            linesAfter: scan.entries.length - index - 1 + (scan.damaged !== null ? 1 + scan.damaged.linesAfter : 0)
        };
    } else if (scan.damaged !== null && !setAsideWhole) {
        damage = {line: scan.damaged.line, detail: scan.damaged.detail, keepBytes: scan.goodBytes, linesAfter: scan.damaged.linesAfter};
    }
    if (damage !== null && options.recover !== "journal") {
        throw new CorruptJournalError({
            path: journalPath, imagePath, line: damage.line, detail: damage.detail, linesBefore: replay.applied, linesAfter: damage.linesAfter
        });
    }

    const kept = candidates.slice(0, replay.applied);
    let journal: Journal | null = null;
    let journalSetAside: string | null = null;
    const fsyncEachUpdate = options.fsyncEachUpdate === true;
    if (setAsideWhole) {
        if (!readOnly) {
            journalSetAside = setAsideName(journalPath);
            await rename(journalPath, journalSetAside);
        }
        notices.push(`The unsaved changes in ${path.basename(journalPath)} belong to the image that is ${base.fromBackup ? "damaged or gone" : "gone"}, ` +
            `so they were not replayed; ${journalSetAside !== null ? `they are kept in ${journalSetAside}` : "the journal is left as it is (read-only)"}.`);
        if (!readOnly) journal = new Journal(journalPath, {bytes: 0, fsyncEachUpdate});
    } else if (damage !== null) {
        if (!readOnly) journalSetAside = setAsideJournal(journalPath, damage.keepBytes);
        notices.push(`Replayed the ${replay.applied} good changes of ${path.basename(journalPath)} before line ${damage.line} (${damage.detail}); ` +
            (journalSetAside !== null
                ? `the whole journal as it was is kept in ${journalSetAside}, line ${damage.line} and the ${damage.linesAfter} after it included.`
                : "the journal is left as it is (read-only)."));
        if (!readOnly) journal = new Journal(journalPath, {bytes: damage.keepBytes, fsyncEachUpdate});
    } else {
        if (scan.tornTail !== null) {
            notices.push(`The last line of ${path.basename(journalPath)} (line ${scan.tornTail.line}, ${scan.tornTail.bytes} bytes) was cut short ` +
                "by a crash before its change had returned, so that change never happened; " +
                (readOnly ? "it is ignored (read-only)." : "it was dropped."));
        }
        if (!readOnly) {
            journal = new Journal(journalPath, {bytes: scan.totalBytes, fsyncEachUpdate});
            // Appending after a torn line would glue the next entry onto it; stale lines are already in the image.
            journal.truncate(kept.length === 0 ? 0 : scan.goodBytes);
        }
    }
    return {
        path: imagePath, readOnly, lock, journal, state: base.created ?? replay.state,
        recovery: {
            replayedEntries: kept.length, fromBackup: base.fromBackup, droppedTornTail: damage === null && !setAsideWhole && scan.tornTail !== null,
            droppedBytes: damage === null && !setAsideWhole ? scan.tornTail?.bytes ?? 0 : 0,
            skippedFromLine: damage?.line ?? null, journalSetAside, notices
        },
        diskGeneration: base.diskGeneration,
        stamp: kept.reduce((max, e) => Math.max(max, e.gen), base.diskGeneration),
        seq: kept.reduce((max, e) => Math.max(max, e.seq), 0),
        pending: kept.length, diskIdentity: base.diskIdentity, created: base.created
    };
}

/** The saved image, its backup, a never-saved image's start, or a new one; or the error that says which is missing. */
async function loadBase(imagePath: string, scan: JournalScan, options: ImageStoreOptions, notices: string[]): Promise<Base> {
    const backupPath = backupPathFor(imagePath);
    const journalPath = journalPathFor(imagePath);
    const file = await readImageFile(imagePath);
    if (file !== null) {
        let document: ImageDocument;
        try {
            document = readImageBytes(file.bytes, imagePath, file.digest);
        } catch (error) {
            if (!(error instanceof CorruptImageError)) throw error;
            if (options.recover !== "backup") throw error.withAlternatives(await goodBackup(backupPath), await nonEmpty(journalPath));
            const backup = await readImageFile(backupPath);
            if (backup === null) throw error.withAlternatives(null, await nonEmpty(journalPath));
            const fromBackup = readImageBytes(backup.bytes, backupPath, backup.digest);
            notices.push(`${path.basename(imagePath)} is corrupt (${error.reason}); opened its backup ${backupPath} instead. Save to make it the image again.`);
            return {state: fromBackup.state, diskGeneration: fromBackup.header.generation, fromBackup: true, created: null, scratch: false, diskIdentity: null};
        }
        return {
            state: document.state, diskGeneration: document.header.generation, fromBackup: false, created: null, scratch: false,
            diskIdentity: await fileIdentity(imagePath)
        };
    }
    if (startsFromScratch(scan.entries)) {
        // A never-saved image whose creation is the journal's first line.
        return {state: deepFreeze(options.create?.() ?? emptyWorld()), diskGeneration: 0, fromBackup: false, created: null, scratch: true, diskIdentity: null};
    }
    const backup = await readImageFile(backupPath);
    if (backup !== null) {
        const journal = scan.totalBytes > 0 ? journalPath : null;
        if (options.recover !== "backup") throw new ImageNotFoundError({path: imagePath, backupPath, journalPath: journal});
        const document = readImageBytes(backup.bytes, backupPath, backup.digest);
        notices.push(`${path.basename(imagePath)} was gone; opened its backup ${backupPath} instead. Save to make it the image again.`);
        return {state: document.state, diskGeneration: document.header.generation, fromBackup: true, created: null, scratch: false, diskIdentity: null};
    }
    if (options.create === undefined) throw new ImageNotFoundError({path: imagePath, journalPath: scan.totalBytes > 0 ? journalPath : null});
    const created = deepFreeze(options.create());
    return {state: created, diskGeneration: 0, fromBackup: false, created, scratch: false, diskIdentity: null};
}

function firstNewer(entries: readonly JournalEntry[], generation: number): number {
    const index = entries.findIndex((e) => e.gen >= generation);
    return index < 0 ? entries.length : index;
}

function startsFromScratch(entries: readonly JournalEntry[]): boolean {
    const first = entries[0]?.patches[0];
    return first !== undefined && first.op === "replace" && first.path.length === 0;
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
