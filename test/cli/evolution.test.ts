import {spawn} from "node:child_process";
import {cp, mkdir, mkdtemp, readdir, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";
import {createImage, Runtime} from "../../src/index.js";
import {currentDatasetVersion, lineageOf} from "../../src/loops/index.js";
import type {PersonaRecord} from "../../src/objects/index.js";
import {codexBrick, goldenSamples, makeRandomModel, setGolden, snapshot} from "../loops/philosophical/helpers.js";
import {addInteraction} from "../oracle/helpers.js";

/**
 * The philosophical loop through the command line, and the kill test: an ascension or a sandbox killed (SIGKILL)
 * or cancelled (Ctrl-C) at any step leaves BRICK as it was before, or as it is after a completed ascension, never
 * between. The candidate is a model with random weights made at test time; the Architect names it (`--to`), so
 * no step change is needed to reach every stage.
 */
const bin = path.resolve("bin/living-image.js");
let dir: string;
let pristine: string;
let before: Record<string, unknown>;
const candidate = "models/random-weights.gguf";

async function cli(cwd: string, ...args: string[]): Promise<CliResult> {
    return runCli(cwd, [...args, "--threads", "1"]);
}

/** A copy of the prepared image folder (image, models) to run one scenario in. */
async function fresh(name: string): Promise<string> {
    const target = path.join(dir, name);
    await cp(pristine, target, {recursive: true});
    return target;
}

async function brickOf(folder: string): Promise<PersonaRecord> {
    const runtime = await Runtime.open(path.join(folder, "w.image.json"), {readOnly: true});
    try {
        return runtime.manager.get("BRICK").record;
    } finally {
        await runtime.dispose();
    }
}

/** "before", "after" (a whole ascension), or "between" when some of it is there and some not. */
function stateOf(record: PersonaRecord): "before" | "after" | "between" {
    if (JSON.stringify(snapshot(record)) === JSON.stringify(before) && lineageOf(record).length === 0) return "before";
    const ascended = record.baseModelPath === candidate && record.activeAdapterPath != null && lineageOf(record).length === 1 &&
        currentDatasetVersion(record) === "v2" && lineageOf(record)[0]!.to.adapter === record.activeAdapterPath;
    return ascended ? "after" : "between";
}

/**
 * Runs `command` (argv after node) in `cwd`, in a process group of its own, and once a stderr line matches
 * `when`, sends `signal` to the whole group (the node process and the forge it started). Answers the exit
 * and whether the signal was sent.
 */
function runUntil(cwd: string, argv: string[], when: RegExp, signal: NodeJS.Signals): Promise<{code: number | null, signalled: boolean, stderr: string}> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, argv, {cwd, detached: true, stdio: ["ignore", "ignore", "pipe"]});
        let stderr = "";
        let signalled = false;
        const deadline = setTimeout(() => {
            process.kill(-child.pid!, "SIGKILL");
            reject(new Error(`no line matching ${when} within 240 s:\n${stderr}`));
        }, 240_000);
        child.stderr.on("data", (chunk: Buffer) => {
            stderr += chunk.toString();
            if (!signalled && when.test(stderr)) {
                signalled = true;
                process.kill(-child.pid!, signal);
            }
        });
        child.on("exit", (code) => {
            clearTimeout(deadline);
            // The forge, in the same group, goes with it (SIGKILL) or cleans up and exits (SIGINT): wait for the group to be gone.
            void waitGroupGone(child.pid!).then(() => resolve({code, signalled, stderr}));
        });
    });
}

async function waitGroupGone(pgid: number): Promise<void> {
    for (let i = 0; i < 200; i++) {
        try {
            process.kill(-pgid, 0);
        } catch {
            return;
        }
        await new Promise((r) => setTimeout(r, 50));
    }
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-evolve-cli-"));
    pristine = path.join(dir, "pristine");
    await mkdir(path.join(pristine, "models"), {recursive: true});
    await makeRandomModel(path.join(pristine, candidate));
    await writeFile(path.join(pristine, "models", "notes.gguf"), "not a model\n");
    const file = path.join(pristine, "w.image.json");
    await createImage(file);
    const runtime = await Runtime.open(file);
    setGolden(runtime, "BRICK", goldenSamples(codexBrick(18, 7)));
    for (const [question] of codexBrick(6, 303)) addInteraction(runtime, "BRICK", [question!, {role: "assistant", content: "Fact: it is a system."}]);
    runtime.image.update((d) => {
        const slots = d.personas[runtime.manager.get("BRICK").personaId]!.slots;
        slots["goldenThreshold"] = 1;
        slots["scoutPrompts"] = 1;
        // No local Ollama in the tests: the source is turned off rather than reported unreachable.
        d.settings["scoutOllama"] = false;
    });
    before = snapshot(runtime.manager.get("BRICK").record);
    await runtime.save();
    await runtime.dispose();
}, 120_000);

afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("living-image scout, ascend, descend, lineage", () => {
    it("scouts, ascends by the Architect's choice, shows the lineage, and descends to the state before", async () => {
        const folder = await fresh("commands");
        const scout = await cli(folder, "scout", "BRICK", "--image", "w.image.json", "--json");
        expect(scout.code).toBe(0);
        const result = JSON.parse(scout.stdout) as {run: {candidates: {candidate: {label: string}, status: string, reason: string | null}[], decision: {candidate: string | null}}, sandbox: unknown};
        const status = Object.fromEntries(result.run.candidates.map((c) => [c.candidate.label, c.status]));
        expect(status).toMatchObject({"random-weights.gguf": "benchmarked", "notes.gguf": "setAside", "living-image-genesis.gguf": "incumbent"});
        expect(result.run.decision.candidate).toBeNull();
        expect(result.sandbox).toBeNull();
        expect(scout.stderr).toMatch(/BABS benchmark/);
        expect((await cli(folder, "lineage", "BRICK", "--image", "w.image.json")).stdout).toMatch(/BRICK has not ascended/);

        const ascended = await cli(folder, "ascend", "BRICK", "--to", candidate, "--steps", "2", "--image", "w.image.json", "--json");
        expect(ascended.code).toBe(0);
        expect(ascended.stderr).toMatch(/BRICK train/);
        expect(ascended.stderr).toMatch(/BRICK recurate/);
        const entry = JSON.parse(ascended.stdout) as {kind: string, to: {model: string, datasetVersion: string}, recuration: {interactions: number}};
        expect(entry).toMatchObject({kind: "ascension", to: {model: candidate, datasetVersion: "v2"}, recuration: {interactions: 6}});
        expect(stateOf(await brickOf(folder))).toBe("after");
        const lineage = await cli(folder, "lineage", "BRICK", "--image", "w.image.json");
        expect(lineage.stdout).toMatch(/ASCENSION .*living-image-genesis\.gguf \([0-9a-f]{12}\) \+ none → random-weights\.gguf \([0-9a-f]{12}\) \+ brick-[0-9a-f]{16}\.gguf; dataset v1 \(18\) → v2/);

        const descended = await cli(folder, "descend", "BRICK", "--image", "w.image.json");
        expect(descended.code).toBe(0);
        expect(descended.stdout).toMatch(/DESCENT/);
        const record = await brickOf(folder);
        expect(snapshot(record)).toEqual(before);
        expect(lineageOf(record).map((e) => e.kind)).toEqual(["ascension", "descent"]);
        const again = await cli(folder, "descend", "BRICK", "--image", "w.image.json");
        expect(again.code).toBe(1);
        expect(again.stderr).toMatch(/nothing to descend to/);
    }, 300_000);
});

describe("the kill test", () => {
    const ascendArgs = [bin, "ascend", "BRICK", "--to", candidate, "--steps", "400", "--image", "w.image.json", "--threads", "1"];

    for (const [stage, when] of [["training", /BRICK train [1-9]\d*\/400/], ["re-curation", /BRICK recurate 2\//], ["the commit", /ascended to random-weights/]] as const) {
        it(`a SIGKILL during ${stage} leaves BRICK as before or as after, never between`, async () => {
            const folder = await fresh(`kill-${stage.replace(/\W/g, "")}`);
            const exit = await runUntil(folder, ascendArgs.slice(0, 5).concat(["--steps", stage === "training" ? "400" : "3"], ascendArgs.slice(7)), when, "SIGKILL");
            expect(exit.signalled).toBe(true);
            const state = stateOf(await brickOf(folder));
            console.log(`killed during ${stage}: BRICK is ${state}`);
            expect(state).not.toBe("between");
            expect(state).toBe(stage === "the commit" ? "after" : "before");
        }, 300_000);
    }

    it("Ctrl-C during re-curation cancels: exit 1, BRICK unchanged, the trained adapter removed", async () => {
        const folder = await fresh("cancel");
        const exit = await runUntil(folder, ascendArgs.slice(0, 5).concat(["--steps", "3"], ascendArgs.slice(7)), /BRICK recurate 1\//, "SIGINT");
        expect(exit.signalled).toBe(true);
        expect(exit.code).toBe(1);
        expect(exit.stderr).toMatch(/cancelled[\s\S]*unchanged/);
        expect(stateOf(await brickOf(folder))).toBe("before");
        const adapters = await readdir(path.join(folder, "adapters", "BRICK")).catch(() => []);
        expect(adapters).toEqual([]);
    }, 300_000);

    it("a SIGKILL inside a sandbox leaves production untouched, and the next open removes the abandoned clone and its folder", async () => {
        const folder = await fresh("sandbox");
        const child = [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("test/fixtures/evolve/sandboxChild.ts"), "w.image.json", candidate, "400"];
        const exit = await runUntil(folder, child, /BRICK train [1-9]\d*\/400/, "SIGKILL");
        expect(exit.signalled).toBe(true);
        const left = await Runtime.open(path.join(folder, "w.image.json"), {readOnly: true});
        const clones = left.manager.clones();
        await left.dispose();
        expect(clones.map((c) => c.name)).toEqual(["BRICK_CLONE1"]);

        const {installEvolutionLoop} = await import("../../src/loops/index.js");
        const runtime = await Runtime.open(path.join(folder, "w.image.json"));
        const loop = installEvolutionLoop(runtime, {background: false});
        await loop.whenIdle();
        expect(runtime.manager.clones()).toEqual([]);
        expect(stateOf(runtime.manager.get("BRICK").record)).toBe("before");
        await loop.dispose();
        await runtime.dispose();
        expect(await readdir(path.join(folder, "sandboxes")).catch(() => [])).toEqual([]);
    }, 300_000);
});
