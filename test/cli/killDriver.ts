import {spawn} from "node:child_process";
import {existsSync} from "node:fs";
import {mkdir, readdir, readFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {checkAdapter} from "../../src/gguf/index.js";
import {backupPathFor, decodeImage, ImageStore, journalPathFor} from "../../src/image/index.js";
import {createImage, Runtime} from "../../src/index.js";
import type {GoldenSample} from "../../src/objects/index.js";
import {addGoldenSample, goldenToJsonl} from "../../src/oracle/index.js";
import {scriptedBrick} from "../oracle/helpers.js";

/**
 * The kill test: the real command line, run over and over on one image, SIGKILLed at random moments
 * (the whole process group, as when a machine or terminal dies), across every way it writes:
 * `eval` that journals a change, `eval --save`, `save-as` a copy, an open that replays the journal,
 * a `forge` cycle that trains and swaps an adapter, and a `golden import` (written once, by a save).
 * After every round it checks that nothing acknowledged (a command that exited 0) is lost and that no
 * file is corrupt: the image, its `.bak`, every copy, and every adapter verify, and the image opens
 * without any recovery option; and that every import is in the image whole or not at all.
 */
export type KillOp = "eval" | "evalSave" | "saveAs" | "replay" | "forge" | "goldenImport";

export type OpStats = {runs: number, kills: number, acknowledged: number, failed: number, medianMs: number};

export type KillReport = {
    kills: number,
    rounds: number,
    ops: Record<KillOp, OpStats>,
    /** Writes (slot values) that a command acknowledged, checked after every later round. */
    acknowledgedWrites: number,
    lostWrites: string[],
    corruptFiles: string[],
    /** Imports found in the image in part (some of a file's samples, not all): each is a failure. */
    halfImports: string[],
    /** Reopenings that replayed journal lines, that dropped a torn last line, that found a save's temporary file. */
    replays: number,
    tornTails: number,
    interruptedSaves: number,
    /** Adapter files left under a temporary name by a killed forge (not corrupt: never referenced). */
    partialAdapters: number,
    /** Forge job folders (tokenized training data) left in the temporary folder by a killed command. */
    leftoverJobFolders: number,
    /** Commands that exited non-zero without being killed (each is a failure of the test). */
    unexpectedFailures: string[],
    ms: number
};

export type KillOptions = {
    dir: string,
    kills: number,
    /** Relative weights of the operations (default: eval 40, evalSave 25, saveAs 12, replay 15, forge 3, goldenImport 5). */
    weights?: Partial<Record<KillOp, number>>,
    /** Instead of weights: the operations in this order, over and over. */
    sequence?: KillOp[],
    /** Run the TypeScript source (tests) rather than a fresh dist/ build. */
    source?: boolean,
    random?: () => number,
    onRound?: (report: KillReport) => void
};

const bin = path.resolve("bin/living-image.js");
const copies = 4;
/** Samples in each file a `golden import` round reads (each round's are new to the image). */
const importSamples = 200;

export async function runKillTest(options: KillOptions): Promise<KillReport> {
    const started = Date.now();
    const random = options.random ?? Math.random;
    const weights = {eval: 40, evalSave: 25, saveAs: 12, replay: 15, forge: 3, goldenImport: 5, ...options.weights};
    const image = path.join(options.dir, "kill.image.json");
    const jobs = path.join(options.dir, "tmp");
    await mkdir(jobs, {recursive: true});
    await mkdir(path.join(options.dir, "copies"), {recursive: true});
    await mkdir(path.join(options.dir, "imports"), {recursive: true});
    await prepareImage(image);

    const emptyOp = (): OpStats => ({runs: 0, kills: 0, acknowledged: 0, failed: 0, medianMs: 0});
    const report: KillReport = {
        kills: 0, rounds: 0, ops: {eval: emptyOp(), evalSave: emptyOp(), saveAs: emptyOp(), replay: emptyOp(), forge: emptyOp(), goldenImport: emptyOp()},
        acknowledgedWrites: 0, lostWrites: [], corruptFiles: [], halfImports: [], replays: 0, tornTails: 0, interruptedSaves: 0, partialAdapters: 0, leftoverJobFolders: 0,
        unexpectedFailures: [], ms: 0
    };
    const durations: Record<KillOp, number[]> = {eval: [], evalSave: [], saveAs: [], replay: [], forge: [], goldenImport: []};
    const guess: Record<KillOp, number> = {eval: 3000, evalSave: 3500, saveAs: 3000, replay: 3000, forge: 60_000, goldenImport: 4000};
    // Slot `k<n>` = n for every write a command acknowledged; per copy, the writes acknowledged before its last good save-as.
    const acknowledged = new Map<string, number>();
    const copyMustHold = new Map<string, Map<string, number>>();
    // Every file a `golden import` round read: whether the command acknowledged it (then all its samples must stay).
    const imports = new Map<string, boolean>();
    let next = 0;

    while (report.kills < options.kills && report.corruptFiles.length === 0 && report.lostWrites.length === 0 && report.halfImports.length === 0) {
        const op = options.sequence != null ? options.sequence[(next) % options.sequence.length]! : pick(weights, random);
        const n = ++next;
        const copy = path.join(options.dir, "copies", `c${n % copies}.image.json`);
        const importFile = path.join(options.dir, "imports", `i${n}.jsonl`);
        if (op === "goldenImport") {
            await writeFile(importFile, goldenToJsonl(Array.from({length: importSamples}, (_, i) => importSample(n, i)), "chatml"));
            imports.set(importFile, false);
        }
        const args = {
            eval: ["eval", `BRICK at: 'k${n}' put: ${n}. ${n}`],
            evalSave: ["eval", `BRICK at: 'k${n}' put: ${n}. ${n}`, "--save"],
            saveAs: ["save-as", copy],
            replay: ["eval", "1"],
            forge: ["forge", "BRICK", "--steps", "2", "--threads", "1"],
            goldenImport: ["golden", "import", "BRICK", importFile]
        }[op];
        const before = new Map(acknowledged);
        // How long the command takes here: the median of the runs that finished. The first run of each kind, and every
        // eighth, is left to finish: it measures that, and its write is one more acknowledged write to keep.
        const median = durations[op].length > 0 ? durations[op][Math.floor(durations[op].length / 2)]! : guess[op];
        const calibrate = report.ops[op].runs % 8 === 0;
        // Most kills land while the command works (opening, writing, saving), some before and a few after it is done.
        const delay = calibrate ? 10 * 60_000 : median * (0.2 + random());
        const result = await runKilled([...args, "--image", image], delay, jobs, options.source === true);
        const opStats = report.ops[op];
        opStats.runs++;
        report.rounds++;
        if (result.killed) {
            opStats.kills++;
            report.kills++;
        } else {
            durations[op].push(result.ms);
            durations[op].sort((a, b) => a - b);
            opStats.medianMs = durations[op][Math.floor(durations[op].length / 2)]!;
            if (result.code === 0) {
                opStats.acknowledged++;
                if (op === "eval" || op === "evalSave") {
                    if (result.stdout.trim() !== String(n)) report.unexpectedFailures.push(`${op} ${n} printed ${JSON.stringify(result.stdout)}`);
                    acknowledged.set(`k${n}`, n);
                }
                if (op === "saveAs") copyMustHold.set(copy, before);
                if (op === "goldenImport") imports.set(importFile, true);
            } else {
                opStats.failed++;
                // A forge cycle may end "kept" or fail on validation; anything else that was not killed is a failure of the test.
                if (op !== "forge") report.unexpectedFailures.push(`${op} ${n} exited ${result.code}: ${result.stderr.trim().slice(0, 400)}`);
            }
        }
        report.acknowledgedWrites = acknowledged.size;
        await check(report, image, acknowledged, copyMustHold, imports, options.dir);
        report.leftoverJobFolders = (await readdir(jobs)).filter((name) => name.startsWith("living-image-forge-")).length;
        options.onRound?.(report);
        if (report.unexpectedFailures.length > 0) break;
    }
    report.ms = Date.now() - started;
    return report;
}

async function prepareImage(image: string): Promise<void> {
    await createImage(image);
    const runtime = await Runtime.open(image);
    try {
        const brick = runtime.manager.get("BRICK");
        for (const messages of scriptedBrick(14))
            addGoldenSample(runtime, brick.personaId, messages, {interactionId: null, judge: "kill test", model: null, adapter: null, scores: null, at: new Date()}, 0.3);
        await runtime.save();
    } finally {
        await runtime.dispose();
    }
}

type Run = {killed: boolean, code: number | null, stdout: string, stderr: string, ms: number};

/** Runs the command in its own process group and SIGKILLs the group after `delayMs` unless it exited first. */
function runKilled(args: string[], delayMs: number, tmp: string, source: boolean): Promise<Run> {
    return new Promise((resolve, reject) => {
        const started = Date.now();
        const child = spawn(process.execPath, [bin, ...args], {
            detached: true, stdio: ["ignore", "pipe", "pipe"],
            env: {...process.env, TMPDIR: tmp, ...(source ? {LIVING_IMAGE_SOURCE: "1"} : {})}
        });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (chunk: Buffer) => stdout += chunk.toString());
        child.stderr.on("data", (chunk: Buffer) => stderr += chunk.toString());
        let killed = false;
        const timer = setTimeout(() => {
            killed = true;
            try {
                process.kill(-child.pid!, "SIGKILL");
            } catch {
                // Already gone.
            }
        }, delayMs);
        child.on("error", reject);
        child.on("exit", (code, signal) => {
            clearTimeout(timer);
            resolve({killed: killed && signal === "SIGKILL", code, stdout, stderr, ms: Date.now() - started});
        });
    });
}

