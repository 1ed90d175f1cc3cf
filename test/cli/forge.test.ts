import {existsSync} from "node:fs";
import {mkdtemp, readdir, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";
import {createImage, GoldenDataset, Runtime} from "../../src/index.js";
import {createEngine} from "../../src/llm/index.js";
import {cycleHistory, installStrategicLoop} from "../../src/loops/index.js";
import {addGoldenSample} from "../../src/oracle/index.js";
import {scriptedBrick} from "../oracle/helpers.js";

/**
 * `living-image forge` is the command-line face of the strategic loop's cycle: it compares with the current
 * adapter (not the bare base), never swaps in a worse one, deletes the loser, records every cycle in `history`
 * (failed ones too), says clearly when there is nothing to validate on, and refuses --backend unsloth|peft
 * without the model id they need.
 */
let dir: string;
let image: string;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, [...args, "--image", image, "--threads", "1"]);
}

async function state(): Promise<{adapter: string | null, history: ReturnType<typeof cycleHistory>, golden: number}> {
    const runtime = await Runtime.open(image, {readOnly: true});
    try {
        const record = runtime.manager.get("BRICK").record;
        return {adapter: record.activeAdapterPath, history: cycleHistory(record.performanceMetrics), golden: record.goldenDataset.length};
    } finally {
        await runtime.dispose();
    }
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-forge-cli-"));
    image = path.join(dir, "forge.image.json");
    await createImage(image);
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("living-image forge", () => {
    it("says what to do when there is nothing to train or validate on, and records the failed cycle", async () => {
        const empty = await cli("forge", "BRICK");
        expect(empty.code).toBe(1);
        expect(empty.stderr).toMatch(/BRICK's improvement cycle stopped at prepare: it has no golden samples yet\. .*living-image judge BRICK.*golden import BRICK/);

        // One golden sample, not held out: nothing can validate a new adapter.
        const runtime = await Runtime.open(image);
        const brick = runtime.manager.get("BRICK");
        const sample = scriptedBrick(40).map((m) => m).find((m) => !addGoldenSample(runtime, brick.personaId, m,
            {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date()}, 0.3).added) ?? null;
        expect(sample).toBeNull();
        const trainOnly = brick.record.goldenDataset.filter((s) => !s.heldOut).map((s) => s.id);
        runtime.image.update((d) => {
            d.personas[brick.personaId]!.goldenDataset = GoldenDataset.of(d.personas[brick.personaId]!.goldenDataset.filter((s) => trainOnly.includes(s.id)).slice(0, 3));
        });
        await runtime.save();
        await runtime.dispose();
        const noHeldOut = await cli("forge", "BRICK");
        expect(noHeldOut.code).toBe(1);
        expect(noHeldOut.stderr).toMatch(/none of its 3 golden samples is held out, so nothing can show whether a new adapter is better than the current one/);
        const after = await state();
        expect(after.adapter).toBeNull();
        expect(after.history.map((c) => c.decision)).toEqual(["failed", "failed"]);

        const history = await cli("eval", "BRICK history");
        // The String prints as Smalltalk source, its quotes doubled.
        expect(history.stdout).toMatch(/BRICK''s cycle failed before training: it has no golden samples yet/);
    }, 120_000);

    it("refuses --backend unsloth|peft without --hf-model, before opening anything", async () => {
        const refused = await cli("forge", "BRICK", "--backend", "unsloth");
        expect(refused.code).toBe(1);
        expect(refused.stderr).toMatch(/--backend unsloth trains the Hugging Face model .* --hf-model ORG\/NAME/);
        const wrong = await cli("forge", "BRICK", "--hf-model", "org/model");
        expect(wrong.code).toBe(1);
        expect(wrong.stderr).toMatch(/--hf-model is for --backend unsloth or peft/);
    });

    it("keeps the current adapter when the new one is worse, deletes the loser, and records both cycles", async () => {
        // A trained adapter in use, made by the same cycle in process (Oracle comparison off, so that the loss decides).
        const runtime = await Runtime.open(image);
        const brick = runtime.manager.get("BRICK");
        runtime.image.update((d) => {
            d.personas[brick.personaId]!.goldenDataset = GoldenDataset.empty;
        });
        for (const messages of scriptedBrick(14))
            addGoldenSample(runtime, brick.personaId, messages, {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date()}, 0.3);
        runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml"}));
        const loop = installStrategicLoop(runtime, {judge: {attempts: 2}, autoForge: false,
            cycle: {steps: 12, rank: 4, batchSize: 4, lr: 5e-3, seed: 1, validationPrompts: 0}});
        const first = await loop.improve("BRICK");
        expect(first.decision).toBe("swapped");
        await loop.dispose();
        await runtime.save();
        await runtime.dispose();

        // A learning rate far too high: the forge really trains, from the current adapter, and makes it worse.
        const worse = await cli("forge", "BRICK", "--steps", "4", "--lr", "3", "--json");
        expect(worse.stderr).toBe("");
        expect(worse.code).toBe(0);
        const outcome = JSON.parse(worse.stdout.trim().split("\n").at(-1)!) as {decision: string, lossBefore: number, lossAfter: number, previousAdapter: string, adapter: string};
        expect(outcome.previousAdapter).toBe(first.adapter);
        expect(outcome.lossBefore).toBeCloseTo(first.lossAfter, 3);
        expect(outcome.lossAfter).toBeGreaterThan(outcome.lossBefore);
        expect(outcome.decision).toBe("kept");
        expect(existsSync(outcome.adapter)).toBe(false);
        expect(await readdir(path.join(dir, "adapters", "BRICK"))).toEqual([path.basename(first.adapter)]);
        const after = await state();
        expect(after.adapter).toBe(first.adapter);
        expect(after.history.map((c) => c.decision)).toEqual(["failed", "failed", "swapped", "kept"]);

        const text = await cli("eval", "BRICK history");
        const lines = text.stdout.trim().split("\n");
        expect(lines.at(-1)).toMatch(/\(asked for\): BRICK trained a new adapter on \d+ golden samples \(\d+ held out\) for 4 steps and kept the current adapter adapters\/BRICK\/brick-[0-9a-f]+\.gguf: the new adapter''s held-out loss did not drop/);
    }, 240_000);

    it("shows the cycle that `eval \"BRICK improve\"` starts, to its end", async () => {
        const improved = await cli("eval", "BRICK improve");
        expect(improved.code).toBe(0);
        expect(improved.stdout).toMatch(/an improvement cycle started in the background on \d+ golden samples/);
        // 60 steps, or 8 passes over the training samples when they are few (cycleSteps).
        const [, steps, samples] = /BRICK's improvement cycle: training (\d+) steps on (\d+) samples \(numpy\)…/.exec(improved.stdout) ?? [];
        expect(Number(steps)).toBe(Math.min(60, Number(samples)));
        expect(improved.stdout).toMatch(new RegExp(`\\[#+\\] ${steps}/${steps} loss`));
        expect(improved.stdout).toMatch(/BRICK: BRICK cycle [0-9a-f]{8}: (swapped|kept), because /);
        expect((await state()).history).toHaveLength(5);
    }, 300_000);
});
