import {readFile} from "node:fs/promises";
import path from "node:path";
import {describe, expect, it} from "vitest";
import type {Codex} from "../../src/objects/index.js";
import {goldenScore, judgePrompt, judgeSchema, rubricFor, RubricError} from "../../src/oracle/index.js";

const codex = async (name: string): Promise<Codex> => JSON.parse(await readFile(path.resolve("codices", `${name}.json`), "utf8")) as Codex;

describe("the rubric of a persona comes from its codex", () => {
    it("has the four axes of the seed with the codex's descriptors and weights normalised", async () => {
        const brick = await codex("brick");
        const rubric = rubricFor(brick);
        expect(rubric.axes.map((a) => a.id)).toEqual(["logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy"]);
        const logical = brick.rubric.find((a) => a.id === "logical_rigor")!;
        expect(rubric.axes[0]!.descriptors).toEqual(logical.descriptors);
        expect(rubric.axes.reduce((s, a) => s + a.normalizedWeight, 0)).toBeCloseTo(1, 12);
    });

    it("scores the weighted mean with the codex's weights", async () => {
        const brick = await codex("brick");
        const rubric = rubricFor(brick);
        const weights = Object.fromEntries(brick.rubric.map((a) => [a.id, a.weight]));
        const total = Object.values(weights).reduce((s, w) => s + w, 0);
        const scores = {logical_rigor: {score: 5}, creative_synthesis: {score: 1}, dissonance_resolution: {score: 3}, task_efficacy: {score: 4}};
        const expected = (5 * weights["logical_rigor"]! + 1 * weights["creative_synthesis"]! + 3 * weights["dissonance_resolution"]! + 4 * weights["task_efficacy"]!) / total;
        expect(goldenScore(rubric, scores)).toBeCloseTo(expected, 6);
        expect(goldenScore(rubric, {logical_rigor: {score: 5}})).toBe(5);
        expect(() => goldenScore(rubric, {})).toThrow(/No score/);
    });

    it("refuses a codex without one of the axes, naming it and the fix", async () => {
        const brick = await codex("brick");
        const broken = {...brick, rubric: brick.rubric.filter((a) => a.id !== "task_efficacy")};
        expect(() => rubricFor(broken)).toThrow(RubricError);
        expect(() => rubricFor(broken)).toThrow(/no task_efficacy axis.*codices\/brick\.json/);
    });

    it("constrains the reply to one score 1–5 and a bounded rationale per axis", async () => {
        const schema = judgeSchema(rubricFor(await codex("robin")), {rationaleChars: 30}) as {properties: Record<string, {properties: {score: {enum: number[]}, rationale: {maxLength: number}}}>};
        expect(Object.keys(schema.properties)).toHaveLength(4);
        expect(schema.properties["task_efficacy"]!.properties.score.enum).toEqual([1, 2, 3, 4, 5]);
        expect(schema.properties["task_efficacy"]!.properties.rationale.maxLength).toBe(30);
    });

    it("puts the descriptors in the prompt, and drops detail in order when the prompt must be short", async () => {
        const rubric = rubricFor(await codex("brick"));
        const transcript = [{role: "user" as const, content: "Should I go first?"}, {role: "assistant" as const, content: "Premise one: someone must. Therefore, yes."}];
        const full = judgePrompt(rubric, transcript, {system: "You are ALFRED."});
        expect(full[0]).toEqual({role: "system", content: "You are ALFRED."});
        const text = full[1]!.content;
        for (const axis of rubric.axes) for (const d of ["1", "3", "5"] as const) expect(text).toContain(axis.descriptors[d]);
        expect(text).toContain("BRICK: Premise one: someone must. Therefore, yes.");

        const short = judgePrompt(rubric, transcript, {system: "", maxChars: 140});
        expect(short).toHaveLength(1);
        expect(short[0]!.content).toBe("Score this exchange as JSON. Judge BRICK.\nUser: Should I go first?\nBRICK: Premise one: someone must. Therefore, yes.");
        const tiny = judgePrompt(rubric, transcript, {system: "", maxChars: 60})[0]!.content;
        expect(tiny.length).toBeLessThanOrEqual(60);
        expect(tiny.endsWith("Therefore, yes.")).toBe(true);
    });

    it("keeps each speaker's name in a dialogue", async () => {
        const rubric = rubricFor(await codex("robin"));
        const dialogue = [{role: "user" as const, content: "Why is the sky blue?"},
            {role: "assistant" as const, content: "BRICK: Rayleigh scattering."}, {role: "assistant" as const, content: "ROBIN: And it is lovely."}];
        const text = judgePrompt(rubric, dialogue, {system: "", maxChars: 200, speakers: ["BRICK", "ROBIN"]})[0]!.content;
        expect(text).toBe("Score this exchange as JSON. Judge ROBIN.\nUser: Why is the sky blue?\nBRICK: Rayleigh scattering.\nROBIN: And it is lovely.");
    });
});
