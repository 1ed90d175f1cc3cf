import {existsSync} from "node:fs";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {EventOf, Runtime} from "../../src/index.js";
import {createEngine} from "../../src/llm/index.js";
import type {Engine} from "../../src/llm/index.js";
import {installStrategicLoop, isCompleted} from "../../src/loops/index.js";
import type {CycleOutcome, StrategicLoop} from "../../src/loops/index.js";
import {addInteraction, freshRuntime, scriptedBrick, testModel, testJudge} from "../oracle/helpers.js";

/**
 * The whole strategic loop on CPU with real parts: the real engine (structured output through node-llama-cpp's
 * JSON-schema grammar) judges, the real Python forge trains, held-out prompts are answered by the real model
 * with each adapter, and adapters are really swapped. The conversations are scripted in one BRICK style and
 * recorded as PersonaChat records a chat (scrapbook entry, chatCompleted event).
 * Kept small to stay under about three minutes on two cores: a few conversations, a few forge steps,
 * short replies, one thread.
 *
 * Thresholds are set low on purpose: the golden threshold is 1, so every interaction the judge can score
 * becomes a sample whatever a tiny model's verdicts are, and the forge threshold is the number of
 * conversations less two (two verdicts may fail without keeping the cycle from starting). The "won" cycle
 * allows the Oracle's score to drop by up to 4 (a tiny model's verdicts are noise; both sides are still
 * replied to, judged and recorded) so that the decision rests on the held-out loss. The "lost" cycle
 * requires a loss improvement of 1e6, which no adapter can achieve: the decision is forced deterministically
 * without faking anything.
 */
const conversations = scriptedBrick(12);

let runtime: Runtime;
let cleanup: () => Promise<void>;
let engine: Engine;
let loop: StrategicLoop;
let dir: string;

const progress: EventOf<"forgeProgress">[] = [];
const finished: EventOf<"forgeFinished">[] = [];

beforeAll(async () => {
    ({runtime, cleanup, dir} = await freshRuntime());
    engine = createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml", defaultMaxTokens: 40, defaultTemperature: 0});
    runtime.attachEngine(engine);
    runtime.image.update((d) => {
        d.settings.goldenThreshold = 1;
        d.settings.forgeThreshold = conversations.length - 2;
        d.settings["heldOutFraction"] = 0.4;
    });
    runtime.bus.subscribe({type: ["forgeProgress", "forgeFinished"]}, (e) => {
        if (e.type === "forgeProgress") progress.push(e);
        if (e.type === "forgeFinished") finished.push(e);
    });
    loop = installStrategicLoop(runtime, {
        judge: testJudge,
        cycle: {steps: 12, maxEpochs: null, rank: 4, batchSize: 4, lr: 5e-3, seed: 1, validationPrompts: 2, replyMaxTokens: 32, scoreTolerance: 4}
    });
}, 120_000);

afterAll(async () => {
    await loop?.dispose();
    await cleanup?.();
});

