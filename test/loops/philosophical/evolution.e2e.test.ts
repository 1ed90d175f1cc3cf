import {mkdir, readdir} from "node:fs/promises";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {EventOf, Runtime} from "../../../src/index.js";
import {NodeLlamaCppEngine} from "../../../src/llm/index.js";
import {currentDatasetVersion, datasetVersions, installEvolutionLoop, lineageOf, researchLog, sandboxVerdicts}
    from "../../../src/loops/philosophical/index.js";
import type {EvolutionLoop, ScoutRun} from "../../../src/loops/philosophical/index.js";
import {addInteraction} from "../../oracle/helpers.js";
import {freshRuntime} from "../../runtime/helpers.js";
import {codexBrick, goldenSamples, makeCandidates, setGolden, snapshot} from "./helpers.js";
import type {CandidateFiles} from "./helpers.js";

/**
 * The whole philosophical loop on real parts, offline: candidates made at test time (the embedded model trained
 * further on BRICK's codex voice, random weights, stories260K with and without a chat template, a file that is not
 * a model), the real engine, the real forge, ALFRED's real judge. Started as the Architect starts it, from the
 * Playground (`BABS scoutFor: BRICK`, `BRICK ascend`, `BRICK descend`); the request for evolution goes through the
 * sandbox by itself, in ask mode (the default) and in automatic mode. Sizes are small to fit two shared cores.
 */
let runtime: Runtime;
let dir: string;
let cleanup: () => Promise<void>;
let engine: NodeLlamaCppEngine;
let files: CandidateFiles;
let loop: EvolutionLoop;
const requested: EventOf<"evolutionRequested">[] = [];
const finished: EventOf<"evolutionFinished">[] = [];

beforeAll(async () => {
    ({runtime, dir, cleanup} = await freshRuntime());
    engine = new NodeLlamaCppEngine({threads: 1, contextSize: 512, defaultTemperature: 0});
    runtime.attachEngine(engine);
    setGolden(runtime, "BRICK", goldenSamples(codexBrick(24, 7)));
    const modelsDir = path.join(dir, "models");
    await mkdir(modelsDir);
    const started = Date.now();
    files = await makeCandidates(modelsDir, engine, runtime.systemPromptOf(runtime.manager.get("BRICK")));
    console.log(`candidates made in ${Date.now() - started} ms`);
    runtime.bus.subscribe({type: "evolutionRequested"}, (e) => void requested.push(e as EventOf<"evolutionRequested">));
    runtime.bus.subscribe({type: "evolutionFinished"}, (e) => void finished.push(e as EventOf<"evolutionFinished">));
    // The scrapbook the ascended persona re-curates: BRICK's past interactions (their replies in genesis's voice).
    for (const [question] of codexBrick(4, 303)) addInteraction(runtime, "BRICK", [question!, {role: "assistant", content: "Fact: it is a system. Step one: name the parts."}]);
    // A low golden threshold, so that whatever the small Oracle scores, re-answered interactions can enter the dataset.
    runtime.image.update((d) => {
        d.personas[runtime.manager.get("BRICK").personaId]!.slots["goldenThreshold"] = 1;
    });
    loop = installEvolutionLoop(runtime, {
        background: false, judge: {attempts: 1}, sources: {folders: [modelsDir], ollama: null, network: null},
        settings: {scoutPrompts: 2, bootstrapResamples: 1000, sandboxSamples: 8, sandboxSteps: 20, ascensionSteps: 30}
    });
}, 300_000);

afterAll(async () => {
    await loop?.dispose();
    await cleanup?.();
});

