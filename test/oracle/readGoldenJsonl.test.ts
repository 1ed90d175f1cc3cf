import {writeFile} from "node:fs/promises";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {Runtime} from "../../src/index.js";
import {addGoldenSample, GoldenSampleError, importGoldenSamplesAndSave, parseGoldenJsonl, readGoldenJsonl} from "../../src/oracle/index.js";
import {contentId} from "../../src/oracle/normalizedContent.js";
import {mulberry32} from "../helpers/mulberry32.js";
import {exchange, freshRuntime} from "./helpers.js";

let dir: string;
let cleanup: () => Promise<void>;
let runtime: Runtime;
beforeEach(async () => ({runtime, dir, cleanup} = await freshRuntime()));
afterEach(async () => cleanup());

const openai = (user: string, reply: string): string => JSON.stringify({messages: [{role: "user", content: user}, {role: "assistant", content: reply}]});
const chatml = (user: string, reply: string): string => JSON.stringify({text: `<|im_start|>user\n${user}<|im_end|>\n<|im_start|>assistant\n${reply}<|im_end|>\n`,
    metadata: {scores: {judge: "J", golden: 4, axes: {a: {score: 4, rationale: "ok"}}}}});

/** What parseGoldenJsonl answers for `text`, or the message of its error. */
function parsed(text: string): unknown {
    try {
        return parseGoldenJsonl(text, "openai").map(({messages, scores}) => ({messages, scores}));
    } catch (error) {
        if (!(error instanceof GoldenSampleError)) throw error;
        return error.message;
    }
}

async function read(text: string | Buffer): Promise<unknown> {
    const file = path.join(dir, "samples.jsonl");
    await writeFile(file, text);
    try {
        return (await readGoldenJsonl(file, "openai")).map(({messages, scores}) => ({messages, scores}));
    } catch (error) {
        if (!(error instanceof GoldenSampleError)) throw error;
        return error.message;
    }
}

describe("readGoldenJsonl", () => {
    it("reads a file as parseGoldenJsonl reads its text: CRLF, blank lines, no last line break, multi-byte characters, bad lines", async () => {
        const random = mulberry32(11);
        const pieces = [openai("a", "b"), chatml("Tea é😀?", "Leaves \"x\"\n."), "", "  ", "\r", "{bad", openai("only a user", ""), "[]",
            chatml("ü".repeat(50), "ok"), openai("Q\r", "A")];
        for (let i = 0; i < 300; i++) {
            let text = "";
            for (let n = Math.floor(random() * 8); n > 0; n--) text += pieces[Math.floor(random() * pieces.length)] + (random() < 0.2 ? "\r\n" : "\n");
            if (random() < 0.5) text += pieces[Math.floor(random() * pieces.length)];
            expect(await read(text), JSON.stringify(text)).toEqual(parsed(text));
        }
    });

    it("reads lines that straddle its chunks and lines longer than a chunk, with characters cut between chunks", async () => {
        // Each line just over a quarter of a MiB of two-byte characters: chunk ends fall inside lines and inside characters.
        const lines = Array.from({length: 12}, (_, i) => openai(`q${i} ${"é".repeat(70_000 + i * 7)}`, `a${i}`));
        lines.splice(5, 0, openai(`long ${"x".repeat(3_000_000)}`, "long"));
        const text = `${lines.join("\n")}\n`;
        const back = await read(text);
        expect(back).toEqual(parsed(text));
        expect((back as unknown[]).length).toBe(13);
        // A bad line after them is named by its number.
        expect(await read(`${text}\n{"messages": 1}\n`)).toMatch(/^line 15: not a usable golden sample: messages is not an array/);
    });

    it("says where a line is not JSON, naming the line and quoting nothing of it", async () => {
        const message = await read(`${openai("a", "b")}\n{"messages": [secret-words]}\n`);
        expect(message).toMatch(/^line 2: not a usable golden sample: it is not valid JSON/);
        expect(message).not.toContain("secret");
    });

    it("answers the file system's error when the file cannot be read", async () => {
        await expect(readGoldenJsonl(path.join(dir, "missing.jsonl"), "openai")).rejects.toMatchObject({code: "ENOENT"});
        await expect(readGoldenJsonl(dir, "openai")).rejects.toMatchObject({code: "EISDIR"});
    });

    it("imports what it read: content ids, duplicates in the file and of samples already there, the file's scores", async () => {
        const file = path.join(dir, "import.jsonl");
        await writeFile(file, [chatml("One?", "1."), chatml("Two?", "2."), chatml("  ONE? ", "1."), openai("Three?", "3."), openai("Four?", "4.")].join("\n"));
        // Three is there already, added by an import of an array.
        expect(await importGoldenSamplesAndSave(runtime, "BRICK", [exchange("three?", "3.")], "before")).toEqual({added: 1, duplicates: 0});
        expect(await importGoldenSamplesAndSave(runtime, "BRICK", await readGoldenJsonl(file, "chatml"), file)).toEqual({added: 3, duplicates: 2});
        const dataset = runtime.manager.get("BRICK").record.goldenDataset;
        expect(dataset.map((s) => s.messages[0]!.content)).toEqual(["three?", "One?", "Two?", "Four?"]);
        expect(dataset.map((s) => s.id)).toEqual(dataset.map((s) => contentId(s.messages)));
        expect(dataset.at(1)!.provenance).toMatchObject({judge: `import:${file}`, scores: {judge: "J", golden: 4, axes: {a: {score: 4, rationale: "ok"}}}});
        expect(dataset.at(3)!.provenance.scores).toBeNull();
        expect(Object.isFrozen(dataset.at(1)!.provenance.scores!.axes["a"])).toBe(true);
        expect(Object.isFrozen(dataset.at(1)!.messages[0])).toBe(true);
        // The duplicate index the import carried onto the new dataset finds its samples and the older ones where they are.
        const provenance = {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date()};
        const personaId = runtime.manager.get("BRICK").personaId;
        for (const [user, reply, at] of [["TWO?", "2.", 2], ["Three?", "3.", 0], ["four?", "4.", 3]] as const)
            expect(addGoldenSample(runtime, personaId, exchange(user, reply), provenance, 0.1)).toMatchObject({added: false, existing: dataset.at(at)});
        expect(addGoldenSample(runtime, personaId, exchange("Five?", "5."), provenance, 0.1).added).toBe(true);
        expect(addGoldenSample(runtime, personaId, exchange("five?", "5."), provenance, 0.1)).toMatchObject({added: false, existing: {messages: exchange("Five?", "5.")}});
    });
});
