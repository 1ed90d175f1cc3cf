import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Runtime} from "../../src/index.js";
import {createEngine} from "../../src/llm/index.js";
import {judgeFor, judgeInteraction, JudgeFailedError} from "../../src/oracle/index.js";
import {addInteraction, exchange, freshRuntime, testModel, testJudge} from "./helpers.js";

let runtime: Runtime;
let cleanup: () => Promise<void>;
beforeAll(async () => {
    ({runtime, cleanup} = await freshRuntime());
    runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml"}));
    runtime.image.update((d) => {
        d.settings.goldenThreshold = 1;
    });
});
afterAll(async () => cleanup());

describe(`ALFRED judges with the real engine's structured output (${testModel.embedded ? "embedded model" : testModel.path})`, () => {
    it("scores every axis 1–5 with a rationale, on ALFRED's own model by default, and curates the interaction", async () => {
        await using judge = judgeFor(runtime, testJudge);
        const alfred = runtime.manager.get("ALFRED").record;
        expect(judge.model).toBe(runtime.manager.resolve(alfred.baseModelPath!));
        // Sized to the model's own context: the longest verdict and the question fit in it together.
        const {budget, system} = await judge.prepare();
        if (testModel.embedded) expect(budget).toMatchObject({rationaleChars: 40, maxTokens: 420});
        expect(system.length).toBeLessThanOrEqual(budget.systemPromptChars);
        expect(system.startsWith("You are ALFRED.")).toBe(true);
        const id = addInteraction(runtime, "BRICK", exchange("Should I go first?", "Premise one: someone must. Therefore, you."));
        const curation = await judgeInteraction(runtime, judge, "BRICK", id);
        expect(curation.scores.judge).toBe("ALFRED");
        for (const axis of ["logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy"]) {
            const given = curation.scores.axes[axis]!;
            expect([1, 2, 3, 4, 5]).toContain(given.score);
            expect(given.rationale.length).toBeLessThanOrEqual(budget.rationaleChars);
        }
        expect(curation.scores.golden).toBeGreaterThanOrEqual(1);
        expect(curation.scores.golden).toBeLessThanOrEqual(5);
        expect(curation.sample?.added).toBe(true);
    }, 60_000);

    it("sizes its budget to the engine's contexts where they are shorter than the model's own length", async () => {
        const small = createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml", contextSize: 512});
        try {
            await using judge = judgeFor(runtime, {...testJudge, engine: small});
            const {budget} = await judge.prepare();
            await using wide = judgeFor(runtime, testJudge);
            const full = (await wide.prepare()).budget;
            expect(budget.maxTokens).toBeLessThan(512);
            if (testModel.embedded) expect(budget.maxTokens).toBeLessThan(full.maxTokens); // its own length is 1024
            const id = addInteraction(runtime, "BRICK", exchange("Tea?", "Leaves, steeped: therefore tea."));
            const curation = await judgeInteraction(runtime, judge, "BRICK", id);
            expect(curation.scores.judge).toBe("ALFRED");
        } finally {
            await small.dispose();
        }
    }, 60_000);

    it("refuses replies really cut off by maxTokens, retries with more, and records nothing when all are cut off", async () => {
        const refused: string[] = [];
        await using judge = judgeFor(runtime, {...testJudge, maxTokens: 24, attempts: 3, onRefused: (e) => refused.push(e.problem)});
        const id = addInteraction(runtime, "BRICK", exchange("Tea?", "Leaves. Steeped. Therefore tea."));
        const before = runtime.manager.get("BRICK").record;
        const failure = await judgeInteraction(runtime, judge, "BRICK", id).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(JudgeFailedError);
        expect(refused).toEqual(["cutOff", "cutOff", "cutOff"]);
        expect(runtime.manager.get("BRICK").record).toBe(before);
    }, 60_000);
});