/** Everything on disk verifies, the image opens as it is, and every acknowledged write is in it. */
async function check(report: KillReport, image: string, acknowledged: Map<string, number>, copyMustHold: Map<string, Map<string, number>>,
    imports: ReadonlyMap<string, boolean>, dir: string): Promise<void> {
    const corrupt = (file: string, why: unknown) => report.corruptFiles.push(`${file}: ${why instanceof Error ? why.message : String(why)}`);
    const names = await readdir(dir);
    if (names.some((name) => name.includes(".tmp-"))) report.interruptedSaves++;
    for (const file of [image, backupPathFor(image)]) {
        if (!existsSync(file)) continue;
        try {
            decodeImage(await readFile(file, "utf8"), file);
        } catch (error) {
            corrupt(file, error);
        }
    }
    let slots: Record<string, unknown>;
    const imported = new Map<string, number>();
    try {
        const store = await ImageStore.open(image, {readOnly: true});
        try {
            if (store.recovery.fromBackup) corrupt(image, "opened from its backup");
            if (store.recovery.replayedEntries > 0) report.replays++;
            if (store.recovery.droppedTornTail) report.tornTails++;
            const brick = Object.values(store.state.personas).find((p) => p.name === "BRICK")!;
            slots = brick.slots;
            brick.goldenDataset.forEach((sample) => {
                const judge = sample.provenance.judge;
                if (judge.startsWith("import:")) imported.set(judge.slice("import:".length), (imported.get(judge.slice("import:".length)) ?? 0) + 1);
            });
            await checkAdapters(report, dir, store.state.personas);
        } finally {
            await store.close();
        }
    } catch (error) {
        corrupt(journalPathFor(image), error);
        return;
    }
    for (const [key, value] of acknowledged) if (slots[key] !== value) report.lostWrites.push(`${key} (image)`);
    for (const [file, acked] of imports) {
        const count = imported.get(file) ?? 0;
        if (count !== 0 && count !== importSamples) report.halfImports.push(`${path.basename(file)}: ${count} of ${importSamples} samples`);
        else if (acked && count === 0) report.lostWrites.push(`${path.basename(file)} (image)`);
    }
    for (const [copy, mustHold] of copyMustHold) {
        try {
            const store = await ImageStore.open(copy, {readOnly: true});
            const copySlots = Object.values(store.state.personas).find((p) => p.name === "BRICK")!.slots;
            await store.close();
            for (const [key, value] of mustHold) if (copySlots[key] !== value) report.lostWrites.push(`${key} (${path.basename(copy)})`);
        } catch (error) {
            corrupt(copy, error);
        }
        if (existsSync(backupPathFor(copy))) {
            try {
                decodeImage(await readFile(backupPathFor(copy), "utf8"), backupPathFor(copy));
            } catch (error) {
                corrupt(backupPathFor(copy), error);
            }
        }
    }
}

