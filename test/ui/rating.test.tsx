import {afterAll, afterEach, describe, expect, it} from "vitest";
import type {ScrapbookEntry} from "../../src/index.js";
import {goldenScore, rubricFor} from "../../src/index.js";
import type {Harness} from "./helpers/browserHarness.js";
import {keys, openBrowser, removeTemplate} from "./helpers/browserHarness.js";

let h: Harness | null = null;
afterEach(async () => {
    await h?.dispose();
    h = null;
});
afterAll(removeTemplate);

const older: ScrapbookEntry = {
    id: "int-older", at: new Date("2026-11-24T10:00:00Z"), kind: "chat", model: null, adapter: null,
    messages: [{role: "user", content: "An older question"}, {role: "assistant", content: "An older answer"}]
};
const last: ScrapbookEntry = {
    id: "int-last", at: new Date("2026-11-24T10:01:00Z"), kind: "chat", model: "stories260K.gguf", adapter: null,
    messages: [
        {role: "system", content: "You are BRICK."},
        {role: "user", content: "What is a prototype?"},
        {role: "assistant", content: "An object that others delegate to."}
    ]
};

/** The browser on a fresh image whose first persona (the focused one) has two interactions, `last` the newest. */
async function withInteractions(size: {columns?: number, rows?: number} = {}): Promise<{harness: Harness, persona: string}> {
    const harness = await openBrowser(size);
    const record = Object.values(harness.runtime.image.state.personas)[0]!;
    harness.runtime.image.update((d) => {
        d.personas[record.personaId]!.scrapbook.push(older, last);
    }, "two interactions");
    await harness.waitFor(`${record.name} model`);
    return {harness, persona: record.name};
}

describe("the System Browser: the Architect rates the last interaction", () => {
    it("r shows the last interaction; 5 rates it overall: a golden sample judged by Architect with score 5", async () => {
        // Wide enough for the status bar's notice; at 80 columns the Transcript line carries the outcome.
        const {harness, persona} = await withInteractions({columns: 120});
        h = harness;
        await h.press("r");
        const overlay = await h.waitFor("interaction 2/2 (int-last)");
        expect(overlay).toContain("Oracle: not judged yet");
        expect(overlay).toContain("user: What is a prototype?");
        expect(overlay).toContain("assistant: An object that others delegate to.");
        expect(overlay).not.toContain("You are BRICK.");
        expect(overlay).not.toContain("An older question");
        await h.press("5");
        const done = await h.waitFor("✓ golden 5.00 → sample");
        expect(done).not.toContain("interaction 2/2 (int-last)");
        // The outcome stays in the Transcript after the notice has gone.
        expect(done).toMatch(/\w+ judged by Architect: 5\.00 ≥ [\d.]+ → golden sample \(rigor 5 · synthesis 5 · dissonance 5 · efficacy 5\)/);

        const record = h.runtime.manager.get(persona).record;
        expect(record.goldenDataset).toHaveLength(1);
        const sample = record.goldenDataset.at(0)!;
        expect(sample.messages.map((m) => m.content)).toContain("What is a prototype?");
        expect(sample.provenance.judge).toBe("Architect");
        expect(sample.provenance.interactionId).toBe("int-last");
        expect(sample.provenance.scores?.golden).toBe(5);
        expect(Object.values(sample.provenance.scores!.axes).map((a) => a.score)).toEqual([5, 5, 5, 5]);
        const metric = record.performanceMetrics.at(-1)!;
        expect(metric).toMatchObject({name: "goldenScore", value: 5, tags: {judge: "Architect", interactionId: "int-last"}});
        // Only the last interaction was rated.
        expect(record.scrapbook.find((e) => e.id === "int-older")?.meta).toBeUndefined();
    });

    it("rates per axis: Tab picks an axis, 1–5 scores it, Enter records the axes under Architect", async () => {
        const {harness, persona} = await withInteractions();
        h = harness;
        await h.press("r");
        await h.waitFor("interaction 2/2 (int-last)");
        await h.press(keys.tab, "4", keys.down, keys.down, keys.down, "2");
        await h.waitFor(/task_efficacy\s+2/);
        expect(h.frame()).toMatch(/logical_rigor\s+4/);
        await h.press(keys.enter);
        const done = await h.waitFor("judged by Architect");
        expect(done).not.toContain("interaction 2/2 (int-last)");

        const record = h.runtime.manager.get(persona).record;
        const entry = record.scrapbook.find((e) => e.id === "int-last")!;
        const judgements = entry.meta?.["judgements"] as {judge: string, axes: Record<string, {score: number}>, golden: number}[];
        expect(judgements).toHaveLength(1);
        const judgement = judgements[0]!;
        expect(judgement.judge).toBe("Architect");
        expect(Object.fromEntries(Object.entries(judgement.axes).map(([axis, a]) => [axis, a.score]))).toEqual({logical_rigor: 4, task_efficacy: 2});
        const expected = goldenScore(rubricFor(record.codex), {logical_rigor: {score: 4}, task_efficacy: {score: 2}});
        expect(judgement.golden).toBeCloseTo(expected, 10);
        expect(record.performanceMetrics.at(-1)).toMatchObject({name: "goldenScore", value: judgement.golden, tags: {judge: "Architect"}});
        expect(done).toMatch(new RegExp(`${persona} judged by Architect: ${expected.toFixed(2).replace(".", "\\.")} [<≥] [\\d.]+.* \\(rigor 4 · efficacy 2\\)`));
    });

    it("Esc cancels: scores set in the overlay change nothing", async () => {
        const {harness} = await withInteractions();
        h = harness;
        const before = h.runtime.image.state;
        await h.press("r");
        await h.waitFor("interaction 2/2 (int-last)");
        await h.press(keys.tab, "3");
        await h.waitFor(/logical_rigor\s+3/);
        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("interaction 2/2 (int-last)") && f.includes("Personas"));
        expect(h.runtime.image.state).toBe(before);
    });

    it("says so when the persona has no interaction yet, and changes nothing", async () => {
        h = await openBrowser();
        const record = Object.values(h.runtime.image.state.personas)[0]!;
        expect(record.scrapbook).toHaveLength(0);
        const before = h.runtime.image.state;
        await h.waitFor("Personas");
        await h.press("r");
        const empty = await h.waitFor("no interaction to rate");
        expect(empty).toContain("scrapbook is empty");
        await h.press("5");
        expect(h.runtime.image.state).toBe(before);
        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("no interaction to rate") && f.includes("Personas"));
        expect(h.runtime.image.state).toBe(before);
        expect(h.session.dirty).toBe(false);
    });

    it("shows a refusal in place: a score out of range, then an interaction that has gone", async () => {
        const {harness, persona} = await withInteractions();
        h = harness;
        await h.press("r");
        await h.waitFor("interaction 2/2 (int-last)");
        await h.press("7");
        await h.waitFor("7 is not a score");
        const record = h.runtime.manager.get(persona).record;
        h.runtime.image.update((d) => {
            d.personas[record.personaId]!.scrapbook = [];
        }, "scrapbook cleared");
        const before = h.runtime.image.state;
        await h.press("5");
        const refused = await h.waitFor(`has no interaction int-last`);
        expect(refused).toContain("interaction 2/2 (int-last)");
        expect(h.runtime.image.state).toBe(before);
    });

    it("r in the Playground is text, not a rating", async () => {
        const {harness} = await withInteractions();
        h = harness;
        await h.press(keys.shiftTab, "r");
        await h.waitFor("» r");
        expect(h.frame()).not.toContain("interaction 2/2 (int-last)");
    });
});
