import {describe, expect, it} from "vitest";
import {createEngine} from "../../../src/llm/index.js";
import {fingerprintModel} from "../../../src/gguf/index.js";
import {Runtime, embeddedModelPath, printString} from "../../../src/index.js";
import {SynthesisError} from "../../../src/runtime/index.js";
import {freshRuntimeForEach} from "../helpers.js";
import {scriptedEngine} from "../scriptedEngine.js";

let runtime: Runtime;
let file: string;

freshRuntimeForEach((fresh) => ({runtime, file} = fresh));

const embedded = () => createEngine("node-llama-cpp", {threads: 1, contextSize: 512});

describe("a persona's own model writes a method (the embedded model)", () => {
    it("never installs a draft that fails a gate: an example no method can meet", async () => {
        runtime.attachEngine(embedded());
        const brick = runtime.manager.get("BRICK");
        const before = JSON.stringify(runtime.image.state.personas);
        const result = await runtime.synthesis.synthesize(brick, {selector: "double:", maxTries: 2,
            examples: [{source: "[:p | (p double: 3) = 6 and: [(p double: 3) = 7]]"}]});
        expect(result.passed).toBe(false);
        expect(result.source).toBeNull();
        expect(result.attempts).toHaveLength(2);
        expect(result.attempts.every((a) => !a.report.passed)).toBe(true);
        expect(result.attempts[1]!.temperature).toBeGreaterThan(0);
        expect(() => runtime.synthesis.accept(brick, result)).toThrow(SynthesisError);
        await expect(runtime.evaluate("BRICK acceptDraft: #double:")).rejects.toThrow(/no draft of #double: waiting/);
        expect(JSON.stringify(runtime.image.state.personas)).toBe(before);
    }, 240_000);

    it("writes a method for selectors the corpus never trained on, which passes the gates and answers when accepted", async () => {
        // timesSix: and larger:with: are among forge-py's held-out selectors (held_out_tasks): the genesis corpus
        // trains on their parts, never on them. `npm run bench -- synth` measures the share over all 32.
        runtime.attachEngine(embedded());
        const {sha256} = await fingerprintModel(embeddedModelPath);
        const brick = runtime.manager.get("BRICK");
        for (const [selector, examples, send, answer] of [
            ["timesSix:", ["(p timesSix: 2) = 12", "(p timesSix: 5) = 30"], "BRICK timesSix: 7", 42],
            ["larger:with:", ["(p larger: 3 with: 9) = 9", "(p larger: 8 with: 2) = 8"], "BRICK larger: 40 with: 17", 40]
        ] as const) {
            const result = await runtime.synthesis.synthesize(brick, {selector, examples: examples.map((e) => ({source: `[:p | ${e}]`}))});
            console.log(`${selector} in ${result.attempts.length} tries:\n${result.attempts.map((a) => a.source).join("\n---\n")}`);
            expect(result.passed).toBe(true);
            runtime.synthesis.accept(brick, result);
            expect(await runtime.evaluate(send)).toBe(answer);
            expect(brick.record.methods[selector]!.provenance).toMatchObject({origin: "synthesized", modelSha256: sha256});
        }
    }, 300_000);
});

// The embedded model does not write `Image save` on demand: a scripted engine forces the draft that does, to show
// the capability check stops it (the gates' own tests run such drafts directly too).

describe("the capability check", () => {
    it("stops a draft that saves the image or reaches a file, and tells the model why on the next try", async () => {
        runtime.attachEngine(scriptedEngine([
            "double: n\n\tImage save.\n\t^ n * 2",
            "double: n\n\tImage saveAs: '/tmp/elsewhere.image.json'.\n\t^ n * 2",
            "double: n\n\t^ self perform: #swapModel: with: 'notes.txt'"
        ]));
        const brick = runtime.manager.get("BRICK");
        const seen: string[] = [];
        const result = await runtime.synthesis.synthesize(brick, {selector: "double:", maxTries: 3, examples: [{source: "[:p | (p double: 3) = 6]"}],
            onAttempt: (a) => seen.push(a.report.failure ?? "")});
        expect(result.passed).toBe(false);
        for (const attempt of result.attempts) expect(attempt.report.gates.find((g) => g.gate === "capabilities")).toMatchObject({passed: false});
        expect(seen[0]).toMatch(/reaches outside the persona: names Image/);
        expect(runtime.image.dirty).toBe(false);
        expect(runtime.manager.get("BRICK").record.methods["double:"]).toBeUndefined();
    });
});

/**
 * The embedded model writes methods (above); these tests need a draft that fails its first try in a chosen way, which
 * a model cannot be made to do on demand, so the drafts come from a scripted engine, and everything after them is
 * real: the gates, the accept, the provenance (the persona's real model file and its sha256), the image.
 */
describe("an accepted draft", () => {
    it("is installed with its provenance, shown by sourceOf: and provenanceOf:, and kept on reload", async () => {
        runtime.attachEngine(scriptedEngine(["double: n\n\t^ n * 3", "double: n\n\t^ n * 2"]));
        const report = await runtime.evaluate("BRICK synthesize: #double: examples: {[:p | (p double: 3) = 6]. [:p | (p double: 10) = 20]}") as string;
        expect(report).toContain("BRICK>>double:: a draft by living-image-genesis.gguf passed the three gates (2 tries");
        expect(report).toContain("examples: passed (2 of 2 ran and answered as expected)");
        expect(report).toContain("BRICK acceptDraft: #double:");
        expect(runtime.manager.get("BRICK").record.methods["double:"]).toBeUndefined(); // offered, not installed
        expect(await runtime.evaluate("BRICK acceptDraft: #double:")).toBe("double:");
        expect(await runtime.evaluate("BRICK double: 21")).toBe(42);

        const {sha256} = await fingerprintModel(embeddedModelPath);
        const source = await runtime.evaluate("BRICK sourceOf: #double:") as string;
        expect(source).toMatch(/^double: n\n\t"Synthesized by the model living-image-genesis\.gguf \(sha256 [0-9a-f]{64}\) on \d{4}-/);
        expect(source).toContain(`(sha256 ${sha256})`);
        expect(source).toContain("2 tries, prompt sha256 ");
        expect(source).toContain("examples: (p double: 3) = 6; (p double: 10) = 20; gates: compiles passed, examples passed, capabilities passed.");
        expect(source.endsWith("\n\t^ n * 2")).toBe(true);
        const method = runtime.manager.get("BRICK").record.methods["double:"]!;
        expect(method.category).toBe("synthesized");
        expect(method.provenance).toMatchObject({origin: "synthesized", modelSha256: sha256, acceptedBy: "user", tries: 2,
            examples: ["(p double: 3) = 6", "(p double: 10) = 20"], promptSha256: expect.stringMatching(/^[0-9a-f]{64}$/)});
        expect(method.provenance!.gates.map((g) => [g.gate, g.passed])).toEqual([["compiles", true], ["examples", true], ["capabilities", true]]);
        expect(printString(await runtime.evaluate("(BRICK provenanceOf: #double:) at: 'modelSha256'"))).toBe(`'${sha256}'`);

        await runtime.save();
        await runtime.dispose();
        runtime = await Runtime.open(file);
        expect(await runtime.evaluate("BRICK double: 5")).toBe(10);
        const kept = runtime.manager.get("BRICK").record.methods["double:"]!;
        expect(kept.provenance).toMatchObject({modelSha256: sha256, tries: 2});
        expect(kept.provenance!.at).toBeInstanceOf(Date);
        // Compiled by hand, the method is no longer the model's: its provenance goes.
        await runtime.evaluate("BRICK compile: 'double: n ^ n + n'");
        expect(runtime.manager.get("BRICK").record.methods["double:"]!.provenance).toBeUndefined();
    });

    it("rejected, is not installed", async () => {
        runtime.attachEngine(scriptedEngine(["double: n\n\t^ n * 2"]));
        await runtime.evaluate("BRICK synthesize: #double: example: [:p | (p double: 3) = 6]");
        expect(await runtime.evaluate("BRICK rejectDraft: #double:")).toBeDefined();
        await expect(runtime.evaluate("BRICK acceptDraft: #double:")).rejects.toThrow(/no draft of #double: waiting/);
        expect(runtime.manager.get("BRICK").record.methods["double:"]).toBeUndefined();
    });
});
