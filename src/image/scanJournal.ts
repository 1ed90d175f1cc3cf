import {closeSync, fstatSync, openSync, readSync} from "node:fs";
import {constants} from "node:buffer";
import {decodeBody, type BodyMeta} from "./bodyCodec.js";
import type {JournalCopy, JournalEntry} from "./Journal.js";

/** A complete line of the journal that is not an entry: where it is and what is wrong with it. */
export type DamagedLine = {
    /** 1-based line number. */
    line: number,
    /** Byte offset where the line starts: everything before it is good. */
    offset: number,
    detail: string,
    /** Non-blank lines after it (not read as entries: they are not replayed either). */
    linesAfter: number
};

/** What is in a journal file, as read on open. */
export type JournalScan = {
    /** The good entries before any damaged line, in order. */
    entries: JournalEntry[],
    /** The 1-based line number of each entry. */
    lineNumbers: number[],
    /** The byte offset just after each entry's line. */
    ends: number[],
    /** Bytes up to the end of the last good line before any damage: where appending continues. */
    goodBytes: number,
    totalBytes: number,
    /**
     * Bytes after the last newline: a line cut short by a crash in the middle of an append (its
     * update never returned). The only thing that may be dropped, and the user is told.
     */
    tornTail: {line: number, bytes: number} | null,
    /** The first complete line that is not an entry, or null. Nothing from it on is replayed. */
    damaged: DamagedLine | null
};

// Big enough for few syscalls, small enough not to matter next to the entries themselves.
const chunkBytes = 16 * 1024 * 1024;
// A line longer than the longest string V8 can make cannot be parsed; it is reported, not read.
const maxLineBytes = constants.MAX_STRING_LENGTH;

/**
 * Reads a journal line by line in chunks, so that a journal of any size (even one larger than a
 * Buffer or a string can hold) is read, and damage is reported instead of crashing the reader.
 * Never changes the file: the caller decides what to do with a torn tail or a damaged line.
 */
export function scanJournal(journalPath: string): JournalScan {
    const scan: JournalScan = {entries: [], lineNumbers: [], ends: [], goodBytes: 0, totalBytes: 0, tornTail: null, damaged: null};
    let fd: number;
    try {
        fd = openSync(journalPath, "r");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return scan;
        throw error;
    }
    try {
        const size = fstatSync(fd).size;
        scan.totalBytes = size;
        let pending: Buffer[] = [];
        let pendingBytes = 0;
        let lineStart = 0;
        let line = 1;
        let position = 0;
        const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(size, 1)));
        while (position < size) {
            const read = readSync(fd, chunk, 0, Math.min(chunk.length, size - position), position);
            if (read === 0) break;
            let from = 0;
            for (let newline = chunk.indexOf(0x0a, from); newline >= 0 && newline < read; newline = chunk.indexOf(0x0a, from)) {
                const end = position + newline + 1;
                const tooLong = pendingBytes + newline - from > maxLineBytes;
                const bytes = tooLong ? null : join(pending, pendingBytes, chunk.subarray(from, newline));
                takeLine(scan, bytes, line, lineStart, end, tooLong ? pendingBytes + newline - from : 0);
                pending = [];
                pendingBytes = 0;
                from = newline + 1;
                lineStart = end;
                line++;
            }
            // The rest of the chunk starts a line that continues in the next one (copied: the chunk is reused).
            const rest = read - from;
            if (pendingBytes + rest <= maxLineBytes) pending.push(Buffer.from(chunk.subarray(from, read)));
            else pending = [];
            pendingBytes += rest;
            position += read;
        }
        if (pendingBytes > 0) {
            const blank = pending.length > 0 && Buffer.concat(pending).toString("utf8").trim() === "";
            if (!blank) scan.tornTail = {line, bytes: pendingBytes};
            else if (scan.damaged === null) scan.goodBytes = size;
        }
    } finally {
        closeSync(fd);
    }
    return scan;
}

function join(pending: Buffer[], pendingBytes: number, last: Buffer): Buffer {
    if (pending.length === 0) return last;
    return Buffer.concat([...pending, last], pendingBytes + last.length);
}

/** One complete line (newline included in `end`): an entry, a blank line, or the first damage. */
function takeLine(scan: JournalScan, bytes: Buffer | null, line: number, start: number, end: number, tooLongBytes: number): void {
    const text = bytes === null ? null : bytes.toString("utf8");
    if (text !== null && text.trim() === "") {
        if (scan.damaged === null) scan.goodBytes = end;
        return;
    }
    if (scan.damaged !== null) {
        scan.damaged.linesAfter++;
        return;
    }
    const parsed = text === null
        ? `the line is ${tooLongBytes} bytes long, more than can be read as one entry`
        : parseEntry(text);
    if (typeof parsed === "string") {
        scan.damaged = {line, offset: start, detail: parsed, linesAfter: 0};
        return;
    }
    scan.entries.push(parsed);
    scan.lineNumbers.push(line);
    scan.ends.push(end);
    scan.goodBytes = end;
}

function isCopy(value: unknown): value is JournalCopy {
    const copy = value as Partial<JournalCopy> | null;
    return typeof copy === "object" && copy !== null && Array.isArray(copy.from) && Array.isArray(copy.to) &&
        typeof copy.set === "object" && copy.set !== null;
}

function isAppend(value: unknown): boolean {
    const append = value as {path?: unknown, items?: unknown} | null;
    return typeof append === "object" && append !== null && Array.isArray(append.path) && Array.isArray(append.items);
}

/** The entry on a line, or what is wrong with the line (never quoting it: it may hold anything). */
function parseEntry(text: string): JournalEntry | string {
    let entry: Partial<JournalEntry>;
    try {
        const line = JSON.parse(text) as {json?: unknown, meta?: BodyMeta | null};
        if (typeof line !== "object" || line === null) return "the line is JSON but not a journal entry";
        entry = decodeBody(line.json, line.meta ?? null) as Partial<JournalEntry>;
    } catch (error) {
        return error instanceof SyntaxError ? "the line is not valid JSON" : "the line does not decode as a journal entry";
    }
    if (typeof entry !== "object" || entry === null || !Number.isInteger(entry.gen) || !Number.isInteger(entry.seq) ||
        !Array.isArray(entry.patches) || !entry.patches.every((p) => typeof p === "object" && p !== null && Array.isArray(p.path)) ||
        (entry.copy !== undefined && !isCopy(entry.copy)) || (entry.append !== undefined && !isAppend(entry.append))) {
        return "the line is JSON but not a journal entry (it needs gen, seq and patches)";
    }
    return entry as JournalEntry;
}
