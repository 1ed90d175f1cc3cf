import {createHash} from "node:crypto";
import {open, type FileHandle} from "node:fs/promises";
import {FileChangedError} from "./FileChangedError.js";
import {blockSize, encodeTarHeader, paddingFor} from "./tarHeader.js";

const zeros = Buffer.alloc(blockSize * 2);
/** Buffers are handed to the disk in batches of about this many bytes (one writev each). */
const batchBytes = 8 * 1024 * 1024;

/**
 * I write a ustar archive member by member to an open file: buffers already in memory, and files copied
 * from disk in chunks (a multi-gigabyte model never sits in memory). Every member gets the same mtime,
 * owner 0 and mode 0644, so the same persona exported twice gives the same bytes.
 */
export class TarWriter {
    #pending: Buffer[] = [];
    #pendingBytes = 0;
    #bytes = 0;

    public constructor(private readonly handle: FileHandle, private readonly mtime: number) {}

    /** Bytes written so far (headers, data and padding). */
    public get bytes(): number {
        return this.#bytes + this.#pendingBytes;
    }

    /** Adds a member made of `chunks` (their total length is its size). */
    public async addBuffers(name: string, chunks: readonly Buffer[]): Promise<void> {
        const size = chunks.reduce((sum, chunk) => sum + chunk.length, 0);
        await this.#push(encodeTarHeader(name, size, this.mtime));
        for (const chunk of chunks) await this.#push(chunk);
        await this.#pad(size);
    }

    /**
     * Adds a member copied from `source`, which must still have `size` bytes and the sha256 `sha256` the
     * manifest already promised: a file that changed since it was hashed fails the export, not the import.
     */
    public async addFile(name: string, source: string, size: number, sha256: string): Promise<void> {
        await this.#push(encodeTarHeader(name, size, this.mtime));
        await this.#flush();
        const input = await open(source, "r");
        const hash = createHash("sha256");
        let copied = 0;
        try {
            const buffer = Buffer.alloc(Math.min(batchBytes, Math.max(size, 1)));
            for (;;) {
                const {bytesRead} = await input.read(buffer, 0, buffer.length, copied);
                if (bytesRead === 0) break;
                copied += bytesRead;
                if (copied > size) break;
                const chunk = buffer.subarray(0, bytesRead);
                hash.update(chunk);
                const {bytesWritten} = await this.handle.write(chunk);
                if (bytesWritten !== bytesRead) throw new Error(`short write (${bytesWritten} of ${bytesRead} bytes): is the disk full?`);
                this.#bytes += bytesRead;
            }
        } finally {
            await input.close();
        }
        if (copied !== size || hash.digest("hex") !== sha256) throw new FileChangedError(source);
        await this.#pad(size);
    }

    /** Writes the end-of-archive marker (two zero blocks) and hands everything to the disk. */
    public async finish(): Promise<void> {
        await this.#push(zeros);
        await this.#flush();
    }

    async #pad(size: number): Promise<void> {
        const padding = paddingFor(size);
        if (padding > 0) await this.#push(zeros.subarray(0, padding));
    }

    async #push(buffer: Buffer): Promise<void> {
        this.#pending.push(buffer);
        this.#pendingBytes += buffer.length;
        if (this.#pendingBytes >= batchBytes) await this.#flush();
    }

    async #flush(): Promise<void> {
        if (this.#pending.length === 0) return;
        const buffers = this.#pending;
        const bytes = this.#pendingBytes;
        this.#pending = [];
        this.#pendingBytes = 0;
        // writev takes at most IOV_MAX (1024) buffers per call.
        for (let i = 0; i < buffers.length; i += 1024) {
            const batch = buffers.slice(i, i + 1024);
            const {bytesWritten} = await this.handle.writev(batch);
            const expected = batch.reduce((sum, b) => sum + b.length, 0);
            if (bytesWritten !== expected) throw new Error(`short write (${bytesWritten} of ${expected} bytes): is the disk full?`);
        }
        this.#bytes += bytes;
    }
}