describe("the philosophical loop, from the Playground", () => {
    let run: ScoutRun;
    let before: Record<string, unknown>;

    it("BABS scoutFor: BRICK ranks better > incumbent > worse, sets aside what cannot serve, and the request goes through a sandbox that leaves production untouched", async () => {
        const brick = runtime.manager.get("BRICK");
        const question = codexBrick(1, 404)[0]![0]!.content;
        const replyBefore = await runtime.chat(brick, question);
        before = snapshot(brick.record);
        const clones: string[] = [];
        runtime.bus.subscribe({type: "personaCloned"}, (e) => void clones.push(e.type));
        const started = Date.now();
        expect(String(await runtime.evaluate("BABS scoutFor: BRICK"))).toMatch(/BABS is scouting for BRICK in the background/);
        await loop.whenIdle();
        run = researchLog(runtime.manager.get("BABS").record).at(-1)!;
        const byFile = (file: string) => run.candidates.find((c) => c.candidate.path === file)!;
        for (const c of run.candidates)
            console.log(`${c.candidate.label.padEnd(28)} ${c.status.padEnd(11)} bpb ${c.figures?.meanBitsPerByte?.toFixed(3) ?? "-"} ` +
                `oracle ${c.figures?.meanOracleScore?.toFixed(2) ?? "-"} ${c.comparison == null ? "" : `saved [${c.comparison.bitsPerByte?.lower.toFixed(3)}, ${c.comparison.bitsPerByte?.upper.toFixed(3)}] ${c.comparison.stepChange}`} ${c.reason ?? ""}`);
        console.log(`scouted and sandboxed in ${Date.now() - started} ms; ranking ${run.ranking.map((id) => path.basename(id)).join(" > ")}`);

        expect(byFile(files.incumbent).status).toBe("incumbent");
        expect(byFile(files.notAModel)).toMatchObject({status: "setAside", facts: null});
        expect(byFile(files.notAModel).reason).toMatch(/GGUF/);
        expect(byFile(files.stories)).toMatchObject({status: "setAside", facts: {architecture: "llama", chatTemplate: null}});
        expect(byFile(files.stories).reason).toMatch(/no chat template/);
        for (const file of [files.better, files.worse, files.storiesChatml]) expect(byFile(file).status).toBe("benchmarked");
        expect(byFile(files.storiesChatml).facts).toMatchObject({tokenizer: "llama", chatTemplate: "chatml"});
        const rank = (file: string) => run.ranking.indexOf(byFile(file).candidate.id);
        expect(rank(files.better)).toBeLessThan(rank(files.incumbent));
        expect(rank(files.incumbent)).toBeLessThan(rank(files.worse));
        expect(byFile(files.better).comparison).toMatchObject({stepChange: true, bitsPerByte: {resamples: 1000}});
        expect(byFile(files.worse).comparison!.stepChange).toBe(false);
        expect(run.decision.candidate).toBe(byFile(files.better).candidate.id);
        expect(requested).toHaveLength(1);
        expect(requested[0]).toMatchObject({persona: "BRICK", candidate: files.better, runId: run.runId});
        expect(requested[0]!.lowerBound).toBeGreaterThan(run.margin);

        // The request went through a sandbox: one clone, removed with its folder; the verdict kept; the ascension waits (ask mode).
        const verdict = sandboxVerdicts(brick.record.slots).at(-1)!;
        console.log(`sandbox: ${verdict.why} clone ${verdict.figures.clone.meanBitsPerByte?.toFixed(3)} vs production ${verdict.figures.production.meanBitsPerByte?.toFixed(3)} bits/byte`);
        expect(verdict).toMatchObject({runId: run.runId, confirmed: true, clone: "BRICK_CLONE1", adapter: {trainSamples: 8}});
        expect(clones).toHaveLength(1);
        expect(runtime.manager.clones()).toEqual([]);
        expect(await readdir(path.join(dir, "sandboxes")).catch(() => [])).toEqual([]);
        expect(loop.pending("BRICK")).toMatchObject({candidate: files.better, runId: run.runId, verdict: {confirmed: true}});
        expect(finished.map((e) => `${e.stage}:${e.outcome}`)).toEqual(["scout:stepChange", "sandbox:confirmed", "sandbox:awaitingApproval"]);
        expect(String(await runtime.evaluate("BRICK evolution"))).toMatch(/Waiting for approval: genesis-brick-further\.gguf/);

        // Production was only read: same slots (but the kept verdict and the waiting ascension), same reply.
        expect({...snapshot(brick.record), slots: null}).toEqual({...before, slots: null});
        await engine.resetChat(brick.personaId);
        expect(await runtime.chat(brick, question)).toBe(replyBefore);
        before = snapshot(brick.record);
    }, 900_000);

    it("BRICK ascend approves: the full adapter is trained first, the scrapbook re-curated into a new dataset version, base and adapter swapped together, the lineage recorded", async () => {
        const brick = runtime.manager.get("BRICK");
        const datasetBefore = brick.record.goldenDataset.toArray();
        const interactions = brick.record.scrapbook.length;
        const swaps: string[] = [];
        runtime.bus.subscribe({type: ["modelSwapped", "adapterSwapped"], persona: "BRICK"}, (e) => void swaps.push(e.type));
        const started = Date.now();
        expect(String(await runtime.evaluate("BRICK ascend"))).toMatch(/ascends to genesis-brick-further\.gguf in the background/);
        await loop.whenIdle();
        const record = brick.record;
        const entry = lineageOf(record).at(-1)!;
        console.log(`ascended in ${Date.now() - started} ms: ${JSON.stringify(entry.recuration)}; adapter loss ${entry.training?.lossBefore?.toFixed(3)} → ${entry.training?.lossAfter?.toFixed(3)}`);
        expect(swaps).toEqual(["modelSwapped"]);
        expect(record.baseModelPath).toBe("models/genesis-brick-further.gguf");
        expect(record.activeAdapterPath).toBe(entry.to.adapter);
        expect(entry.to.adapter).toMatch(/^adapters\/BRICK\/brick-[0-9a-f]{16}\.gguf$/);
        expect(entry.from).toMatchObject({model: before["baseModelPath"], adapter: null, datasetVersion: "v1", datasetSize: datasetBefore.length});
        expect(entry.from.sha256).toBe(run.incumbent.sha256);
        expect(entry.to).toMatchObject({datasetVersion: "v2", sha256: run.candidates.find((c) => c.candidate.path === files.better)!.facts!.sha256});
        expect(entry.evidence).toMatchObject({scoutRun: run.runId, lowerBound: requested[0]!.lowerBound});
        expect(entry.sandbox).toMatchObject({runId: run.runId, confirmed: true});
        expect(entry.recuration).toMatchObject({interactions, answered: interactions});
        expect(entry.recuration!.added + entry.recuration!.replaced).toBeLessThanOrEqual(entry.recuration!.golden);
        expect(currentDatasetVersion(record)).toBe("v2");
        expect(datasetVersions(record).map((v) => v.version)).toEqual(["v1"]);
        expect(datasetVersions(record)[0]!.samples).toEqual(datasetBefore);
        expect(record.goldenDataset.length).toBe(datasetBefore.length + entry.recuration!.added);
        expect(loop.pending("BRICK")).toBeNull();
        expect(String(await runtime.evaluate("BRICK lineage"))).toMatch(/ASCENSION .*→ genesis-brick-further\.gguf/);
        expect(typeof await runtime.chat(brick, "BRICK, how do I handle a queue?")).toBe("string");
    }, 900_000);

    it("BRICK descend restores base, adapter and dataset as they were, slot by slot", async () => {
        const brick = runtime.manager.get("BRICK");
        expect(String(await runtime.evaluate("BRICK descend"))).toMatch(/^.* DESCENT /);
        const after = snapshot(brick.record);
        // Only the chat made while ascended is new in the scrapbook and the metrics.
        expect({...after, scrapbook: null, performanceMetrics: null}).toEqual({...before, scrapbook: null, performanceMetrics: null});
        expect(brick.record.activeAdapterPath).toBeNull();
        expect(currentDatasetVersion(brick.record)).toBe("v1");
        expect(datasetVersions(brick.record).map((v) => v.version)).toEqual(["v2"]);
        expect(lineageOf(brick.record).map((e) => [e.kind, e.undoneAt != null])).toEqual([["ascension", true], ["descent", false]]);
        await expect(runtime.evaluate("BRICK descend")).rejects.toThrow(/nothing to descend to/);
    }, 120_000);

    it("in automatic mode, a step change goes from BABS's scouting through the sandbox to the ascension with no one asked", async () => {
        await runtime.evaluate("BRICK at: #evolutionMode put: 'automatic'");
        const started = Date.now();
        await runtime.evaluate("BABS scoutFor: BRICK");
        await loop.whenIdle();
        console.log(`automatic: scouted, proved and ascended in ${Date.now() - started} ms`);
        const brick = runtime.manager.get("BRICK").record;
        expect(finished.slice(-3).map((e) => `${e.stage}:${e.outcome}`)).toEqual(["scout:stepChange", "sandbox:confirmed", "ascend:ascended"]);
        expect(brick.baseModelPath).toBe("models/genesis-brick-further.gguf");
        expect(lineageOf(brick).map((e) => e.kind)).toEqual(["ascension", "descent", "ascension"]);
        expect(lineageOf(brick).at(-1)!.sandbox).toMatchObject({confirmed: true});
        expect(currentDatasetVersion(brick)).toBe("v3");
        expect(researchLog(runtime.manager.get("BABS").record)).toHaveLength(2);
    }, 900_000);
});
