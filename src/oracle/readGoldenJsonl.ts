import {open} from "node:fs/promises";
import {parseGoldenLine, type GoldenFormat, type ImportedConversation} from "./goldenJsonl.js";

/** Bytes read at a time; the buffer grows (doubling) only for a line longer than it. */
const chunkBytes = 1 << 20;

/**
 * Reads a golden JSONL file: parseGoldenJsonl of its text, the same conversations and the same errors on
 * the same line numbers, but read a chunk at a time into one reused buffer, each line decoded by itself,
 * so that the file's text is never one string. readFile(…, "utf8") and a scan of its text cost 100,000
 * samples (72 MB) more than parsing every line: it decodes the file in pieces, joins them, and the join
 * is copied flat (into fresh memory, the size of the file) before the first line can be found.
 *
 * Decoding line by line gives the text decoding the whole file gives: a line break is a byte that no
 * multi-byte UTF-8 character contains.
 * @throws GoldenSampleError naming the line and what is wrong with it; the file system's error when the
 * file cannot be read.
 */
export async function readGoldenJsonl(file: string, format: GoldenFormat): Promise<ImportedConversation[]> {
    const conversations: ImportedConversation[] = [];
    let number = 1;
    const take = (bytes: Buffer, start: number, end: number): void => {
        // A "\r" before the line break is not the line's (as split(/\r?\n/)).
        const stop = end > start && bytes[end - 1] === 0x0d ? end - 1 : end;
        const conversation = parseGoldenLine(bytes.toString("utf8", start, stop), number++, format);
        if (conversation !== null) conversations.push(conversation);
    };
    const handle = await open(file, "r");
    try {
        let buffer = Buffer.allocUnsafe(chunkBytes);
        // The first `held` bytes of the buffer are a line whose end has not been read yet.
        let held = 0;
        for (;;) {
            if (held === buffer.length) buffer = Buffer.concat([buffer, Buffer.allocUnsafe(buffer.length)]);
            const {bytesRead} = await handle.read(buffer, held, buffer.length - held, null);
            const read = buffer.subarray(0, held + bytesRead);
            if (bytesRead === 0) {
                // The end of the file: what is held is the last line, which has no line break.
                take(read, 0, read.length);
                break;
            }
            let start = 0;
            for (let newline = read.indexOf(0x0a, start); newline >= 0; newline = read.indexOf(0x0a, start)) {
                take(read, start, newline);
                start = newline + 1;
            }
            read.copyWithin(0, start);
            held = read.length - start;
        }
    } finally {
        await handle.close();
    }
    return conversations;
}
