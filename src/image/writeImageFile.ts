import {createHash} from "node:crypto";
import {copyFile, link, open, readFile, rename, rm, stat} from "node:fs/promises";
import path from "node:path";
import {CorruptImageError} from "./CorruptImageError.js";
import {fsyncDirectory} from "./fsyncDirectory.js";
import {verifyImageBytes, type EncodedImage} from "./imageFormat.js";
import {backupPathFor} from "./siblingPaths.js";
import {writeFully, writeTextPieces} from "./writeTextPieces.js";

/** Enough of a stat to tell that a file is still the one we wrote or verified. */
export type FileIdentity = {dev: number, ino: number, size: number, mtimeMs: number, ctimeMs: number};

let counter = 0;

/**
 * Writes an encoded image to `imagePath` so that, whenever the process dies, the path holds either
 * the old image or the new one, complete:
 *
 * 1. write `<path>.tmp-<pid>-<n>` (the body streamed first, then the header with its checksum) and fsync it,
 *    fsync the directory;
 * 2. if the current image verifies (checksum), make it the `.bak`: hard-link it to a temporary name
 *    and rename that over `.bak`, so the image path never disappears; a current file that does not
 *    verify leaves the `.bak` alone, so a good backup is never replaced by bad state;
 * 3. rename the temporary file over the path and fsync the directory.
 *
 * `trusted` is the identity of the file as this process last wrote or verified it: when the
 * current file still has it, step 2 skips re-reading and re-hashing the whole image.
 * `backupAnyFile` (save-as --force over a file that is not an image) keeps whatever is there as `.bak`.
 * Returns the identity of the file written.
 */
export async function writeImageFile(imagePath: string, encoded: EncodedImage, trusted: FileIdentity | null,
    options: {backupAnyFile?: boolean} = {}): Promise<FileIdentity> {
    const directory = path.dirname(imagePath);
    const suffix = `${process.pid}-${++counter}`;
    const temporary = `${imagePath}.tmp-${suffix}`;
    try {
        const handle = await open(temporary, "w");
        try {
            // The body streams through small buffers, hashed on the way; the header, which holds its
            // length and checksum, goes last at offset 0.
            const hash = createHash("sha256");
            const bodyBytes = await writeTextPieces(handle, encoded.body(), encoded.headerBytes, hash);
            await writeFully(handle, Buffer.from(encoded.tail), encoded.headerBytes + bodyBytes);
            await writeFully(handle, encoded.header(bodyBytes, hash.digest("hex")), 0);
            await handle.sync();
        } finally {
            await handle.close();
        }
        await fsyncDirectory(directory);
        if (options.backupAnyFile === true ? await fileIdentity(imagePath) !== null : await currentImageIsGood(imagePath, trusted)) {
            const backup = backupPathFor(imagePath);
            const backupTemporary = `${backup}.tmp-${suffix}`;
            await linkOrCopy(imagePath, backupTemporary);
            await rename(backupTemporary, backup);
            await fsyncDirectory(directory);
        }
        await rename(temporary, imagePath);
        await fsyncDirectory(directory);
    } catch (error) {
        await rm(temporary, {force: true});
        throw error;
    }
    return identityOf(await stat(imagePath));
}

/** The identity of an image file as it is now, or null if it does not exist. */
export async function fileIdentity(filePath: string): Promise<FileIdentity | null> {
    try {
        return identityOf(await stat(filePath));
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
    }
}

async function currentImageIsGood(imagePath: string, trusted: FileIdentity | null): Promise<boolean> {
    const current = await fileIdentity(imagePath);
    if (current === null) return false;
    if (trusted !== null && sameIdentity(current, trusted)) return true;
    try {
        verifyImageBytes(await readFile(imagePath), imagePath);
        return true;
    } catch (error) {
        if (error instanceof CorruptImageError) return false;
        throw error;
    }
}

async function linkOrCopy(from: string, to: string): Promise<void> {
    await rm(to, {force: true});
    try {
        await link(from, to);
    } catch {
        // File systems without hard links: a copy, fsynced, is as good, only slower.
        await copyFile(from, to);
        const handle = await open(to, "r+");
        try {
            await handle.sync();
        } finally {
            await handle.close();
        }
    }
}

function identityOf(s: {dev: number, ino: number, size: number, mtimeMs: number, ctimeMs: number}): FileIdentity {
    return {dev: s.dev, ino: s.ino, size: s.size, mtimeMs: s.mtimeMs, ctimeMs: s.ctimeMs};
}

function sameIdentity(a: FileIdentity, b: FileIdentity): boolean {
    return a.dev === b.dev && a.ino === b.ino && a.size === b.size && a.mtimeMs === b.mtimeMs && a.ctimeMs === b.ctimeMs;
}
