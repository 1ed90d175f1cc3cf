import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {EventOf, Runtime} from "../../src/index.js";
import {Runtime as RuntimeClass} from "../../src/index.js";
import {createEngine} from "../../src/llm/index.js";
import {installStrategicLoop} from "../../src/loops/index.js";
import {asSampleFor, importGoldenSamples, pendingInteractions, rateInteraction} from "../../src/oracle/index.js";
import {addInteraction, exchange, freshRuntime, testJudge} from "../oracle/helpers.js";

/**
 * Every interaction is offered to the Oracle, however it was made: what no loop judged when it happened waits in
 * the image (its scrapbook), survives a quit, and is judged later; every golden sample, whoever made it, counts
 * toward the forge threshold.
 */
let runtime: Runtime;
let file: string;
let cleanup: () => Promise<void>;
beforeEach(async () => ({runtime, file, cleanup} = await freshRuntime()));
afterEach(async () => cleanup());

describe("the Oracle's backlog", () => {
    it("keeps unjudged interactions in the image across a quit, and a loop judges them in the background", async () => {
        addInteraction(runtime, "BRICK", exchange("Is a late train a problem?", "Hmm, a late train. It is fine. Obviously."));
        addInteraction(runtime, "ROBIN", exchange("I feel stuck.", "Okay. Maybe try something small."));
        addInteraction(runtime, "ALFRED", exchange("Verdict?", "If I may: sound."));
        // Closed without a save: the journal keeps the interactions, and with them the backlog.
        await runtime.dispose();
        runtime = await RuntimeClass.open(file);
        expect(pendingInteractions(runtime, "ALFRED", ["BRICK", "ROBIN", "BABS"]).map((p) => p.persona)).toEqual(["BRICK", "ROBIN"]);

        runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml", defaultTemperature: 0}));
        const verdicts: EventOf<"verdict">[] = [];
        runtime.bus.subscribe({type: "verdict"}, (e) => {
            if (e.type === "verdict") verdicts.push(e);
        });
        const loop = installStrategicLoop(runtime, {judge: testJudge, backlog: true, autoForge: false});
        await loop.whenIdle();
        expect(loop.backlog()).toEqual([]);
        expect(loop.judged.map((j) => [j.persona, j.ok])).toEqual([["BRICK", true], ["ROBIN", true]]);
        expect(verdicts.map((v) => [v.persona, v.judge])).toEqual([["BRICK", "ALFRED"], ["ROBIN", "ALFRED"]]);
        for (const v of verdicts) {
            expect(Object.keys(v.axes)).toEqual(["logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy"]);
            expect(v.threshold).toBe(4.5);
        }
        const entry = runtime.manager.get("BRICK").record.scrapbook[0]!;
        expect(entry.meta?.["judgements"]).toHaveLength(1);
        // Judged once: the backlog and the event path do not judge the same interaction twice.
        expect((await loop.judgeBacklog())).toEqual([]);
        await loop.dispose();
    }, 120_000);

    it("makes a dialogue a multi-turn sample from each speaker's side", async () => {
        const id = String(await runtime.evaluate(
            "BRICK recordDialogue: {'user' -> 'Is flying safe?'. 'BRICK' -> 'Premise: the numbers are low. Therefore, yes.'. 'ROBIN' -> 'Oh, I love this question! Bring a playlist.'}"));
        const entry = runtime.manager.get("ROBIN").record.scrapbook.find((e) => e.id === id)!;
        expect(asSampleFor("ROBIN", entry)).toEqual([
            {role: "user", content: "Is flying safe?\n\nBRICK: Premise: the numbers are low. Therefore, yes."},
            {role: "assistant", content: "Oh, I love this question! Bring a playlist."}
        ]);
        expect(asSampleFor("BRICK", entry)).toEqual([
            {role: "user", content: "Is flying safe?"}, {role: "assistant", content: "Premise: the numbers are low. Therefore, yes."}
        ]);
        expect(asSampleFor("BABS", entry)).toBeNull();
        rateInteraction(runtime, "ROBIN", id, 5, "Architect");
        expect(runtime.manager.get("ROBIN").record.goldenDataset.at(0)!.messages.map((m) => m.role)).toEqual(["user", "assistant"]);
        expect(pendingInteractions(runtime, "ALFRED", ["BRICK", "ROBIN"]).map((p) => p.persona).sort()).toEqual(["BRICK", "ROBIN"]);
    });

    it("counts every golden sample toward the forge threshold: the Architect's and imported ones", async () => {
        runtime.image.update((d) => {
            d.settings.forgeThreshold = 2;
            d.settings["heldOutFraction"] = 0;
        });
        runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml"}));
        const loop = installStrategicLoop(runtime, {judge: testJudge});
        rateInteraction(runtime, "BABS", addInteraction(runtime, "BABS", exchange("Is A faster?", "Field report: 240 tokens per second.")), 5, "Architect");
        await loop.whenIdle();
        expect(loop.history("BABS")).toEqual([]);
        rateInteraction(runtime, "BABS", addInteraction(runtime, "BABS", exchange("Is B faster?", "Field report: 120 tokens per second.")), 5, "Architect");
        await loop.whenIdle();
        // The cycle started by itself; with nothing held out it stops at once and says why.
        expect(loop.history("BABS")).toEqual([expect.objectContaining({reason: "threshold", decision: "failed", stage: "prepare", datasetSize: 2})]);
        importGoldenSamples(runtime, "BABS", [exchange("C?", "Field report: 1 ms."), exchange("D?", "Field report: 2 ms.")], "file.jsonl");
        await loop.whenIdle();
        expect(loop.history("BABS").map((c) => [c.reason, c.datasetSize])).toEqual([["threshold", 2], ["threshold", 4]]);
        await loop.dispose();
    }, 60_000);
});
