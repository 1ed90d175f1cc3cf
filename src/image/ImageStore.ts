import path from "node:path";
import {applyAppend} from "./applyAppend.js";
import {applyCopy} from "./applyCopy.js";
import {ImageClosedError} from "./ImageClosedError.js";
import {encodeImageParts} from "./imageFormat.js";
import type {ImageListener, ImageRecovery, ImageStoreOptions, SaveResult} from "./imageStoreTypes.js";
import {ImageLock} from "./ImageLock.js";
import {ImageLockedError} from "./ImageLockedError.js";
import {ImageSaveError} from "./ImageSaveError.js";
import {produceWithPatches, type Draft, type Patch} from "./immerSetup.js";
import type {Journal, JournalAppend, JournalEntry} from "./Journal.js";
import {loadImage, type LoadedImage} from "./loadImage.js";
import {ReadOnlyImageError} from "./ReadOnlyImageError.js";
import {resolveImagePath} from "./resolveImagePath.js";
import {rebaseImagePaths} from "./rebaseImagePaths.js";
import {saveImageCopy} from "./saveImageCopy.js";
import {backupPathFor, journalPathFor} from "./siblingPaths.js";
import {writeImageFile, type FileIdentity} from "./writeImageFile.js";
import type {WorldState} from "./WorldState.js";

