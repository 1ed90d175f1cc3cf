import {open} from "node:fs/promises";

/** What a quick look at a GGUF file's header tells: enough to refuse a wrong file before any engine sees it. */
export type GgufHeader = {version: number, tensorCount: bigint, metadata: Map<string, unknown>};

export class GgufFileError extends Error {
    public override readonly name = "GgufFileError";

    public constructor(public readonly path: string, public readonly reason: string) {
        super(`${path}: ${reason}`);
    }
}

const typeSizes: Record<number, number> = {0: 1, 1: 1, 2: 2, 3: 2, 4: 4, 5: 4, 6: 4, 7: 1, 10: 8, 11: 8, 12: 8};

/**
 * Reads the GGUF magic, version and metadata key/values (not the tensors). Throws GgufFileError
 * for a missing file, a wrong magic or a header cut short. Arrays are read as their length only,
 * except arrays of strings of at most 64 items.
 */
export async function readGgufHeader(path: string, maxBytes = 64 * 1024 * 1024): Promise<GgufHeader> {
    let handle;
    try {
        handle = await open(path, "r");
    } catch (error) {
        throw new GgufFileError(path, `cannot be opened (${(error as NodeJS.ErrnoException).code ?? String(error)}). Check the path.`);
    }
    try {
        const size = (await handle.stat()).size;
        const length = Math.min(size, maxBytes);
        const buffer = Buffer.alloc(length);
        await handle.read(buffer, 0, length, 0);
        return parseHeader(buffer, path);
    } finally {
        await handle.close();
    }
}

function parseHeader(buffer: Buffer, path: string): GgufHeader {
    let offset = 0;
    const need = (bytes: number) => {
        if (offset + bytes > buffer.length) throw new GgufFileError(path, "is truncated: the GGUF header ends early.");
    };
    const u32 = () => { need(4); const v = buffer.readUInt32LE(offset); offset += 4; return v; };
    const u64 = () => { need(8); const v = buffer.readBigUInt64LE(offset); offset += 8; return v; };
    const str = () => {
        const len = Number(u64());
        need(len);
        const v = buffer.toString("utf8", offset, offset + len);
        offset += len;
        return v;
    };
    need(4);
    if (buffer.toString("latin1", 0, 4) !== "GGUF") throw new GgufFileError(path, "is not a GGUF file (the magic bytes are not \"GGUF\").");
    offset = 4;
    const version = u32();
    if (version < 2 || version > 3) throw new GgufFileError(path, `has GGUF version ${version}; only versions 2 and 3 are supported.`);
    const tensorCount = u64();
    const kvCount = u64();
    const metadata = new Map<string, unknown>();
    const readValue = (type: number): unknown => {
        switch (type) {
            case 0: need(1); return buffer.readUInt8(offset++);
            case 1: need(1); return buffer.readInt8(offset++);
            case 2: { need(2); const v = buffer.readUInt16LE(offset); offset += 2; return v; }
            case 3: { need(2); const v = buffer.readInt16LE(offset); offset += 2; return v; }
            case 4: return u32();
            case 5: { need(4); const v = buffer.readInt32LE(offset); offset += 4; return v; }
            case 6: { need(4); const v = buffer.readFloatLE(offset); offset += 4; return v; }
            case 7: need(1); return buffer.readUInt8(offset++) !== 0;
            case 8: return str();
            case 9: {
                const itemType = u32();
                const count = Number(u64());
                if (itemType === 8 && count <= 64) return Array.from({length: count}, () => str());
                if (itemType === 8 || itemType === 9) {
                    for (let i = 0; i < count; i++) readValue(itemType);
                } else {
                    const size = typeSizes[itemType];
                    if (size == null) throw new GgufFileError(path, `has an array of unknown type ${itemType}.`);
                    need(size * count);
                    offset += size * count;
                }
                return {arrayOf: itemType, length: count};
            }
            case 10: return u64();
            case 11: { need(8); const v = buffer.readBigInt64LE(offset); offset += 8; return v; }
            case 12: { need(8); const v = buffer.readDoubleLE(offset); offset += 8; return v; }
            default: throw new GgufFileError(path, `has a metadata value of unknown type ${type}.`);
        }
    };
    for (let i = 0n; i < kvCount; i++) {
        const key = str();
        metadata.set(key, readValue(u32()));
    }
    return {version, tensorCount, metadata};
}
