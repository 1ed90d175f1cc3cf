import {describe, expect, it} from "vitest";
import type {Runtime} from "../../../src/index.js";
import {gateDraft} from "../../../src/runtime/index.js";
import {freshRuntimeForEach} from "../helpers.js";
import {corpusTasks} from "./corpusTasks.js";

let runtime: Runtime;

freshRuntimeForEach((fresh) => ({runtime} = fresh));

const blocks = (examples: readonly string[]) => examples.map((e) => ({source: `[:p | ${e}]`}));

describe("the three gates of a draft", () => {
    it("passes every method of the synthesis corpus and of the held-out set against its own examples", async () => {
        const {training, heldOut} = await corpusTasks(300);
        expect(heldOut.length).toBeGreaterThanOrEqual(30);
        const brick = runtime.manager.get("BRICK");
        for (const task of [...training, ...heldOut]) {
            for (const name of Object.keys(brick.record.slots)) await runtime.evaluate(`BRICK removeSlot: #${name}`);
            for (const [name, value] of Object.entries(task.slots)) await runtime.evaluate(`BRICK at: #${name} put: ${value}`);
            const report = await gateDraft(brick, task.selector, task.source, blocks(task.examples));
            expect({task: task.selector, source: task.source, runs: report.runs, gates: report.gates, passed: report.passed}).toMatchObject({passed: true});
        }
    }, 120_000);

    it("fails a draft that answers wrongly, with the smallest failing example for the model", async () => {
        const brick = runtime.manager.get("BRICK");
        const report = await gateDraft(brick, "double:", "double: n\n\t^ n * 3", blocks(["(p double: 3) = 6", "(p double: 10) = 20"]));
        expect(report.passed).toBe(false);
        expect(report.gates.map((g) => [g.gate, g.passed])).toEqual([["compiles", true], ["examples", false], ["capabilities", true]]);
        expect(report.failure).toBe("(p double: 3) = 6 (got false)");
    });

    it("fails a draft that does not compile, or defines another selector", async () => {
        const brick = runtime.manager.get("BRICK");
        const broken = await gateDraft(brick, "double:", "double: n\n\t^ n * (", blocks(["(p double: 3) = 6"]));
        expect(broken.gates).toEqual([expect.objectContaining({gate: "compiles", passed: false})]);
        expect(broken.failure).toMatch(/^it does not compile/);
        const other = await gateDraft(brick, "double:", "triple: n\n\t^ n * 3", blocks(["(p double: 3) = 6"]));
        expect(other.gates[0]).toMatchObject({gate: "compiles", passed: false});
    });

    it("stops a runaway draft at the step budget, and a deep one at the depth limit", async () => {
        const brick = runtime.manager.get("BRICK");
        const loop = await gateDraft(brick, "spin:", "spin: n\n\t[true] whileTrue: [n + 1].\n\t^ n", blocks(["(p spin: 1) = 1"]));
        expect(loop.passed).toBe(false);
        expect(loop.runs[0]!.error).toMatch(/step/i);
        const deep = await gateDraft(brick, "down:", "down: n\n\t^ self down: n + 1", blocks(["(p down: 1) = 1"]));
        expect(deep.passed).toBe(false);
        expect(deep.runs[0]!.error).toMatch(/deep|depth|nest/i);
    });

    it("stops a draft that saves the image, swaps the model, names a file or reaches another persona", async () => {
        const brick = runtime.manager.get("BRICK");
        const before = JSON.stringify(runtime.image.state.personas);
        const drafts = [
            "save: n\n\tImage save.\n\t^ n",
            "save: n\n\tImage saveAs: '/tmp/x.image.json'.\n\t^ n",
            "save: n\n\tself swapModel: 'models/other.gguf'.\n\t^ n",
            "save: n\n\tROBIN at: #mood put: n.\n\t^ n",
            "save: n\n\tself perform: ('swap', 'Model:') asSymbol with: 'x.gguf'.\n\t^ n",
            "save: n\n\tself chat: 'hi'.\n\t^ n"
        ];
        for (const source of drafts) {
            const report = await gateDraft(brick, "save:", source, blocks(["(p save: 1) = 1"]), {otherPersonas: ["ROBIN", "ALFRED", "BABS"]});
            expect({source, capabilities: report.gates.find((g) => g.gate === "capabilities")?.passed, passed: report.passed}).toEqual({source, capabilities: false, passed: false});
        }
        expect(JSON.stringify(runtime.image.state.personas)).toBe(before);
    });

    it("runs on a clone: slots the draft writes do not change the persona", async () => {
        await runtime.evaluate("BRICK at: #mood put: 'calm'");
        const brick = runtime.manager.get("BRICK");
        const report = await gateDraft(brick, "mood:", "mood: s\n\tself at: #mood put: s.\n\t^ self", blocks(["(p mood: 'sad'; at: #mood) = 'sad'"]));
        expect(report.passed).toBe(true);
        expect(await runtime.evaluate("BRICK at: #mood")).toBe("calm");
    });
});
