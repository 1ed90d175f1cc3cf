import {copyFile, mkdir, writeFile} from "node:fs/promises";
import path from "node:path";
import {afterAll, describe, expect, it} from "vitest";
import {installEvolutionLoop, lineageOf, researchLog} from "../../src/loops/index.js";
import type {EvolutionLoop} from "../../src/loops/index.js";
import {NodeLlamaCppEngine} from "../../src/llm/index.js";
import {embeddedModelPath} from "../../src/runtime/index.js";
import {codexBrick, goldenSamples, makeRandomModel, setGolden, snapshot} from "../loops/philosophical/helpers.js";
import type {Harness} from "./helpers/browserHarness.js";
import {keys, openBrowser, removeTemplate} from "./helpers/browserHarness.js";

let h: Harness | null = null;
let loop: EvolutionLoop | null = null;
afterAll(async () => {
    await loop?.dispose();
    await h?.dispose();
    await removeTemplate();
});

/**
 * The philosophical loop as the Architect sees it in the browser, on real parts: BRICK starts on a poor base (random
 * weights with the embedded tokenizer, made by the forge's GGUF writer); BABS finds the embedded genesis model in a
 * models folder, beside a file that is not a model; `l` opens the evolution tool, `c` cancels a scouting run (nothing changes), `s` scouts, the request goes
 * through the sandbox, the notice says an ascension waits (ask mode, the default), and `a` approves it. The real
 * engine, the real forge, ALFRED's real judge; sizes small for two shared cores, deadlines generous.
 */
describe("the evolution tool", () => {
    it("l shows the research log with the intervals, the ascension waiting for approval, and the lineage after a approves it", async () => {
        h = await openBrowser({columns: 180, rows: 60});
        const {runtime} = h;
        const dir = path.dirname(h.file);
        const models = path.join(dir, "models");
        await mkdir(models);
        const poor = path.join(dir, "poor-base.gguf");
        await makeRandomModel(poor);
        await copyFile(embeddedModelPath, path.join(models, "genesis-candidate.gguf"));
        await writeFile(path.join(models, "notes.gguf"), "Notes about models, not a model.\n");
        runtime.attachEngine(new NodeLlamaCppEngine({threads: 1, contextSize: 512, defaultTemperature: 0}));
        await runtime.manager.atomicSwapModel(runtime.manager.get("BRICK").personaId, poor);
        setGolden(runtime, "BRICK", goldenSamples(codexBrick(12, 7)));
        loop = installEvolutionLoop(runtime, {
            background: false, judge: {attempts: 1}, sources: {folders: [models], ollama: null, network: null},
            settings: {scoutPrompts: 1, scoutReplyTokens: 24, bootstrapResamples: 1000, sandboxSamples: 4, sandboxSteps: 4, ascensionSteps: 4}
        });

        await h.waitFor("Personas");
        await h.press("l");
        await h.waitFor("Evolution: BRICK");
        expect(h.frame()).toContain("BABS has not scouted for BRICK yet");
        expect(h.frame()).toContain("Lineage: BRICK is on its first base model.");
        // Nothing waits yet: x says so, and changes nothing.
        await h.press("x");
        await h.waitFor("No ascension waits for BRICK");

        // c cancels a scouting run at once: nothing is recorded and BRICK is as it was.
        const before = snapshot(runtime.manager.get("BRICK").record);
        await h.press("s");
        await h.waitFor("BABS is scouting for BRICK");
        await h.press("c");
        await h.waitFor("Scouting was cancelled; nothing was recorded", 60_000);
        await loop.whenIdle();
        expect(researchLog(runtime.manager.get("BABS").record)).toHaveLength(0);
        expect(snapshot(runtime.manager.get("BRICK").record)).toEqual(before);
        await h.press("c");
        await h.waitFor("Nothing of the philosophical loop runs for BRICK");

        await h.press("s");
        await h.waitFor("BABS is scouting for BRICK");
        await loop.whenIdle();
        const run = researchLog(runtime.manager.get("BABS").record).at(-1)!;
        expect(run.decision.candidate).toBe(`folder:${path.join(models, "genesis-candidate.gguf")}`);
        // The notice comes wherever the keyboard is; the tool shows the comparison table and the approval.
        let frame = await h.waitFor("Waiting for your approval: ascend to genesis-candidate.gguf", 30_000);
        expect(frame).toContain("can ascend: l shows the evidence");
        expect(frame).toMatch(/genesis-candidate\.gguf\s+STEP CHANGE\s+\d+\.\d{3}\s+\d+\.\d{3} \[\d+\.\d{3}, \d+\.\d{3}\]/);
        expect(frame).toMatch(/poor-base\.gguf\s+incumbent\s+\d+\.\d{3}/);
        expect(frame).toContain("notes.gguf: it does not begin with the GGUF magic");
        expect(frame).toContain("The sandbox confirms it.");
        expect(frame).toContain("CONFIRMED");

        await h.press("a");
        await h.waitFor("BRICK ascends to genesis-candidate.gguf in the background", 30_000);
        await loop.whenIdle();
        const record = runtime.manager.get("BRICK").record;
        expect(runtime.manager.resolve(lineageOf(record).at(-1)!.to.model ?? "none")).toBe(path.join(models, "genesis-candidate.gguf"));
        frame = await h.waitFor((f) => f.includes("ASCENSION") && !f.includes("first base model"), 30_000);
        // Every job the loop started has ended: the sandbox's forge run too.
        expect(frame).not.toMatch(/BRICK_CLONE1 forge \d+\/\d+/);
        expect(frame).toContain("BRICK: base genesis-candidate.gguf");
        expect(frame).not.toContain("Waiting for your approval");
        expect(frame).toMatch(/poor-base\.gguf \(\w{12}\) \+ none → genesis-candidate\.gguf \(\w{12}\) \+ \S+\.gguf/);

        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("s scout · a ascend") && f.includes("Personas"));
    }, 1_500_000);
});
