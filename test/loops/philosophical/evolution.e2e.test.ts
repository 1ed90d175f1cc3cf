import {mkdir} from "node:fs/promises";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {EventOf, Runtime} from "../../../src/index.js";
import {NodeLlamaCppEngine} from "../../../src/llm/index.js";
import {judgeFor} from "../../../src/oracle/index.js";
import {ascend, currentDatasetVersion, datasetVersions, descend, lineageOf, PairwiseJudge, researchLog, runSandbox, sandboxVerdicts, scoutFor}
    from "../../../src/loops/philosophical/index.js";
import type {SandboxVerdict, ScoutRun} from "../../../src/loops/philosophical/index.js";
import type {Judge} from "../../../src/oracle/index.js";
import {addInteraction} from "../../oracle/helpers.js";
import {embeddedModelPath} from "../../../src/runtime/index.js";
import {freshRuntime} from "../../runtime/helpers.js";
import {codexBrick, goldenSamples, makeCandidates, setGolden, snapshot} from "./helpers.js";
import type {CandidateFiles} from "./helpers.js";

let runtime: Runtime;
let dir: string;
let cleanup: () => Promise<void>;
let engine: NodeLlamaCppEngine;
let files: CandidateFiles;
let modelsDir: string;
let judge: Judge;
let pairwise: PairwiseJudge;
const requested: EventOf<"evolutionRequested">[] = [];

beforeAll(async () => {
    ({runtime, dir, cleanup} = await freshRuntime());
    engine = new NodeLlamaCppEngine({threads: 1, contextSize: 512, defaultTemperature: 0});
    runtime.attachEngine(engine);
    setGolden(runtime, "BRICK", goldenSamples(codexBrick(24, 7)));
    modelsDir = path.join(dir, "models");
    await mkdir(modelsDir);
    const started = Date.now();
    files = await makeCandidates(modelsDir, engine, runtime.systemPromptOf(runtime.manager.get("BRICK")));
    console.log(`candidates made in ${Date.now() - started} ms`);
    runtime.bus.subscribe({type: "evolutionRequested"}, (e) => void requested.push(e as EventOf<"evolutionRequested">));
    judge = judgeFor(runtime, {attempts: 1});
    pairwise = new PairwiseJudge(engine, runtime.manager.get("ALFRED").record, embeddedModelPath, null);
    // The scrapbook the ascended persona re-curates: BRICK's past interactions (their replies in genesis's voice).
    for (const [question] of codexBrick(4, 303)) addInteraction(runtime, "BRICK", [question!, {role: "assistant", content: "Fact: it is a system. Step one: name the parts."}]);
    // A low golden threshold, so that whatever the small Oracle scores, re-answered interactions can enter the dataset.
    runtime.image.update((d) => {
        d.personas[runtime.manager.get("BRICK").personaId]!.slots["goldenThreshold"] = 1;
    });
}, 300_000);

afterAll(async () => {
    await pairwise?.dispose();
    await judge?.dispose();
    await cleanup?.();
});