/** The adapter a persona uses verifies whole; other complete adapters too; a temporary one is only counted. */
async function checkAdapters(report: KillReport, dir: string, personas: Record<string, {activeAdapterPath: string | null}>): Promise<void> {
    const folder = path.join(dir, "adapters", "BRICK");
    const files = existsSync(folder) ? await readdir(folder) : [];
    report.partialAdapters = files.filter((name) => !name.endsWith(".gguf")).length;
    for (const name of files.filter((f) => f.endsWith(".gguf"))) {
        try {
            await checkAdapter(path.join(folder, name));
        } catch (error) {
            report.corruptFiles.push(`${name}: ${(error as Error).message}`);
        }
    }
    for (const persona of Object.values(personas)) {
        if (persona.activeAdapterPath == null) continue;
        const file = path.resolve(dir, persona.activeAdapterPath);
        if (!existsSync(file)) report.corruptFiles.push(`${persona.activeAdapterPath}: the adapter in use is missing`);
    }
}

/** Sample `i` of import round `n`: a conversation no other round or sample has. */
function importSample(n: number, i: number): GoldenSample {
    return {
        id: `import-${n}-${i}`, heldOut: false,
        messages: [{role: "user", content: `Import round ${n}, question ${i}: what is ${n} times ${i}?`}, {role: "assistant", content: `Fact: ${n * i}.`}],
        provenance: {interactionId: null, judge: "kill test", model: null, adapter: null, scores: null, at: new Date(0)}
    };
}

function pick(weights: Record<KillOp, number>, random: () => number): KillOp {
    const entries = Object.entries(weights) as [KillOp, number][];
    let roll = random() * entries.reduce((sum, [, w]) => sum + w, 0);
    for (const [op, weight] of entries) {
        roll -= weight;
        if (roll < 0) return op;
    }
    return entries[0]![0];
}
