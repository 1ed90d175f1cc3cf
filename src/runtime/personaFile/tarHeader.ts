/**
 * The 512-byte ustar header of one archive member, written and read here (POSIX.1-1988 "ustar", the
 * format `tar`, `bsdtar`, 7-Zip and Python's tarfile all read). Only regular files are written; sizes
 * beyond ustar's 8 GiB octal field use the base-256 form GNU tar and bsdtar read.
 */
export const blockSize = 512;

/** The largest size the 11-digit octal field holds; larger sizes go base-256. */
const octalSizeLimit = 0o77777777777;

export type TarHeader = {
    name: string,
    size: number,
    /** '0' or '\0' for a regular file; anything else is refused by the reader. */
    type: string,
    mtime: number,
    /** The header's checksum was right. */
    checksumOk: boolean,
    /** The magic said ustar (POSIX or GNU). */
    ustar: boolean
};

/** Encodes a regular file's header. `name` must be ASCII and at most 100 bytes (the writer chooses short names). */
export function encodeTarHeader(name: string, size: number, mtime: number): Buffer {
    const header = Buffer.alloc(blockSize);
    const nameBytes = Buffer.from(name, "ascii");
    if (nameBytes.length > 100 || !/^[\x20-\x7e]+$/.test(name)) throw new RangeError(`tar member name ${JSON.stringify(name)} is not short ASCII`);
    nameBytes.copy(header, 0);
    writeOctal(header, 100, 8, 0o644);
    writeOctal(header, 108, 8, 0);
    writeOctal(header, 116, 8, 0);
    if (size <= octalSizeLimit) writeOctal(header, 124, 12, size);
    else {
        // Base-256: the first byte's high bit set, the size big-endian in the rest of the field.
        header[124] = 0x80;
        let rest = BigInt(size);
        for (let i = 135; i > 124; i--) {
            header[i] = Number(rest & 0xffn);
            rest >>= 8n;
        }
    }
    writeOctal(header, 136, 12, Math.max(0, Math.floor(mtime)));
    header.write("0", 156, "ascii");
    header.write("ustar\u000000", 257, "ascii");
    header.fill(0x20, 148, 156);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, "0") + "\u0000 ", 148, "ascii");
    return header;
}

/** Decodes a header block. Answers null for an all-zero block (the end of the archive). */
export function decodeTarHeader(block: Buffer): TarHeader | null {
    if (block.every((byte) => byte === 0)) return null;
    let sum = 0;
    for (let i = 0; i < blockSize; i++) sum += i >= 148 && i < 156 ? 0x20 : block[i]!;
    const stored = readOctal(block, 148, 8);
    const name = cString(block, 0, 100);
    const prefix = cString(block, 345, 155);
    const magic = block.toString("latin1", 257, 263);
    return {
        name: prefix !== "" && magic === "ustar\u0000" ? `${prefix}/${name}` : name,
        size: readSize(block),
        type: block.toString("latin1", 156, 157),
        mtime: readOctal(block, 136, 12),
        checksumOk: stored === sum,
        ustar: magic === "ustar\u0000" || magic === "ustar "
    };
}

/** Bytes of padding after `size` bytes of data, up to the next block. */
export function paddingFor(size: number): number {
    return (blockSize - (size % blockSize)) % blockSize;
}

function writeOctal(header: Buffer, offset: number, length: number, value: number): void {
    header.write(value.toString(8).padStart(length - 1, "0") + "\u0000", offset, length, "ascii");
}

function readOctal(block: Buffer, offset: number, length: number): number {
    // The field ends at its first NUL; spaces may pad it on either side.
    const field = block.toString("latin1", offset, offset + length);
    const nul = field.indexOf("\u0000");
    const text = (nul === -1 ? field : field.slice(0, nul)).trim();
    if (text === "") return 0;
    if (!/^[0-7]+$/.test(text)) return Number.NaN;
    return parseInt(text, 8);
}

function readSize(block: Buffer): number {
    if ((block[124]! & 0x80) === 0) return readOctal(block, 124, 12);
    if (block[124] !== 0x80) return Number.NaN; // a negative base-256 number
    let size = 0n;
    for (let i = 125; i < 136; i++) size = (size << 8n) | BigInt(block[i]!);
    return size > BigInt(Number.MAX_SAFE_INTEGER) ? Number.POSITIVE_INFINITY : Number(size);
}

function cString(block: Buffer, offset: number, length: number): string {
    const end = block.indexOf(0, offset);
    return block.toString("latin1", offset, end === -1 || end > offset + length ? offset + length : end);
}
