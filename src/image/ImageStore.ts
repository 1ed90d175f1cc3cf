import {readdir, readFile, rename, rm} from "node:fs/promises";
import path from "node:path";
import {CorruptImageError} from "./CorruptImageError.js";
import {CorruptJournalError} from "./CorruptJournalError.js";
import {deepFreeze} from "./deepFreeze.js";
import {ImageClosedError} from "./ImageClosedError.js";
import {encodeImageBuffers, readImageBytes, verifyImageBytes, type ImageDocument} from "./imageFormat.js";
import {ImageLock} from "./ImageLock.js";
import {ImageLockedError} from "./ImageLockedError.js";
import {ImageNotFoundError} from "./ImageNotFoundError.js";
import {applyPatches, produceWithPatches, type Draft, type Patch} from "./immerSetup.js";
import {Journal, scanJournal, type JournalEntry} from "./Journal.js";
import {ReadOnlyImageError} from "./ReadOnlyImageError.js";
import {backupPathFor, journalPathFor} from "./siblingPaths.js";
import {fileIdentity, writeImageFile, type FileIdentity} from "./writeImageFile.js";
import {emptyWorld, type WorldState} from "./WorldState.js";

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

/**
 * I hold the live image: its frozen immer state, the journal of every change since the last save
 * (Smalltalk's .changes file), and the write lock.
 *
 * Every change goes through `update`, which produces patches and appends them to the journal
 * before returning, so a crash loses nothing that `update` returned. `save` writes the whole image
 * atomically (writeImageFile) and then drops the journal lines it contains.
 *
 * Generations tie the two files together. Each save writes a higher `generation` in the image
 * header, and every journal line carries the generation that was current when it was appended.
 * A save stamps lines appended while it writes with its own generation. On open, lines older than
 * the image are already in it and skipped (a crash between the rename and the journal truncation
 * leaves exactly those), and all the others are replayed in order.
 */
export class ImageStore implements AsyncDisposable {
    readonly path: string;
    readonly journalPath: string;
    readonly backupPath: string;
    readonly readOnly: boolean;
    readonly recovery: Readonly<ImageRecovery>;

    #state: WorldState;
    #lock: ImageLock | null;
    #journal: Journal | null;
    #listeners = new Set<ImageListener>();
    /** Generation of the image on disk. */
    #diskGeneration: number;
    /** Generation stamped on appended lines. */
    #stamp: number;
    /** The next save's generation: above every generation seen in the image and journal. */
    #nextGeneration: number;
    #seq: number;
    /** Journal lines not yet in the image on disk. */
    #pending: number;
    #diskIdentity: FileIdentity | null;
    #saving: Promise<unknown> = Promise.resolve();
    #closed = false;

    private constructor(init: LoadedImage) {
        this.path = init.path;
        this.journalPath = journalPathFor(init.path);
        this.backupPath = backupPathFor(init.path);
        this.readOnly = init.readOnly;
        this.recovery = Object.freeze(init.recovery);
        this.#lock = init.lock;
        this.#journal = init.journal;
        this.#state = init.state;
        this.#diskGeneration = init.diskGeneration;
        this.#stamp = init.stamp;
        this.#nextGeneration = init.stamp + 1;
        this.#seq = init.seq;
        this.#pending = init.pending;
        this.#diskIdentity = init.diskIdentity;
    }

    /**
     * Opens the image at `imagePath`: takes the lock (unless read-only), verifies and migrates the
     * file, and replays the journal. Throws ImageLockedError, CorruptImageError (naming the `.bak`
     * and the journal), CorruptJournalError or ImageNotFoundError, each saying what to do.
     */
    static async open(imagePath: string, options: ImageStoreOptions = {}): Promise<ImageStore> {
        const absolute = path.resolve(imagePath);
        let lock: ImageLock | null = null;
        let readOnly = options.readOnly === true;
        if (!readOnly) {
            try {
                lock = ImageLock.acquire(absolute);
            } catch (error) {
                if (!(error instanceof ImageLockedError) || options.ifLocked !== "readOnly") throw error;
                readOnly = true;
            }
        }
        let loaded: LoadedImage;
        try {
            loaded = await load(absolute, readOnly, lock, options);
        } catch (error) {
            lock?.release();
            throw error;
        }
        const store = new ImageStore(loaded);
        if (loaded.created !== null && !readOnly) store.#journalCreation(loaded.created);
        return store;
    }

