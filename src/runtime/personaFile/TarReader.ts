import {createHash} from "node:crypto";
import {open, type FileHandle} from "node:fs/promises";
import {blockSize, decodeTarHeader, paddingFor} from "./tarHeader.js";
import {TarRefusal} from "./TarRefusal.js";

/** One member of an archive: where its bytes are in the file. */
export type TarEntry = {name: string, offset: number, size: number};

/**
 * I read a ustar archive without trusting it: the index of its members is built from the headers alone
 * (no data is read), and every header is checked first: its checksum, that it is a regular file (no link,
 * device or folder), that its name is one `namePattern` allows (so no absolute path and no `..`), that its
 * declared size fits in what is left of the file, that no name repeats, and that there are at most
 * `maxEntries`. Members are then read by position.
 */
export class TarReader implements AsyncDisposable {
    private constructor(private readonly handle: FileHandle, public readonly bytes: number, public readonly entries: readonly TarEntry[]) {}

    public static async open(file: string, limits: {maxEntries: number, namePattern: RegExp}): Promise<TarReader> {
        const handle = await open(file, "r");
        try {
            const {size} = await handle.stat();
            const entries = await index(handle, size, limits);
            return new TarReader(handle, size, entries);
        } catch (error) {
            await handle.close();
            throw error;
        }
    }

    public entry(name: string): TarEntry | undefined {
        return this.entries.find((e) => e.name === name);
    }

    /** The member's bytes (the caller has checked the size is one it accepts in memory). */
    public async read(entry: TarEntry): Promise<Buffer> {
        const buffer = Buffer.alloc(entry.size);
        let done = 0;
        while (done < entry.size) {
            const {bytesRead} = await this.handle.read(buffer, done, entry.size - done, entry.offset + done);
            if (bytesRead === 0) throw new TarRefusal(`${entry.name} ends early`, "The file is cut short: copy it again.");
            done += bytesRead;
        }
        return buffer;
    }

    /** Streams the member's bytes in chunks to `sink` and answers their sha256 (hex). */
    public async stream(entry: TarEntry, sink: (chunk: Buffer) => Promise<void> | void): Promise<string> {
        const hash = createHash("sha256");
        const buffer = Buffer.alloc(Math.min(8 * 1024 * 1024, Math.max(entry.size, 1)));
        let done = 0;
        while (done < entry.size) {
            const {bytesRead} = await this.handle.read(buffer, 0, Math.min(buffer.length, entry.size - done), entry.offset + done);
            if (bytesRead === 0) throw new TarRefusal(`${entry.name} ends early`, "The file is cut short: copy it again.");
            const chunk = buffer.subarray(0, bytesRead);
            hash.update(chunk);
            await sink(chunk);
            done += bytesRead;
        }
        return hash.digest("hex");
    }

    public async close(): Promise<void> {
        await this.handle.close();
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.close();
    }
}

async function index(handle: FileHandle, size: number, limits: {maxEntries: number, namePattern: RegExp}): Promise<TarEntry[]> {
    const entries: TarEntry[] = [];
    const names = new Set<string>();
    const block = Buffer.alloc(blockSize);
    let position = 0;
    // Another kind of file is named as such, even when it is shorter than a tar header.
    const {bytesRead: head} = await handle.read(block, 0, blockSize, 0);
    refuseOtherFormats(block.subarray(0, head));
    for (;;) {
        if (position + blockSize > size)
            throw new TarRefusal(position === 0 ? "it is empty or not an archive" : "it ends without the end-of-archive marker (it was cut short)",
                "Copy the file again, whole.");
        const {bytesRead} = await handle.read(block, 0, blockSize, position);
        if (bytesRead < blockSize) throw new TarRefusal("it ends inside a member's header", "Copy the file again, whole.");
        const header = decodeTarHeader(block);
        if (header == null) break;
        const where = `the member at byte ${position}`;
        if (!header.ustar || !header.checksumOk)
            throw new TarRefusal(`${where} has a damaged header (${header.ustar ? "its checksum is wrong" : "it is not a ustar header"})`,
                "The file is damaged: export the persona again.");
        if (header.type !== "0" && header.type !== "\u0000")
            throw new TarRefusal(`${where} is ${describeType(header.type)}, and a persona file holds regular files only`,
                "Import only persona files written by `living-image persona export`.");
        if (!limits.namePattern.test(header.name))
            throw new TarRefusal(`${where} has the path ${JSON.stringify(header.name.slice(0, 120))}, which a persona file never uses ` +
                "(an absolute path, `..`, or a folder outside the file's own)", "Import only persona files written by `living-image persona export`.");
        if (names.has(header.name)) throw new TarRefusal(`the member ${header.name} appears twice`, "Import only persona files written by `living-image persona export`.");
        const dataStart = position + blockSize;
        if (!Number.isSafeInteger(header.size) || header.size < 0 || header.size > size - dataStart)
            throw new TarRefusal(`the member ${header.name} declares ${Number.isFinite(header.size) ? header.size : "an impossible number of"} bytes, ` +
                `but only ${size - dataStart} follow it in the file`, "The file is damaged or cut short: export the persona again.");
        if (entries.length >= limits.maxEntries)
            throw new TarRefusal(`it holds more than ${limits.maxEntries} members`, "Import only persona files written by `living-image persona export`.");
        names.add(header.name);
        entries.push({name: header.name, offset: dataStart, size: header.size});
        position = dataStart + header.size + paddingFor(header.size);
    }
    return entries;
}

function refuseOtherFormats(block: Buffer): void {
    if (block[0] === 0x1f && block[1] === 0x8b)
        throw new TarRefusal("it is gzip-compressed", "Decompress it first (`gunzip FILE`), then import the .tar.");
    if (block.toString("latin1", 0, 4) === "PK\u0003\u0004") throw new TarRefusal("it is a zip archive, not a persona file (a tar archive)", "Export the persona with `living-image persona export`.");
}

function describeType(type: string): string {
    switch (type) {
        case "1": return "a hard link";
        case "2": return "a symbolic link";
        case "3":
        case "4": return "a device";
        case "5": return "a folder";
        case "6": return "a FIFO";
        case "x":
        case "g": return "a pax extended header";
        case "L":
        case "K": return "a GNU long name";
        default: return `of type ${JSON.stringify(type)}`;
    }
}
