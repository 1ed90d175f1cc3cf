import {execFile} from "node:child_process";
import {readFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {Runtime} from "../../src/index.js";
import {rateInteraction} from "../../src/oracle/index.js";
import {addInteraction, exchange, freshRuntime} from "./helpers.js";

const run = promisify(execFile);
const cli = (args: string[]) => run(process.execPath, ["--import", "tsx", path.resolve("src/cli/main.ts"), ...args], {cwd: process.cwd()})
    .then((r) => ({code: 0, stdout: r.stdout, stderr: r.stderr}), (e: {code: number, stdout: string, stderr: string}) => ({code: e.code, stdout: e.stdout, stderr: e.stderr}));

let dir: string;
let file: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
    let runtime: Runtime;
    ({runtime, dir, file, cleanup} = await freshRuntime());
    for (const [q, a] of [["Go first?", "Premise one: yes."], ["Tea?", "Leaves, \"steeped\".\nTwo lines."], ["Plan?", "Step one, step two."]])
        rateInteraction(runtime, "BRICK", addInteraction(runtime, "BRICK", exchange(q!, a!)), 5, "Architect");
    await runtime.save();
    await runtime.dispose();
});
afterAll(async () => cleanup());

describe("living-image golden export / import", () => {
    it("exports JSONL that reads back, and imports it into another persona once", async () => {
        for (const format of ["chatml", "openai"]) {
            const out = path.join(dir, `brick.${format}.jsonl`);
            const exported = await cli(["golden", "export", "BRICK", out, "--format", format, "--image", file]);
            expect(exported.stderr).toBe("");
            expect(exported.code).toBe(0);
            const lines = (await readFile(out, "utf8")).trimEnd().split("\n").map((l) => JSON.parse(l) as {messages?: {role: string, content: string}[], text?: string, metadata: {judge: string}});
            expect(lines).toHaveLength(3);
            for (const line of lines) {
                expect(line.metadata.judge).toBe("Architect");
                if (format === "openai") {
                    expect(Object.keys(line)).toEqual(["messages", "metadata"]);
                    expect(line.messages!.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
                    expect(line.messages![0]!.content).toMatch(/^You are BRICK\./);
                } else {
                    expect(Object.keys(line)).toEqual(["text", "metadata"]);
                    expect(line.text).toMatch(/^<\|im_start\|>system\nYou are BRICK\.[^]*<\|im_end\|>\n<\|im_start\|>user\n[^]*<\|im_start\|>assistant\n[^]*<\|im_end\|>\n$/);
                }
            }
            if (format === "openai") expect(lines[1]!.messages![2]!.content).toBe("Leaves, \"steeped\".\nTwo lines.");
            else expect(lines[1]!.text).toContain("<|im_start|>assistant\nLeaves, \"steeped\".\nTwo lines.<|im_end|>\n");
        }
        const stdout = await cli(["golden", "export", "BRICK", "--image", file]);
        expect(stdout.stdout.trimEnd().split("\n")).toHaveLength(3);

        const source = path.join(dir, "brick.openai.jsonl");
        const imported = await cli(["golden", "import", "ROBIN", source, "--format", "openai", "--image", file, "--json"]);
        expect(imported.code).toBe(0);
        expect(JSON.parse(imported.stdout)).toMatchObject({persona: "ROBIN", added: 3, duplicates: 0});
        const again = await cli(["golden", "import", "ROBIN", source, "--image", file, "--json"]);
        expect(JSON.parse(again.stdout)).toMatchObject({added: 0, duplicates: 3});

        const runtime = await Runtime.open(file, {readOnly: true});
        try {
            const robin = runtime.manager.get("ROBIN").record;
            expect(robin.goldenDataset).toHaveLength(3);
            // The file's scores travel with the sample; the source is the file.
            expect(robin.goldenDataset.at(0)!.provenance).toMatchObject({judge: `import:${source}`, interactionId: null, scores: {judge: "Architect", golden: 5}});
            // Same content, same id, same held-out side as in BRICK's dataset.
            expect(robin.goldenDataset.map((s) => [s.id, s.heldOut])).toEqual(runtime.manager.get("BRICK").record.goldenDataset.map((s) => [s.id, s.heldOut]));
        } finally {
            await runtime.dispose();
        }
    }, 180_000);

    it("refuses a file with a bad line and adds nothing from it", async () => {
        const bad = path.join(dir, "bad.jsonl");
        await writeFile(bad, JSON.stringify({messages: [{role: "user", content: "New?"}, {role: "assistant", content: "Yes."}]}) + "\n" +
            JSON.stringify({messages: [{role: "user", content: "Cut"}]}) + "\n");
        const result = await cli(["golden", "import", "BABS", bad, "--image", file]);
        expect(result.code).not.toBe(0);
        expect(result.stderr).toMatch(/line 2: not a usable golden sample: its last message is not an assistant reply/);
        const runtime = await Runtime.open(file, {readOnly: true});
        try {
            expect(runtime.manager.get("BABS").record.goldenDataset).toHaveLength(0);
        } finally {
            await runtime.dispose();
        }
        const missing = await cli(["golden", "import", "BABS", path.join(dir, "missing.jsonl"), "--image", file]);
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain(`Cannot read ${path.join(dir, "missing.jsonl")}: the file or its folder does not exist (ENOENT). Check the path`);
        const folder = await cli(["golden", "import", "BABS", dir, "--image", file]);
        expect(folder.code).toBe(1);
        expect(folder.stderr).toContain(`Cannot read ${dir}: the path is a folder, not a file (EISDIR). Check the path`);
        const usage = await cli(["golden", "export", "BRICK", "--format", "alpaca", "--image", file]);
        expect(usage.code).not.toBe(0);
        expect(usage.stderr).toMatch(/--format must be chatml or openai/);
    }, 60_000);
});