    /** The current state: frozen, shared by reference, replaced (never mutated) by `update`. */
    get state(): WorldState {
        return this.#state;
    }

    /** Unsaved changes exist: the journal holds lines that the image on disk does not. */
    get dirty(): boolean {
        return this.#pending > 0;
    }

    /** The generation of the image on disk (0 before the first save). */
    get generation(): number {
        return this.#diskGeneration;
    }

    /**
     * Changes the state with an immer recipe. The patches are appended to the journal before this
     * returns (so they survive a crash), then listeners are told. Returns the patches; a recipe that
     * changes nothing returns [] and journals nothing. A listener that throws does not undo the
     * update: the first error is rethrown after every listener has run.
     */
    update(recipe: (draft: Draft<WorldState>) => void, label?: string): Patch[] {
        if (this.#closed) throw new ImageClosedError({path: this.path, operation: "update"});
        if (this.readOnly || this.#journal === null) throw new ReadOnlyImageError({path: this.path, operation: "update"});
        const [next, patches] = produceWithPatches(this.#state, recipe);
        if (patches.length === 0) return patches;
        const entry: JournalEntry = {gen: this.#stamp, seq: this.#seq + 1, patches};
        if (label !== undefined) entry.label = label;
        this.#journal.append(entry);
        this.#seq++;
        this.#pending++;
        this.#state = next;
        notify(this.#listeners, next, patches, label);
        return patches;
    }

    /** Calls `listener` after every update. Returns the function that unsubscribes it. */
    subscribe(listener: ImageListener): () => void {
        this.#listeners.add(listener);
        return () => {
            this.#listeners.delete(listener);
        };
    }

    /**
     * Writes the image atomically (keeping the previous good one as `.bak`) and drops the journal
     * lines it now contains. Saves run one at a time; updates may continue while one writes.
     */
    save(): Promise<SaveResult> {
        if (this.#closed) return Promise.reject(new ImageClosedError({path: this.path, operation: "save"}));
        if (this.readOnly) return Promise.reject(new ReadOnlyImageError({path: this.path, operation: "save"}));
        return this.#serialised(() => this.#saveHere());
    }

    /**
     * Writes a copy of the current state to `targetPath` (taking that image's lock while writing,
     * and clearing its journal); this store keeps its own path. Allowed on a read-only store.
     */
    saveAs(targetPath: string): Promise<SaveResult> {
        if (this.#closed) return Promise.reject(new ImageClosedError({path: this.path, operation: "saveAs"}));
        const target = path.resolve(targetPath);
        if (target === this.path) return this.save();
        return this.#serialised(() => saveCopy(target, this.#state, this.#nextGeneration));
    }

    /** Waits for a running save, closes the journal and releases the lock. Idempotent. */
    async close(): Promise<void> {
        if (this.#closed) return;
        this.#closed = true;
        await this.#saving.catch(() => undefined);
        this.#journal?.close();
        this.#lock?.release();
        this.#listeners.clear();
    }

    async [Symbol.asyncDispose](): Promise<void> {
        await this.close();
    }

    /**
     * A new image is not written until saved, yet its journal must replay without the `create`
     * that made it (which may not be deterministic: fresh persona ids). So its first line
     * replaces the whole state with the created one.
     */
    #journalCreation(created: WorldState): void {
        this.#journal!.append({gen: this.#stamp, seq: ++this.#seq, label: "create", patches: [{op: "replace", path: [], value: created}]});
        this.#pending++;
    }

    #serialised<T>(run: () => Promise<T>): Promise<T> {
        const result = this.#saving.then(run, run);
        this.#saving = result.catch(() => undefined);
        return result;
    }

    async #saveHere(): Promise<SaveResult> {
        const started = performance.now();
        const journal = this.#journal!;
        // Capture: this state is exactly the journal up to this byte; lines from now on follow it.
        const state = this.#state;
        const generation = this.#nextGeneration++;
        const capturedBytes = journal.bytes;
        const capturedLines = this.#pending;
        this.#stamp = generation;
        const encoded = encodeImageBuffers(state, generation);
        this.#diskIdentity = await writeImageFile(this.path, encoded, this.#diskIdentity);
        this.#diskGeneration = generation;
        journal.dropBefore(capturedBytes);
        this.#pending -= capturedLines;
        return {path: this.path, bytes: encoded.bytes, ms: performance.now() - started};
    }
}

/** Everything `open` found, for the constructor. */
type LoadedImage = {
    path: string, readOnly: boolean, lock: ImageLock | null, journal: Journal | null, state: WorldState,
    recovery: ImageRecovery, diskGeneration: number, stamp: number, seq: number, pending: number,
    diskIdentity: FileIdentity | null,
    /** A state made by `create`, still to be journaled. */
    created: WorldState | null
};

async function load(imagePath: string, readOnly: boolean, lock: ImageLock | null, options: ImageStoreOptions): Promise<LoadedImage> {
    const journalPath = journalPathFor(imagePath);
    const backupPath = backupPathFor(imagePath);
    let document: ImageDocument | null = null;
    let fromBackup = false;
    let diskIdentity: FileIdentity | null = null;
    const bytes = await readIfExists(imagePath);
    if (bytes !== null) {
        try {
            document = readImageBytes(bytes, imagePath);
            diskIdentity = await fileIdentity(imagePath);
        } catch (error) {
            if (!(error instanceof CorruptImageError)) throw error;
            if (options.recover !== "backup") {
                throw error.withAlternatives(await goodBackup(backupPath), await nonEmpty(journalPath));
            }
            const backupBytes = await readIfExists(backupPath);
            if (backupBytes === null) throw error.withAlternatives(null, await nonEmpty(journalPath));
            document = readImageBytes(backupBytes, backupPath);
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
    const patches = entries.flatMap((entry) => entry.patches);
    try {
        // One applyPatches for all of them: one draft, not one per line.
        return applyPatches(state, patches);
    } catch (error) {
        throw new CorruptJournalError({
            path: journalPath, imagePath, line: null, detail: `its patches do not fit the image (${(error as Error).message})`, cause: error
        });
    }
}

async function readIfExists(filePath: string): Promise<Buffer | null> {
    try {
        return await readFile(filePath);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
    }
}

/** The backup path if a backup exists and verifies, else null. */
async function goodBackup(backupPath: string): Promise<string | null> {
    const bytes = await readIfExists(backupPath);
    if (bytes === null) return null;
    try {
        verifyImageBytes(bytes, backupPath);
        return backupPath;
    } catch (error) {
        if (error instanceof CorruptImageError) return null;
        throw error;
    }
}

async function nonEmpty(filePath: string): Promise<string | null> {
    const bytes = await readIfExists(filePath);
    return bytes !== null && bytes.length > 0 ? filePath : null;
}

/** Temporary files of saves that a crash interrupted. Only the lock holder saves, so all are dead. */
async function removeTemporaries(imagePath: string): Promise<void> {
    const directory = path.dirname(imagePath);
    const prefixes = [`${path.basename(imagePath)}.tmp-`, `${path.basename(backupPathFor(imagePath))}.tmp-`, `${path.basename(journalPathFor(imagePath))}.tmp-`];
    for (const name of await readdir(directory)) {
        if (prefixes.some((prefix) => name.startsWith(prefix))) await rm(path.join(directory, name), {force: true});
    }
}

/** Writes a copy under another image's lock; its journal is emptied so no old line replays onto the copy. */
async function saveCopy(target: string, state: WorldState, generation: number): Promise<SaveResult> {
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

function notify(listeners: ReadonlySet<ImageListener>, state: WorldState, patches: readonly Patch[], label: string | undefined): void {
    let failure: {error: unknown} | null = null;
    for (const listener of [...listeners]) {
        try {
            listener(state, patches, label);
        } catch (error) {
            failure ??= {error};
        }
    }
    if (failure !== null) throw failure.error;
}