export type {ImageListener, ImageRecovery, ImageStoreOptions, SaveResult} from "./imageStoreTypes.js";

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
     * Opens the image at `imagePath` (symbolic links followed: `path` is the real file): takes the
     * lock (unless read-only), verifies and migrates the file, and replays the journal. Throws
     * ImageLockedError, CorruptImageError (naming the `.bak` and the journal), CorruptJournalError
     * (naming the line), or ImageNotFoundError (offering the `.bak`), each saying what to do.
     */
    static async open(imagePath: string, options: ImageStoreOptions = {}): Promise<ImageStore> {
        const absolute = resolveImagePath(imagePath);
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
            loaded = await loadImage(absolute, readOnly, lock, options);
        } catch (error) {
            lock?.release();
            throw error;
        }
        const store = new ImageStore(loaded);
        if (loaded.created !== null && !readOnly) {
            try {
                store.#journalCreation(loaded.created);
            } catch (error) {
                await store.close();
                throw error;
            }
        }
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

    /**
     * Copies the record at `from` to `to` with the fields in `set` changed, journalled as the copy
     * itself rather than as patches holding the data: a persona clone costs the same whatever the
     * size of its golden dataset. Listeners get one `add` patch for `to`.
     */
    copy(from: string[], to: string[], set: Record<string, unknown>, label?: string): void {
        if (this.#closed) throw new ImageClosedError({path: this.path, operation: "update"});
        if (this.readOnly || this.#journal === null) throw new ReadOnlyImageError({path: this.path, operation: "update"});
        const copy = {from, to, set};
        const next = applyCopy(this.#state, copy);
        const entry: JournalEntry = {gen: this.#stamp, seq: this.#seq + 1, patches: [], copy};
        if (label !== undefined) entry.label = label;
        this.#journal.append(entry);
        this.#seq++;
        this.#pending++;
        this.#state = next;
        let value: unknown = next;
        for (const key of to) value = (value as Record<string, unknown>)[key];
        notify(this.#listeners, next, [{op: "add", path: to, value}], label);
    }

    /**
     * Pushes `items` onto the end of the array at `path`, journalled as the items alone: the cost is
     * that of the items, whatever the array's size (immer would draft, walk and diff every element).
     * Listeners get one `add` patch per item. Like `update`, nothing happens if the journal refuses it.
     */
    append(path: string[], items: readonly unknown[], label?: string): void {
        if (this.#closed) throw new ImageClosedError({path: this.path, operation: "update"});
        if (this.readOnly || this.#journal === null) throw new ReadOnlyImageError({path: this.path, operation: "update"});
        if (items.length === 0) return;
        const append = {path, items: [...items]};
        this.#journalAppend(append, label);
        this.#notifyAppend(append, label);
    }

    /**
     * Like `append`, then `save`, but the items are written once: into the saved image, not into the
     * journal too (a bulk import of 100,000 samples would otherwise be written twice). As crash-safe as
     * a save: until the new image is renamed into place the old image and its journal are what a crash
     * leaves, without the items; after it, the new image with them. Resolves once the image is saved.
     * If the save fails, the append is undone when nothing was journalled meanwhile (listeners, told of
     * it, are told again: a `replace` of the list, as it is again, labelled "(undone: the save failed)"), else journalled after what was, so that a reopen holds it too (though after
     * an append to the same list made meanwhile, which the store holds after it); either way the save's
     * error is thrown.
     */
    appendAndSave(path: string[], items: readonly unknown[], label?: string): Promise<SaveResult> {
        if (this.#closed) return Promise.reject(new ImageClosedError({path: this.path, operation: "save"}));
        if (this.readOnly || this.#journal === null) return Promise.reject(new ReadOnlyImageError({path: this.path, operation: "save"}));
        const append = {path, items: [...items]};
        return this.#serialised(async () => {
            if (this.#closed) throw new ImageClosedError({path: this.path, operation: "save"});
            const before = this.#state;
            const seq = this.#seq;
            // No await between the new state and the capture in #saveHere: no update can fall in between.
            this.#state = applyAppend(before, append);
            const saved = this.#saveHere();
            let listenerFailure: {error: unknown} | null = null;
            try {
                this.#notifyAppend(append, label);
            } catch (error) {
                listenerFailure = {error};
            }
            let result: SaveResult;
            try {
                result = await saved;
            } catch (error) {
                if (this.#seq === seq) {
                    this.#state = before;
                    // Listeners were told of the append: they are told it is gone, with the list as it is again.
                    this.#notifyUndone(append, label);
                } else {
                    try {
                        this.#journalEntry({path, items: append.items}, label);
                    } catch {
                        // The journal refused it too (and now refuses every edit, saying why): the save's error says more.
                    }
                }
                throw error;
            }
            if (listenerFailure !== null) throw listenerFailure.error;
            return result;
        });
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
     * Writes a copy of the current state to `targetPath` (symbolic links followed), under that
     * image's lock; this store keeps its own path. Allowed on a read-only store. Only an image is
     * replaced (and kept as its `.bak`): SaveAsRefusedError for this image's own files, a folder,
     * a file that is not an image or does not verify, or an image with unsaved changes, unless
     * `force` (never for an image's own files).
     * Relative file paths in the copy are rebased onto its folder (rebaseImagePaths).
     */
    saveAs(targetPath: string, options: {force?: boolean} = {}): Promise<SaveResult> {
        if (this.#closed) return Promise.reject(new ImageClosedError({path: this.path, operation: "saveAs"}));
        let target: string;
        try {
            target = resolveImagePath(targetPath);
        } catch (error) {
            return Promise.reject(ImageSaveError.wrap(error, {path: targetPath, copy: true, journalPath: null}));
        }
        if (target === this.path) return this.save();
        // Relative paths are relative to the image's folder: rebased, they name the same files from the copy's.
        return this.#serialised(() => saveImageCopy(target, rebaseImagePaths(this.#state, path.dirname(this.path), path.dirname(target)), this.#nextGeneration, options));
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

    /** Applies and journals an append; nothing changes if the journal refuses it. */
    #journalAppend(append: JournalAppend, label: string | undefined): void {
        const next = applyAppend(this.#state, append);
        this.#journalEntry(append, label);
        this.#state = next;
    }

    /** Journals an append that the state holds (or is about to). */
    #journalEntry(append: JournalAppend, label: string | undefined): void {
        const entry: JournalEntry = {gen: this.#stamp, seq: this.#seq + 1, patches: [], append};
        if (label !== undefined) entry.label = label;
        this.#journal!.append(entry);
        this.#seq++;
        this.#pending++;
    }

    /** Tells listeners of an append just applied: one `add` patch per item. */
    #notifyAppend(append: JournalAppend, label: string | undefined): void {
        // No listener, no patches to make (an import's would be 100,000 of them).
        if (this.#listeners.size === 0) return;
        const end = (this.#listAt(append.path) as {length: number}).length;
        notify(this.#listeners, this.#state, append.items.map((value, i) => ({op: "add", path: [...append.path, end - append.items.length + i], value})), label);
    }

    /** Tells listeners that an append they were told of was taken back: the list at its path is replaced by what it is now. */
    #notifyUndone(append: JournalAppend, label: string | undefined): void {
        if (this.#listeners.size === 0) return;
        try {
            notify(this.#listeners, this.#state, [{op: "replace", path: [...append.path], value: this.#listAt(append.path)}], `${label ?? "append"} (undone: the save failed)`);
        } catch {
            // A listener's error must not hide the save's, which the caller is about to get.
        }
    }

    /** The list an append's path names in the current state. */
    #listAt(path: readonly string[]): unknown {
        let list: unknown = this.#state;
        for (const key of path) list = (list as Record<string, unknown>)[key];
        return list;
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
        const stamp = this.#stamp;
        this.#stamp = generation;
        const encoded = encodeImageParts(state, generation);
        try {
            this.#diskIdentity = await writeImageFile(this.path, encoded, this.#diskIdentity);
        } catch (error) {
            // Nothing was written: lines appended meanwhile belong to the image on disk, as before.
            if (this.#stamp === generation) this.#stamp = stamp;
            throw ImageSaveError.wrap(error, {path: this.path, copy: false, journalPath: this.journalPath});
        }
        this.#diskGeneration = generation;
        this.#pending -= capturedLines;
        try {
            journal.dropBefore(capturedBytes);
        } catch {
            // The image is saved; the journal's lines it holds are now stale (older than the image)
            // and skipped on open. The next save drops them.
        }
        return {path: this.path, bytes: this.#diskIdentity.size, ms: performance.now() - started};
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
