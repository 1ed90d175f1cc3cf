import {existsSync} from "node:fs";
import {readdir} from "node:fs/promises";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {Runtime} from "../../src/index.js";
import {createEngine} from "../../src/llm/index.js";
import type {Engine} from "../../src/llm/index.js";
import {installStrategicLoop, isCompleted} from "../../src/loops/index.js";
import type {StrategicLoop} from "../../src/loops/index.js";
import {addGoldenSample} from "../../src/oracle/index.js";
import {freshRuntime, scriptedBrick, testJudge} from "../oracle/helpers.js";

/**
 * `improve` never swaps in an adapter that is worse than the one in use, even when it beats the bare base model
 * (the old `forge` compared with the base). The worse adapter is made by the real forge: continuing from the
 * current adapter with its B matrices zeroed (`zero_b`), which is exactly the bare base model, so its held-out
 * loss is the base's, above the trained current adapter's.
 */
let runtime: Runtime;
let cleanup: () => Promise<void>;
let dir: string;
let engine: Engine;
let loop: StrategicLoop;

beforeAll(async () => {
    ({runtime, cleanup, dir} = await freshRuntime());
    engine = createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml", defaultMaxTokens: 32, defaultTemperature: 0});
    runtime.attachEngine(engine);
    const brick = runtime.manager.get("BRICK");
    for (const messages of scriptedBrick(14))
        addGoldenSample(runtime, brick.personaId, messages, {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date()}, 0.3);
    loop = installStrategicLoop(runtime, {
        judge: testJudge, autoForge: false,
        cycle: {steps: 12, rank: 4, batchSize: 4, lr: 5e-3, seed: 1, validationPrompts: 0}
    });
}, 60_000);

afterAll(async () => {
    await loop?.dispose();
    await cleanup?.();
});

describe("a cycle never swaps in a worse adapter", () => {
    it("swaps in a trained adapter, then keeps it against a worse one and deletes the loser", async () => {
        const brick = runtime.manager.get("BRICK");
        const held = brick.record.goldenDataset.filter((s) => s.heldOut).length;
        expect(held).toBeGreaterThan(0);
        const first = await loop.improve("BRICK");
        expect(first.decision).toBe("swapped");
        expect(first.previousAdapter).toBeNull();
        expect(first.lossAfter).toBeLessThan(first.lossBefore);
        const current = brick.record.activeAdapterPath!;
        expect(current).toBe(first.adapter);

        const worse = await loop.improve("BRICK", "manual", {settings: {forgeExtra: {zero_b: true}}});
        // The new adapter is the bare base: as good as the base, worse than the adapter in use.
        expect(worse.lossBefore).toBeCloseTo(first.lossAfter, 4);
        expect(worse.lossAfter).toBeCloseTo(first.lossBefore, 3);
        expect(worse.lossAfter).toBeGreaterThan(worse.lossBefore);
        expect(worse.decision).toBe("kept");
        expect(worse.previousAdapter).toBe(current);
        expect(brick.record.activeAdapterPath).toBe(current);
        expect(existsSync(worse.adapter)).toBe(false);
        expect(await readdir(path.join(dir, "adapters", "BRICK"))).toEqual([path.basename(current)]);

        const history = loop.history("BRICK");
        expect(history.map((c) => c.decision)).toEqual(["swapped", "kept"]);
        expect(history.every(isCompleted)).toBe(true);
    }, 120_000);

    it("trains as the chat lays out: the persona's own system prompt, tokenized by the engine", async () => {
        const brick = runtime.manager.get("BRICK");
        const system = runtime.systemPromptOf(brick);
        expect(system).toMatch(/^You are BRICK\./);
        const sample = brick.record.goldenDataset.at(0)!;
        const laidOut = await (engine as Engine & {tokenizeChat: NonNullable<Engine["tokenizeChat"]>})
            .tokenizeChat(runtime.manager.resolve(brick.record.baseModelPath!), [{role: "system", content: system}, ...sample.messages]);
        // What a cycle trains on starts with the system turn the chat sends: only the reply is learned.
        expect(laidOut.mask.indexOf(1)).toBeGreaterThan(system.length / 8);
    });

    it("runs in a sandbox: a subset of the samples, no adapter to start from, and no swap", async () => {
        const brick = runtime.manager.get("BRICK");
        const current = brick.record.activeAdapterPath;
        const subset = brick.record.goldenDataset.slice(0, 10);
        const outcome = await loop.improve("BRICK", "manual", {adapter: null, samples: subset, swap: false});
        expect(outcome.previousAdapter).toBeNull();
        expect(outcome.datasetSize).toBe(brick.record.goldenDataset.length);
        expect(outcome.trainSamples + outcome.heldOutSamples).toBe(10);
        expect(outcome.decision).toBe("kept");
        expect(brick.record.activeAdapterPath).toBe(current);
        if (outcome.lossAfter < outcome.lossBefore) {
            // It won, and was asked not to swap: the caller gets the adapter to decide on.
            expect(outcome.why).toMatch(/asked not to swap/);
            expect(existsSync(outcome.adapter)).toBe(true);
        }
    }, 120_000);

    it("refuses the unsloth and peft backends without the Hugging Face model id, and records why", async () => {
        await expect(loop.improve("BRICK", "manual", {backend: "unsloth"})).rejects.toThrow(/unsloth backend .* no model id was given.*--hf-model/);
        expect(loop.history("BRICK").at(-1)).toMatchObject({decision: "failed", stage: "prepare"});
    });
});
