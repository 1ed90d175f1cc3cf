import {open, type FileHandle} from "node:fs/promises";
import {GgufReadError} from "./GgufReadError.js";

/** A metadata value of a GGUF file, as read: arrays keep their elements, 64-bit integers are bigint. */
export type GgufValue = number | bigint | boolean | string | GgufValue[];

export type GgufTensorHeader = {name: string, dimensions: bigint[], ggmlType: number, offset: bigint};

/** What the front of a GGUF file says: version, key/value metadata and the tensor table. */
export type GgufHeader = {
    version: number,
    metadata: Map<string, GgufValue>,
    tensors: GgufTensorHeader[],
    /** Where tensor data begins: the end of the tensor table rounded up to `general.alignment`. */
    dataOffset: bigint
};

const ggufMagic = 0x46554747; // "GGUF" read as a little-endian u32

/**
 * Reads the header, metadata and tensor table of a GGUF file (v2 or v3), without reading tensor data.
 * A small reader of its own: only llm/ loads node-llama-cpp, and this is faster on a swap's path (one open,
 * a few buffered reads).
 * Arrays with more than `maxArrayElements` elements (a vocabulary) are skipped and read as [].
 * @throws GgufReadError when the file is not a GGUF, uses an unknown value type, or ends early.
 */
export async function readGgufHeader(path: string, options: {maxArrayElements?: number} = {}): Promise<GgufHeader> {
    const handle = await open(path, "r");
    try {
        const reader = new ChunkReader(handle, path);
        const magic = await reader.u32();
        // The bytes found are not quoted: the file may be anything, a secret included.
        if (magic !== ggufMagic) throw new GgufReadError(path, "it does not begin with the GGUF magic, so it is not a GGUF file");
        const version = await reader.u32();
        if (version !== 2 && version !== 3) throw new GgufReadError(path, `GGUF version ${version} is not 2 or 3`);
        const tensorCount = await reader.u64();
        const kvCount = await reader.u64();
        if (tensorCount > 1_000_000n || kvCount > 1_000_000n)
            throw new GgufReadError(path, `implausible counts (${tensorCount} tensors, ${kvCount} keys)`);
        const metadata = new Map<string, GgufValue>();
        const maxArray = options.maxArrayElements ?? 65_536;
        for (let i = 0n; i < kvCount; i++) {
            const key = await reader.string();
            const type = await reader.u32();
            metadata.set(key, await reader.value(type, maxArray));
        }
        const tensors: GgufTensorHeader[] = [];
        for (let i = 0n; i < tensorCount; i++) {
            const name = await reader.string();
            const dimensionCount = await reader.u32();
            if (dimensionCount > 8) throw new GgufReadError(path, `tensor ${name} has ${dimensionCount} dimensions`);
            const dimensions: bigint[] = [];
            for (let d = 0; d < dimensionCount; d++) dimensions.push(await reader.u64());
            tensors.push({name, dimensions, ggmlType: await reader.u32(), offset: await reader.u64()});
        }
        const alignmentValue = metadata.get("general.alignment");
        const alignment = BigInt(typeof alignmentValue === "number" || typeof alignmentValue === "bigint" ? alignmentValue : 32);
        const end = BigInt(reader.position);
        const dataOffset = alignment > 0n ? (end + alignment - 1n) / alignment * alignment : end;
        return {version, metadata, tensors, dataOffset};
    } finally {
        await handle.close();
    }
}

/** Sequential little-endian reads over a file handle, fetching 64 KB at a time. */
class ChunkReader {
    #buffer = Buffer.alloc(0);
    #bufferStart = 0;
    position = 0;

    constructor(readonly handle: FileHandle, readonly path: string) {}

    async #need(bytes: number): Promise<Buffer> {
        const offset = this.position - this.#bufferStart;
        if (offset + bytes <= this.#buffer.length) {
            this.position += bytes;
            return this.#buffer.subarray(offset, offset + bytes);
        }
        const size = Math.max(bytes, 65_536);
        const buffer = Buffer.alloc(size);
        const {bytesRead} = await this.handle.read(buffer, 0, size, this.position);
        if (bytesRead < bytes) throw new GgufReadError(this.path, `it ends at byte ${this.position + bytesRead}, inside its header`);
        this.#buffer = buffer.subarray(0, bytesRead);
        this.#bufferStart = this.position;
        this.position += bytes;
        return this.#buffer.subarray(0, bytes);
    }

    async u32(): Promise<number> {
        return (await this.#need(4)).readUInt32LE(0);
    }

    async u64(): Promise<bigint> {
        return (await this.#need(8)).readBigUInt64LE(0);
    }

    async string(): Promise<string> {
        const length = await this.u64();
        if (length > 16_777_216n) throw new GgufReadError(this.path, `a string of ${length} bytes at byte ${this.position - 8}`);
        return (await this.#need(Number(length))).toString("utf8");
    }

    async value(type: number, maxArray: number): Promise<GgufValue> {
        switch (type) {
            case 0: return (await this.#need(1)).readUInt8(0);
            case 1: return (await this.#need(1)).readInt8(0);
            case 2: return (await this.#need(2)).readUInt16LE(0);
            case 3: return (await this.#need(2)).readInt16LE(0);
            case 4: return (await this.#need(4)).readUInt32LE(0);
            case 5: return (await this.#need(4)).readInt32LE(0);
            case 6: return (await this.#need(4)).readFloatLE(0);
            case 7: return (await this.#need(1)).readUInt8(0) !== 0;
            case 8: return this.string();
            case 9: {
                const elementType = await this.u32();
                const count = await this.u64();
                if (count > 100_000_000n) throw new GgufReadError(this.path, `an array of ${count} elements`);
                const keep = count <= BigInt(maxArray);
                const values: GgufValue[] = [];
                for (let i = 0n; i < count; i++) {
                    const element = await this.value(elementType, maxArray);
                    if (keep) values.push(element);
                }
                return values;
            }
            case 10: return (await this.#need(8)).readBigUInt64LE(0);
            case 11: return (await this.#need(8)).readBigInt64LE(0);
            case 12: return (await this.#need(8)).readDoubleLE(0);
            default:
                throw new GgufReadError(this.path, `unknown metadata value type ${type} at byte ${this.position - 4}`);
        }
    }
}