describe(`the strategic loop end to end on ${testModel.embedded ? "the embedded model" : path.basename(testModel.path)}`, () => {
    let won: CycleOutcome;

    it("judges scripted conversations with the real engine, curates them, and forges when the threshold is reached", async () => {
        const brick = runtime.manager.get("BRICK");
        for (const messages of conversations) addInteraction(runtime, "BRICK", messages, {announce: true});
        await loop.whenIdle();
        const judged = loop.judged.filter((j) => j.persona === "BRICK");
        expect(judged.length).toBe(conversations.length);
        const ok = judged.filter((j) => j.ok);
        expect(ok.length).toBeGreaterThanOrEqual(conversations.length - 2);
        for (const j of ok) if (j.ok) {
            expect(Object.keys(j.curation.scores.axes)).toHaveLength(4);
            for (const axis of Object.values(j.curation.scores.axes)) expect([1, 2, 3, 4, 5]).toContain(axis.score);
        }
        const record = brick.record;
        expect(record.goldenDataset.length).toBeGreaterThan(0);
        expect(record.goldenDataset.every((s) => s.provenance.judge === "ALFRED" && s.provenance.scores != null)).toBe(true);

        // The threshold started a cycle in the background; whenIdle waited for it.
        const history = loop.history("BRICK");
        expect(history).toHaveLength(1);
        const first = history[0]!;
        if (!isCompleted(first)) throw new Error(`the first cycle did not complete: ${first.why}`);
        won = first;
        expect(won.reason).toBe("threshold");
        expect(progress.length).toBe(12);
        expect(progress.at(-1)).toMatchObject({persona: "BRICK", step: 12, total: 12});
        expect(finished.at(-1)).toMatchObject({persona: "BRICK", ok: true});
        console.log(`held-out loss before ${won.lossBefore.toFixed(4)} after ${won.lossAfter.toFixed(4)}; Oracle ${won.scoreBefore} → ${won.scoreAfter} on ${won.judgedPrompts} prompt(s); ${won.trainSamples} train / ${won.heldOutSamples} held out; ${won.ms} ms`);
        expect(won.lossAfter).toBeLessThan(won.lossBefore);
        expect(won.judgedPrompts).toBeGreaterThan(0);
        expect(won.decision).toBe("swapped");
        expect(existsSync(path.resolve(dir, won.adapter))).toBe(true);
        expect(record.activeAdapterPath).toBe(won.adapter);
        expect(won.adapter.startsWith("adapters/BRICK/brick-")).toBe(true);
        expect(brick.record.performanceMetrics.filter((p) => p.name === "heldOutLoss").map((p) => p.value)).toEqual([won.lossBefore, won.lossAfter]);
    }, 150_000);

    it("keeps the current adapter when the new one does not win, and `history` lists both cycles", async () => {
        const brick = runtime.manager.get("BRICK");
        const before = {adapter: brick.record.activeAdapterPath, dataset: brick.record.goldenDataset};
        Object.assign(loop.settings, {minLossImprovement: 1e6});
        const lost = await loop.improve("BRICK");
        expect(lost.decision).toBe("kept");
        expect(lost.previousAdapter).toBe(won.adapter);
        // Continuing from the current adapter, the forge's "before" loss is the current adapter's: the won cycle's "after".
        expect(lost.lossBefore).toBeCloseTo(won.lossAfter, 4);
        expect(brick.record.activeAdapterPath).toBe(before.adapter);
        expect(brick.record.goldenDataset).toBe(before.dataset);
        expect(existsSync(path.resolve(dir, before.adapter!))).toBe(true);
        expect(existsSync(lost.adapter)).toBe(false);

        const lines = String(await runtime.send("BRICK", "history")).split("\n");
        expect(lines).toHaveLength(2);
        expect(lines[0]).toMatch(/\(started by the forge threshold\): BRICK trained a new adapter on \d+ golden samples .* and swapped it in: held-out loss/);
        expect(lines[1]).toMatch(/\(asked for\): BRICK trained a new adapter .* and kept the current adapter adapters\/BRICK\/brick-[0-9a-f]+\.gguf: the new adapter's held-out loss did not drop by more than 1000000 .*The new adapter was deleted\.$/);
    }, 150_000);

    it("changes nothing but its history when a run is cancelled", async () => {
        const brick = runtime.manager.get("BRICK");
        const state = {adapter: brick.record.activeAdapterPath, metrics: brick.record.performanceMetrics.length};
        Object.assign(loop.settings, {minLossImprovement: 0, steps: 400, maxEpochs: null});
        const started = String(await runtime.send("BRICK", "improve"));
        expect(started).toMatch(/improvement cycle started in the background/);
        while (progress.length < 12 + 12 + 2 && loop.isImproving("BRICK")) await new Promise((r) => setTimeout(r, 50));
        expect(loop.cancel("BRICK")).toBe(true);
        await loop.whenIdle();
        expect(finished.at(-1)).toMatchObject({ok: false});
        expect(finished.at(-1)!.message).toMatch(/was cancelled at forge[\s\S]*unchanged/);
        expect(brick.record.activeAdapterPath).toBe(state.adapter);
        // One summary point records the cancelled cycle; nothing else was added.
        expect(brick.record.performanceMetrics.length).toBe(state.metrics + 1);
        const history = loop.history("BRICK");
        expect(history).toHaveLength(3);
        expect(history[2]).toMatchObject({decision: "cancelled", stage: "forge", reason: "manual"});
        expect(String(await runtime.send("BRICK", "history")).split("\n")[2]).toMatch(/BRICK's cycle was cancelled while training\. Nothing changed\.$/);
    }, 120_000);
});
