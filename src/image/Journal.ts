import * as fs from "node:fs";
import {closeSync, fsyncSync, openSync, readSync, renameSync, rmSync, writeSync} from "node:fs";
import path from "node:path";
import {encodeBody} from "./bodyCodec.js";
import {fsyncDirectorySync} from "./fsyncDirectory.js";
import type {Patch} from "./immerSetup.js";
import {JournalWriteError} from "./JournalWriteError.js";

/**
 * One line of the journal: the patches of one update. `gen` is the generation of the image the
 * line follows (see ImageStore): lines older than the image on disk are already in it and skipped.
 */
export type JournalEntry = {gen: number, seq: number, label?: string, patches: Patch[], copy?: JournalCopy, append?: JournalAppend};

/**
 * A copy of one subtree to another path, with some fields set: written instead of patches by
 * `ImageStore.copy`, so that cloning a persona journals a reference, not its whole dataset.
 */
export type JournalCopy = {from: string[], to: string[], set: Record<string, unknown>};

/**
 * Items pushed onto the end of the array at `path`: written instead of patches by
 * `ImageStore.append`, so that adding to a large array costs the items, not the array.
 */
export type JournalAppend = {path: string[], items: unknown[]};

/**
 * One journal line: `{"json":…,"meta":…}`, the entry encoded like an image body (bodyCodec: plain
 * data and Dates directly, every other value through the image codec). Why not `codec.stringify`
 * (SuperJSON): it costs twenty times JSON.stringify, which a large update (a whole imported
 * dataset in one patch) would pay before `update` returns.
 */
export function encodeJournalLine(entry: JournalEntry): string {
    const {json, meta} = encodeBody(entry);
    return `{"json":${JSON.stringify(json)},"meta":${JSON.stringify(meta)}}\n`;
}

/**
 * The file operations an append makes: node:fs, or in a fault-injection test a layer that fails
 * on demand the way a full disk or a dying one does.
 */
export type JournalFiles = Pick<typeof fs, "openSync" | "writeSync" | "fsyncSync" | "ftruncateSync">;

const nodeFiles: JournalFiles = {openSync: fs.openSync, writeSync: fs.writeSync, fsyncSync: fs.fsyncSync, ftruncateSync: fs.ftruncateSync};

/**
 * I am the append side of a journal. The file is opened once (on the first append) with O_APPEND
 * and each entry is one `writeSync` of one line, so an append costs the encoding of its patches and
 * a syscall, whatever the size of the image.
 *
 * No fsync per entry by default: a write() that returned is in the page cache, which survives the
 * process being killed (SIGKILL, a crash, an OOM kill); only a power failure or kernel panic can
 * lose it, and `fsyncEachUpdate` covers that at the cost of a disk flush per update.
 */
export class Journal {
    readonly path: string;
    readonly fsyncEachUpdate: boolean;
    #fd: number | null = null;
    #bytes: number;
    #broken: unknown = null;
    #files: JournalFiles;

    constructor(journalPath: string, options: {bytes: number, fsyncEachUpdate?: boolean, files?: JournalFiles}) {
        this.path = journalPath;
        this.#bytes = options.bytes;
        this.fsyncEachUpdate = options.fsyncEachUpdate === true;
        this.#files = options.files ?? nodeFiles;
    }

    /** Bytes in the file: the offset that a save records as "everything before here is in the image". */
    get bytes(): number {
        return this.#bytes;
    }

    /**
     * The journal could not be put back as it was after a failed append: no entry is accepted
     * until a save has rewritten it (the image then holds everything, and the journal starts empty).
     */
    get broken(): boolean {
        return this.#broken !== null;
    }

    /**
     * Appends one entry as one line. If the disk refuses it (full, read-only, gone), the file is cut
     * back to where it was, so it holds exactly the entries that were acknowledged, and
     * JournalWriteError says so: the update it belongs to must then not happen.
     */
    append(entry: JournalEntry): void {
        if (this.#broken !== null) throw new JournalWriteError({path: this.path, error: this.#broken, undone: false, stuck: true});
        const line = Buffer.from(encodeJournalLine(entry));
        let fd: number;
        try {
            fd = this.#open();
        } catch (error) {
            throw new JournalWriteError({path: this.path, error, undone: true, stuck: false});
        }
        let written = 0;
        try {
            // write() may write part of the line and fail on the rest (a disk that fills up): finish or fail.
            while (written < line.length) written += this.#files.writeSync(fd, line, written, line.length - written);
            if (this.fsyncEachUpdate) this.#files.fsyncSync(fd);
        } catch (error) {
            let undone = true;
            if (written > 0) {
                try {
                    this.#files.ftruncateSync(fd, this.#bytes);
                } catch {
                    this.#broken = error;
                    undone = false;
                }
            }
            throw new JournalWriteError({path: this.path, error, undone, stuck: false});
        }
        this.#bytes += written;
    }

    /** Cuts the file to `bytes` (dropping a torn tail, or everything a save made redundant). */
    truncate(bytes: number): void {
        if (bytes === this.#bytes && this.#broken === null) return;
        this.#files.ftruncateSync(this.#open(), bytes);
        this.#bytes = bytes;
        this.#broken = null;
    }

    /**
     * Drops the first `offset` bytes: the lines a save has just put into the image. Lines appended
     * while the save was writing are kept, rewritten to a new file that replaces this one
     * atomically; a crash halfway leaves the old file, whose early lines are then stale and skipped.
     */
    dropBefore(offset: number): void {
        if (offset >= this.#bytes) {
            this.truncate(0);
            return;
        }
        if (offset === 0) return;
        const fd = this.#open();
        const keep = Buffer.alloc(this.#bytes - offset);
        let read = 0;
        while (read < keep.length) {
            const n = readSync(fd, keep, read, keep.length - read, offset + read);
            if (n === 0) break;
            read += n;
        }
        const temporary = `${this.path}.tmp-${process.pid}`;
        try {
            const tempFd = openSync(temporary, "w");
            try {
                for (let done = 0; done < read;) done += writeSync(tempFd, keep, done, read - done);
                fsyncSync(tempFd);
            } finally {
                closeSync(tempFd);
            }
            renameSync(temporary, this.path);
        } catch (error) {
            rmSync(temporary, {force: true});
            throw error;
        }
        fsyncDirectorySync(path.dirname(this.path));
        this.close();
        this.#bytes = read;
        this.#broken = null;
    }

    close(): void {
        if (this.#fd !== null) {
            closeSync(this.#fd);
            this.#fd = null;
        }
    }

    #open(): number {
        // "a+": O_APPEND, so after a truncate every write still lands at the end; readable for dropBefore.
        this.#fd ??= this.#files.openSync(this.path, "a+");
        return this.#fd;
    }
}
