import {open} from "node:fs/promises";
import {parseGoldenLine, type GoldenFormat, type ImportedConversation} from "./goldenJsonl.js";

/** Bytes read at a time. */
const chunkBytes = 1 << 20;

/**
 * Reads a golden JSONL file: parseGoldenJsonl of its text, the same conversations and the same errors on
 * the same line numbers, but read a chunk at a time into two reused buffers (the next chunk is read while
 * this one is parsed), each line decoded by itself, so that the file's text is never one string.
 * readFile(…, "utf8") and a scan of its text cost 100,000 samples (72 MB) more than parsing every line:
 * it decodes the file in pieces, joins them, and the join is copied flat (into fresh memory, the size of
 * the file) before the first line can be found.
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
    const buffers = [Buffer.allocUnsafe(chunkBytes), Buffer.allocUnsafe(chunkBytes)];
    let reading = handle.read(buffers[0]!, 0, chunkBytes, null);
    try {
        // The start of a line whose end is in a later chunk (a copy: its buffer is read into again).
        let held: Buffer | null = null;
        for (let current = 0; ; current = 1 - current) {
            const {bytesRead} = await reading;
            if (bytesRead === 0) {
                // The end of the file: what is held is the last line, which has no line break.
                take(held ?? Buffer.alloc(0), 0, held?.length ?? 0);
                break;
            }
            // The other buffer's chunk has been parsed: the next chunk is read into it while this one is.
            reading = handle.read(buffers[1 - current]!, 0, chunkBytes, null);
            const chunk = buffers[current]!.subarray(0, bytesRead);
            let start = 0;
            let newline = chunk.indexOf(0x0a);
            if (held !== null) {
                if (newline < 0) {
                    held = Buffer.concat([held, chunk]);
                    continue;
                }
                const line = Buffer.concat([held, chunk.subarray(0, newline)]);
                held = null;
                take(line, 0, line.length);
                start = newline + 1;
                newline = chunk.indexOf(0x0a, start);
            }
            for (; newline >= 0; newline = chunk.indexOf(0x0a, start)) {
                take(chunk, start, newline);
                start = newline + 1;
            }
            if (start < chunk.length) held = Buffer.from(chunk.subarray(start));
        }
    } finally {
        // Never close the file under a read still running (a bad line ends the loop with one in flight).
        await reading.catch(() => undefined);
        await handle.close();
    }
    return conversations;
}
