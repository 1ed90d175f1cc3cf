import {closeSync, fsyncSync, ftruncateSync, openSync, readFileSync, readSync, renameSync, writeSync} from "node:fs";
import path from "node:path";
import {decodeBody, encodeBody, type BodyMeta} from "./bodyCodec.js";
import {CorruptJournalError} from "./CorruptJournalError.js";
import {fsyncDirectorySync} from "./fsyncDirectory.js";
import type {Patch} from "./immerSetup.js";

/**
 * One line of the journal: the patches of one update. `gen` is the generation of the image the
 * line follows (see ImageStore): lines older than the image on disk are already in it and skipped.
 */
export type JournalEntry = {gen: number, seq: number, label?: string, patches: Patch[], copy?: JournalCopy};

/**
 * A copy of one subtree to another path, with some fields set: written instead of patches by
 * `ImageStore.copy`, so that cloning a persona journals a reference, not its whole dataset.
 */
export type JournalCopy = {from: string[], to: string[], set: Record<string, unknown>};

/** What is in a journal file, as read on open. */
export type JournalScan = {
    entries: JournalEntry[],
    /** Bytes up to the end of the last good line: where appending continues. */
    goodBytes: number,
    totalBytes: number,
    /** The last line was cut short by a crash and is not among `entries`. */
    tornTail: boolean
};

/**
 * Reads a journal. A damaged run of lines at the end is a torn tail (the process died mid-write)
 * and is dropped; a damaged line followed by good ones cannot come from a crash and is refused
 * with CorruptJournalError.
 */
export function scanJournal(journalPath: string, imagePath: string): JournalScan {
    let bytes: Buffer;
    try {
        bytes = readFileSync(journalPath);
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return {entries: [], goodBytes: 0, totalBytes: 0, tornTail: false};
        throw error;
    }
    const entries: JournalEntry[] = [];
    let goodBytes = 0;
    let firstBad: {line: number, detail: string} | null = null;
    let position = 0;
    for (let line = 1; position < bytes.length; line++) {
        const newline = bytes.indexOf(0x0a, position);
        const end = newline < 0 ? bytes.length : newline + 1;
        const text = bytes.toString("utf8", position, newline < 0 ? bytes.length : newline);
        position = end;
        if (text.trim() === "" && newline >= 0) {
            if (firstBad === null) goodBytes = end;
            continue;
        }
        const entry = newline < 0 ? null : parseEntry(text);
        if (entry === null) {
            firstBad ??= {line, detail: newline < 0 ? "the line has no end" : "the line is not a journal entry"};
            continue;
        }
        if (firstBad !== null) {
            throw new CorruptJournalError({path: journalPath, imagePath, line: firstBad.line, detail: `${firstBad.detail}, yet good lines follow it`});
        }
        entries.push(entry);
        goodBytes = end;
    }
    return {entries, goodBytes, totalBytes: bytes.length, tornTail: firstBad !== null};
}

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

function isCopy(value: unknown): value is JournalCopy {
    const copy = value as Partial<JournalCopy> | null;
    return typeof copy === "object" && copy !== null && Array.isArray(copy.from) && Array.isArray(copy.to) &&
        typeof copy.set === "object" && copy.set !== null;
}

function parseEntry(text: string): JournalEntry | null {
    let entry: Partial<JournalEntry>;
    try {
        const line = JSON.parse(text) as {json?: unknown, meta?: BodyMeta | null};
        entry = decodeBody(line.json, line.meta ?? null) as Partial<JournalEntry>;
    } catch {
        return null;
    }
    if (typeof entry !== "object" || entry === null || !Number.isInteger(entry.gen) || !Number.isInteger(entry.seq) ||
        !Array.isArray(entry.patches) || !entry.patches.every((p) => typeof p === "object" && p !== null && Array.isArray(p.path)) ||
        (entry.copy !== undefined && !isCopy(entry.copy))) {
        return null;
    }
    return entry as JournalEntry;
}

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

    constructor(journalPath: string, options: {bytes: number, fsyncEachUpdate?: boolean}) {
        this.path = journalPath;
        this.#bytes = options.bytes;
        this.fsyncEachUpdate = options.fsyncEachUpdate === true;
    }

    /** Bytes in the file: the offset that a save records as "everything before here is in the image". */
    get bytes(): number {
        return this.#bytes;
    }

    /** Appends one entry as one line. Throws (and writes nothing usable) if the disk refuses it. */
    append(entry: JournalEntry): void {
        const line = encodeJournalLine(entry);
        const fd = this.#open();
        const written = writeSync(fd, line);
        const expected = Buffer.byteLength(line);
        // A short write leaves a torn line; replay drops it, as it would after a crash.
        if (written !== expected) throw new Error(`journal write to ${this.path} was short (${written} of ${expected} bytes): is the disk full?`);
        if (this.fsyncEachUpdate) fsyncSync(fd);
        this.#bytes += written;
    }

    /** Cuts the file to `bytes` (dropping a torn tail, or everything a save made redundant). */
    truncate(bytes: number): void {
        if (bytes === this.#bytes) return;
        ftruncateSync(this.#open(), bytes);
        this.#bytes = bytes;
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
        const tempFd = openSync(temporary, "w");
        try {
            writeSync(tempFd, keep, 0, read);
            fsyncSync(tempFd);
        } finally {
            closeSync(tempFd);
        }
        renameSync(temporary, this.path);
        fsyncDirectorySync(path.dirname(this.path));
        this.close();
        this.#bytes = read;
    }

    close(): void {
        if (this.#fd !== null) {
            closeSync(this.#fd);
            this.#fd = null;
        }
    }

    #open(): number {
        // "a+": O_APPEND, so after a truncate every write still lands at the end; readable for dropBefore.
        this.#fd ??= openSync(this.path, "a+");
        return this.#fd;
    }
}