describe("BABS scouts for BRICK", () => {
    let run: ScoutRun;

    it("ranks better > incumbent > worse, sets aside what cannot serve with the reason, and requests evolution", async () => {
        const started = Date.now();
        run = await scoutFor(runtime, "BRICK", {
            engine, judge, pairwise, sources: {folders: [modelsDir], ollama: null, network: null},
            settings: {scoutPrompts: 2, bootstrapResamples: 1000}
        });
        const byFile = (file: string) => run.candidates.find((c) => c.candidate.path === file)!;
        for (const c of run.candidates)
            console.log(`${c.candidate.label.padEnd(28)} ${c.status.padEnd(11)} bpb ${c.figures?.meanBitsPerByte?.toFixed(3) ?? "-"} ` +
                `oracle ${c.figures?.meanOracleScore?.toFixed(2) ?? "-"} ${c.comparison == null ? "" : `saved [${c.comparison.bitsPerByte?.lower.toFixed(3)}, ${c.comparison.bitsPerByte?.upper.toFixed(3)}] ${c.comparison.stepChange}`} ${c.reason ?? ""}`);
        console.log(`scouted in ${Date.now() - started} ms; ranking ${run.ranking.map((id) => path.basename(id)).join(" > ")}`);

        expect(byFile(files.incumbent).status).toBe("incumbent");
        expect(byFile(files.notAModel)).toMatchObject({status: "setAside", facts: null});
        expect(byFile(files.notAModel).reason).toMatch(/GGUF/);
        expect(byFile(files.stories)).toMatchObject({status: "setAside"});
        expect(byFile(files.stories).reason).toMatch(/no chat template/);
        expect(byFile(files.stories).facts).toMatchObject({architecture: "llama", chatTemplate: null});
        for (const file of [files.better, files.worse, files.storiesChatml]) expect(byFile(file).status).toBe("benchmarked");
        expect(byFile(files.storiesChatml).facts).toMatchObject({tokenizer: "llama", chatTemplate: "chatml"});

        const rank = (file: string) => run.ranking.indexOf(byFile(file).candidate.id);
        expect(rank(files.better)).toBeLessThan(rank(files.incumbent));
        expect(rank(files.incumbent)).toBeLessThan(rank(files.worse));
        expect(byFile(files.better).comparison!.stepChange).toBe(true);
        expect(byFile(files.worse).comparison!.stepChange).toBe(false);
        expect(byFile(files.better).comparison!.bitsPerByte!.resamples).toBe(1000);
        expect(run.decision.candidate).toBe(byFile(files.better).candidate.id);

        expect(requested).toHaveLength(1);
        expect(requested[0]).toMatchObject({persona: "BRICK", candidate: files.better, runId: run.runId});
        expect(requested[0]!.lowerBound).toBeGreaterThan(run.margin);
        expect(researchLog(runtime.manager.get("BABS").record).at(-1)).toEqual(run);
    }, 600_000);

    let verdict: SandboxVerdict;
    let before: Record<string, unknown>;

    it("proves the candidate in a sandboxed clone, leaving the production persona untouched, then removes the sandbox and keeps the verdict", async () => {
        const brick = runtime.manager.get("BRICK");
        before = snapshot(brick.record);
        const question = codexBrick(1, 404)[0]![0]!.content;
        const replyBefore = await runtime.chat(brick, question);
        before = snapshot(brick.record);
        const clones: string[] = [];
        runtime.bus.subscribe({type: "personaCloned"}, (e) => void clones.push(e.type));
        const started = Date.now();
        verdict = await runSandbox(runtime, "BRICK", files.better, {
            engine, judge, pairwise, runId: run.runId, settings: {scoutPrompts: 2, bootstrapResamples: 1000, sandboxSamples: 8, sandboxSteps: 20}
        });
        console.log(`sandbox in ${Date.now() - started} ms: ${verdict.why} clone ${verdict.figures.clone.meanBitsPerByte?.toFixed(3)} vs production ${verdict.figures.production.meanBitsPerByte?.toFixed(3)} bits/byte; adapter loss ${verdict.adapter.lossBefore?.toFixed(3)} → ${verdict.adapter.lossAfter?.toFixed(3)}`);
        expect(clones).toHaveLength(1);
        expect(verdict.confirmed).toBe(true);
        expect(verdict.adapter.trainSamples).toBe(8);
        expect(verdict.comparison.bitsPerByte!.lower).toBeGreaterThan(run.margin);
        // The sandbox is gone: no clone, no folder; its verdict is kept.
        expect(runtime.manager.clones()).toEqual([]);
        expect(runtime.manager.list().map((p) => p.name)).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS"]);
        expect(sandboxVerdicts(brick.record.slots).at(-1)).toEqual(verdict);
        // Production was only read: same slots, same reply.
        expect(snapshot(brick.record)).toEqual(before);
        await engine.resetChat(brick.personaId);
        expect(await runtime.chat(brick, question)).toBe(replyBefore);
        before = snapshot(brick.record);
    }, 600_000);

    it("ascends: trains the full adapter first, re-curates the scrapbook into a new dataset version, swaps base and adapter together, records the lineage", async () => {
        const brick = runtime.manager.get("BRICK");
        const datasetBefore = brick.record.goldenDataset;
        const interactions = brick.record.scrapbook.length;
        const swaps: string[] = [];
        runtime.bus.subscribe({type: ["modelSwapped", "adapterSwapped"], persona: "BRICK"}, (e) => void swaps.push(e.type));
        const started = Date.now();
        const entry = await ascend(runtime, "BRICK", files.better, {
            engine, judge, settings: {ascensionSteps: 30}, sandbox: verdict,
            evidence: {scoutRun: run.runId, why: run.decision.why, lowerBound: requested[0]!.lowerBound}
        });
        console.log(`ascended in ${Date.now() - started} ms: ${JSON.stringify(entry.recuration)}; adapter loss ${entry.training?.lossBefore?.toFixed(3)} → ${entry.training?.lossAfter?.toFixed(3)}`);
        const record = brick.record;
        expect(swaps).toEqual(["modelSwapped"]);
        expect(record.baseModelPath).toBe("models/genesis-brick-further.gguf");
        expect(record.activeAdapterPath).toBe(entry.to.adapter);
        expect(entry.to.adapter).toMatch(/^adapters\/BRICK\/brick-[0-9a-f]{16}\.gguf$/);
        expect(entry.from).toMatchObject({model: before["baseModelPath"], adapter: null, datasetVersion: "v1", datasetSize: datasetBefore.length});
        expect(entry.to).toMatchObject({datasetVersion: "v2", sha256: run.candidates.find((c) => c.candidate.path === files.better)!.facts!.sha256});
        expect(entry.from.sha256).toBe(run.incumbent.sha256);
        expect(entry.sandbox).toMatchObject({runId: verdict.runId, confirmed: true});
        expect(entry.recuration).toMatchObject({interactions, answered: interactions});
        expect(entry.recuration!.added + entry.recuration!.replaced).toBeLessThanOrEqual(entry.recuration!.golden);
        expect(currentDatasetVersion(record)).toBe("v2");
        expect(datasetVersions(record).map((v) => v.version)).toEqual(["v1"]);
        expect(datasetVersions(record)[0]!.samples).toEqual(datasetBefore);
        expect(record.goldenDataset.length).toBe(datasetBefore.length + entry.recuration!.added);
        expect(lineageOf(record)).toEqual([entry]);
        // The ascended persona chats on its new base and adapter.
        expect(typeof await runtime.chat(brick, "BRICK, how do I handle a queue?")).toBe("string");
    }, 600_000);

    it("descends: base, adapter and dataset come back as they were, slot by slot", async () => {
        const brick = runtime.manager.get("BRICK");
        const entry = await descend(runtime, "BRICK");
        const after = snapshot(brick.record);
        // Only the chat made after the ascension is new in the scrapbook and metrics.
        expect({...after, scrapbook: null, performanceMetrics: null}).toEqual({...before, scrapbook: null, performanceMetrics: null});
        expect(brick.record.baseModelPath).toBe(before["baseModelPath"]);
        expect(brick.record.activeAdapterPath).toBeNull();
        expect(currentDatasetVersion(brick.record)).toBe("v1");
        expect(datasetVersions(brick.record).map((v) => v.version)).toEqual(["v2"]);
        expect(lineageOf(brick.record).map((e) => [e.kind, e.undoneAt != null])).toEqual([["ascension", true], ["descent", false]]);
        expect(entry.to.model).toBe(before["baseModelPath"]);
        await expect(descend(runtime, "BRICK")).rejects.toThrow(/nothing to descend to/);
    }, 120_000);
});
