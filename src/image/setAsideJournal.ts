import {closeSync, constants, copyFileSync, fsyncSync, linkSync, openSync, readSync, renameSync, rmSync, writeSync} from "node:fs";
import path from "node:path";
import {fsyncDirectorySync} from "./fsyncDirectory.js";

/** A name beside the journal, never used yet, for a journal that is kept aside. */
export function setAsideName(journalPath: string): string {
    return `${journalPath}.set-aside-${new Date().toISOString().replace(/[:.]/g, "-")}`;
}

/**
 * Keeps the whole journal as it is under a new name, and leaves at the journal's path only its
 * first `keepBytes` bytes (the lines that were replayed): nothing is deleted, and what is not
 * replayed is in the file this returns. Crash-safe: the kept copy is written and fsynced first,
 * the set-aside name is a hard link to the original (it never overwrites anything), and the
 * rename that replaces the journal comes last; a crash in between leaves both, complete.
 */
export function setAsideJournal(journalPath: string, keepBytes: number): string {
    const aside = uniqueLink(journalPath);
    if (keepBytes === 0) {
        rmSync(journalPath, {force: true});
        fsyncDirectorySync(path.dirname(journalPath));
        return aside;
    }
    const temporary = `${journalPath}.tmp-${process.pid}`;
    try {
        copyPrefix(aside, temporary, keepBytes);
        renameSync(temporary, journalPath);
    } catch (error) {
        rmSync(temporary, {force: true});
        throw error;
    }
    fsyncDirectorySync(path.dirname(journalPath));
    return aside;
}

function uniqueLink(journalPath: string): string {
    const base = setAsideName(journalPath);
    for (let n = 0; ; n++) {
        const aside = n === 0 ? base : `${base}-${n}`;
        try {
            linkSync(journalPath, aside);
            fsyncDirectorySync(path.dirname(journalPath));
            return aside;
        } catch (error) {
            const code = (error as NodeJS.ErrnoException).code;
            if (code === "EEXIST") continue;
            if (code !== "EPERM" && code !== "ENOTSUP" && code !== "EXDEV") throw error;
            // A file system without hard links: a copy, fsynced, then the original is replaced as usual.
            copyFileSync(journalPath, aside, constants.COPYFILE_EXCL);
            const fd = openSync(aside, "r+");
            try {
                fsyncSync(fd);
            } finally {
                closeSync(fd);
            }
            return aside;
        }
    }
}

function copyPrefix(from: string, to: string, bytes: number): void {
    const input = openSync(from, "r");
    const output = openSync(to, "w");
    try {
        const buffer = Buffer.allocUnsafe(Math.min(bytes, 16 * 1024 * 1024));
        for (let done = 0; done < bytes;) {
            const read = readSync(input, buffer, 0, Math.min(buffer.length, bytes - done), done);
            if (read === 0) throw new Error(`${from} is shorter than expected`);
            for (let written = 0; written < read;) written += writeSync(output, buffer, written, read - written);
            done += read;
        }
        fsyncSync(output);
    } finally {
        closeSync(input);
        closeSync(output);
    }
}
