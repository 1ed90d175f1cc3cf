import {createHash} from "node:crypto";
import {open, type FileHandle} from "node:fs/promises";
import {peekBodyRange, type BodyDigest} from "./imageFormat.js";

/** What `readImageFile` read: the whole file, and the body's sha256 when it could be computed on the way. */
export type ReadImage = {bytes: Buffer, digest: BodyDigest | null};

// Big enough for few syscalls, small enough that hashing one chunk overlaps reading the next.
const chunkBytes = 8 * 1024 * 1024;

/**
 * Reads an image file into one buffer, hashing the body while the rest of the file is read: each
 * chunk is hashed here while the next is read on the thread pool, so on two cores verifying the
 * checksum costs almost no extra time. Answers null when the file does not exist.
 *
 * Why not fs.promises.readFile: it reads 512 KiB chunks and concatenates them, which on a 75 MB
 * image costs more CPU than the checksum, and leaves the hash to do afterwards.
 */
export async function readImageFile(filePath: string): Promise<ReadImage | null> {
    let handle: FileHandle;
    try {
        handle = await open(filePath, "r");
    } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
    }
    try {
        const {size} = await handle.stat();
        const bytes = Buffer.allocUnsafe(size);
        let filled = await readInto(handle, bytes, 0, Math.min(size, chunkBytes));
        const range = peekBodyRange(bytes.subarray(0, filled));
        const hash = range !== null && range.end <= size ? createHash("sha256") : null;
        let hashed = range?.start ?? 0;
        while (filled < size) {
            const reading = readInto(handle, bytes, filled, Math.min(size - filled, chunkBytes));
            if (hash !== null && range !== null) hashed = hashUpTo(hash, bytes, hashed, Math.min(filled, range.end));
            const read = await reading;
            if (read === 0) break;
            filled += read;
        }
        let digest: BodyDigest | null = null;
        if (hash !== null && range !== null && filled >= range.end) {
            hashUpTo(hash, bytes, hashed, range.end);
            digest = {start: range.start, end: range.end, hex: hash.digest("hex")};
        }
        return {bytes: filled === size ? bytes : bytes.subarray(0, filled), digest};
    } finally {
        await handle.close();
    }
}

function hashUpTo(hash: ReturnType<typeof createHash>, bytes: Buffer, from: number, to: number): number {
    if (to > from) hash.update(bytes.subarray(from, to));
    return Math.max(from, to);
}

async function readInto(handle: FileHandle, bytes: Buffer, offset: number, length: number): Promise<number> {
    let done = 0;
    while (done < length) {
        const {bytesRead} = await handle.read(bytes, offset + done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
    }
    return done;
}
