import type {Hash} from "node:crypto";
import type {FileHandle} from "node:fs/promises";

/** The bytes of a buffer; a piece longer than this is written from a buffer of its own. */
const bufferBytes = 4 << 20;

/**
 * Writes the UTF-8 bytes of `pieces`, in order, to `handle` from `position`, and feeds them to `hash`;
 * answers how many bytes were written. Two buffers are filled in turn and reused: one is written
 * (on the thread pool) while the next pieces are encoded into the other, and no buffer as large as the
 * file is ever allocated. A piece that is pure ASCII (its UTF-8 length is its length) is copied as
 * Latin-1, which gives the same bytes at the cost of a copy: Node's UTF-8 encoder is many times slower.
 *
 * Pieces must not split a surrogate pair (JSON text never does: each piece is whole tokens).
 * @throws the first write's error, once no write is still running.
 */
export async function writeTextPieces(handle: FileHandle, pieces: Iterable<string>, position: number, hash: Hash): Promise<number> {
    const buffers = [Buffer.allocUnsafe(bufferBytes), Buffer.allocUnsafe(bufferBytes)];
    const writing: (Promise<void> | null)[] = [null, null];
    let current = 0;
    let used = 0;
    let at = position;
    const send = (bytes: Buffer): void => {
        hash.update(bytes);
        const write = writeFully(handle, bytes, at);
        // Settled later (awaited before the buffer is reused, or at the end); never an unhandled rejection.
        write.catch(() => undefined);
        writing[current] = write;
        at += bytes.length;
    };
    try {
        for (const piece of pieces) {
            const bytes = Buffer.byteLength(piece, "utf8");
            if (used + bytes > bufferBytes) {
                if (used > 0) {
                    send(buffers[current]!.subarray(0, used));
                    current = 1 - current;
                    used = 0;
                }
                // The buffer about to be filled may still be being written.
                await writing[current];
                writing[current] = null;
                if (bytes > bufferBytes) {
                    send(Buffer.from(piece, bytes === piece.length ? "latin1" : "utf8"));
                    await writing[current];
                    writing[current] = null;
                    continue;
                }
            }
            buffers[current]!.write(piece, used, bytes === piece.length ? "latin1" : "utf8");
            used += bytes;
        }
        if (used > 0) send(buffers[current]!.subarray(0, used));
    } finally {
        // Never leave a write running on a handle the caller is about to close.
        await Promise.allSettled(writing);
    }
    for (const write of writing) await write;
    return at - position;
}

/** write() may write less than asked (a full disk, a signal): loops until done. */
export async function writeFully(handle: FileHandle, buffer: Buffer, position: number): Promise<void> {
    for (let offset = 0; offset < buffer.length;) {
        const {bytesWritten} = await handle.write(buffer, offset, buffer.length - offset, position + offset);
        offset += bytesWritten;
    }
}
