import {createHash} from "node:crypto";
import {readFileSync} from "node:fs";
import {open} from "node:fs/promises";
import path from "node:path";
import {describe, expect, it, vi} from "vitest";
import {writeTextPieces} from "../../src/image/writeTextPieces.js";
import {imageFileForEach} from "./sampleWorld.js";

describe("writeTextPieces", () => {
    const at = imageFileForEach();

    it("writes the UTF-8 bytes of its pieces in order from the position, hashes them, and answers their length", async () => {
        // ASCII and non-ASCII pieces, small ones across the buffers' ends, and pieces larger than a buffer (4 MiB).
        const pieces: string[] = [];
        for (let i = 0; i < 3000; i++) pieces.push(i % 10 === 0 ? `é😀ß${i}` : `"piece ${i}",`.repeat(1 + (i % 500)));
        pieces.splice(1000, 0, "a".repeat(5 << 20), "ü".repeat(3 << 20), "");
        const expected = Buffer.from(pieces.join(""), "utf8");
        const file = path.join(at.dir, "pieces");
        const handle = await open(file, "w");
        const hash = createHash("sha256");
        let bytes: number;
        try {
            await handle.write(Buffer.from("head"), 0, 4, 0);
            bytes = await writeTextPieces(handle, pieces, 4, hash);
        } finally {
            await handle.close();
        }
        expect(bytes).toBe(expected.length);
        expect(readFileSync(file).equals(Buffer.concat([Buffer.from("head"), expected]))).toBe(true);
        expect(hash.digest("hex")).toBe(createHash("sha256").update(expected).digest("hex"));
    });

    it("flushes what it wrote every 16 MiB or so while it goes on, and fails with a flush's error", async () => {
        const pieces = Array.from({length: 400}, (_, i) => `${i % 10}`.repeat(100_000));
        const file = path.join(at.dir, "flushed");
        const handle = await open(file, "w");
        const datasync = vi.spyOn(handle, "datasync");
        try {
            expect(await writeTextPieces(handle, pieces, 0, createHash("sha256"))).toBe(40_000_000);
        } finally {
            await handle.close();
        }
        expect(datasync.mock.calls.length).toBe(2);
        expect(readFileSync(file).equals(Buffer.from(pieces.join("")))).toBe(true);

        const failing = await open(path.join(at.dir, "failing"), "w");
        vi.spyOn(failing, "datasync").mockRejectedValue(Object.assign(new Error("flush failed"), {code: "EIO"}));
        try {
            await expect(writeTextPieces(failing, pieces, 0, createHash("sha256"))).rejects.toMatchObject({code: "EIO"});
        } finally {
            await failing.close();
        }
    });

    it("fails with the write's error, once no write is running", async () => {
        const file = path.join(at.dir, "read-only");
        await (await open(file, "w")).close();
        const handle = await open(file, "r");
        try {
            const pieces = Array.from({length: 200}, (_, i) => `${i}`.repeat(100_000));
            await expect(writeTextPieces(handle, pieces, 0, createHash("sha256"))).rejects.toMatchObject({code: "EBADF"});
        } finally {
            await handle.close();
        }
        expect(readFileSync(file).length).toBe(0);
    });
});
