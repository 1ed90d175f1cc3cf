import {mkdir} from "node:fs/promises";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {EventOf, Runtime} from "../../../src/index.js";
import {NodeLlamaCppEngine} from "../../../src/llm/index.js";
import {judgeFor} from "../../../src/oracle/index.js";
import {PairwiseJudge, researchLog, scoutFor} from "../../../src/loops/philosophical/index.js";
import type {ScoutRun} from "../../../src/loops/philosophical/index.js";
import {embeddedModelPath} from "../../../src/runtime/index.js";
import {freshRuntime} from "../../runtime/helpers.js";
import {codexBrick, goldenSamples, makeCandidates, setGolden} from "./helpers.js";
import type {CandidateFiles} from "./helpers.js";

let runtime: Runtime;
let dir: string;
let cleanup: () => Promise<void>;
let engine: NodeLlamaCppEngine;
let files: CandidateFiles;
let modelsDir: string;
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
}, 300_000);

afterAll(async () => {
    await cleanup?.();
});

describe("BABS scouts for BRICK", () => {
    let run: ScoutRun;

    it("ranks better > incumbent > worse, sets aside what cannot serve with the reason, and requests evolution", async () => {
        const judge = judgeFor(runtime, {attempts: 1});
        const alfred = runtime.manager.get("ALFRED").record;
        await using pairwise = new PairwiseJudge(engine, alfred, embeddedModelPath, null);
        const started = Date.now();
        run = await scoutFor(runtime, "BRICK", {
            engine, judge, pairwise, sources: {folders: [modelsDir], ollama: null, network: null},
            settings: {scoutPrompts: 2, bootstrapResamples: 1000}
        });
        await judge.dispose();
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
});
