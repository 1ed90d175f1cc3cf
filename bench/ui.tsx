/* @jsxRuntime automatic */
/* @jsxImportSource react */
import {EventEmitter} from "node:events";
import {mkdtemp, rm} from "node:fs/promises";
import {cpus, loadavg, tmpdir} from "node:os";
import path from "node:path";
import {stripVTControlCharacters} from "node:util";
import type {GoldenSample, ScrapbookEntry} from "../src/index.js";
import {createImage, ImageStore, Runtime} from "../src/index.js";
import {formatRatio, table} from "./measure.js";

const root = path.resolve(import.meta.dirname, "..");
const model = path.join(root, "test", "fixtures", "models", "stories260K.gguf");
const entries = 10_000;
const samples = 10_000;
/** The baseline's image: a few, so that every list can be walked. */
const few = 20;

/** A terminal for Ink without one: 80×24, raw mode, what is written timed. */
class FakeTerminal {
    public readonly stdout = Object.assign(new EventEmitter(), {
        isTTY: true, columns: 80, rows: 24,
        write: (chunk: string) => {
            this.last = chunk.length > 200 ? chunk : this.last;
            this.written?.(chunk);
            return true;
        }
    });
    public readonly stdin = Object.assign(new EventEmitter(), {
        isTTY: true, data: null as string | null,
        setEncoding: () => undefined, setRawMode: () => undefined, resume: () => undefined, pause: () => undefined,
        ref: () => undefined, unref: () => undefined,
        read: () => {
            const data = this.stdin.data;
            this.stdin.data = null;
            return data;
        }
    });
    private written: ((chunk: string) => void) | null = null;
    /** The last frame written, for an error. */
    public last = "";

    /**
     * Sends a key and answers the milliseconds until the next write (the frame it caused): wall time, and the
     * process's CPU time over the same span (what a loaded machine's waiting for a core does not inflate).
     */
    public async press(key: string, timeoutMs = 5000): Promise<{wall: number, cpu: number}> {
        const start = performance.now();
        const cpu = process.cpuUsage();
        const drawn = new Promise<{wall: number, cpu: number}>((resolve, reject) => {
            const timer = setTimeout(() => {
                this.written = null;
                reject(new Error(`No frame within ${timeoutMs} ms of the key ${JSON.stringify(key)}; the last frame:\n${stripVTControlCharacters(this.last)}`));
            }, timeoutMs);
            this.written = () => {
                clearTimeout(timer);
                this.written = null;
                const used = process.cpuUsage(cpu);
                resolve({wall: performance.now() - start, cpu: (used.user + used.system) / 1000});
            };
        });
        this.stdin.data = key;
        this.stdin.emit("readable");
        this.stdin.emit("data", key);
        return drawn;
    }
}

const k = {
    up: "\u001B[A", down: "\u001B[B", right: "\u001B[C", left: "\u001B[D", pageDown: "\u001B[6~", pageUp: "\u001B[5~",
    tab: "\t", escape: "\u001B", backspace: "\u007F", home: "\u001B[H", end: "\u001B[F", ctrlF: "\u0006", ctrlU: "\u0015"
};

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Scenarios: the keys to set it up (not timed), then the keys timed, in order. */
type Scenario = {name: string, setup: string[], keys: string[]};

function repeat(keys: string[], times: number): string[] {
    return Array.from({length: times}, () => keys).flat();
}

// Every timed key changes the screen (a key that changes nothing draws no frame): the lists are walked down
// and up in turn, at their top and at their end; the text typed has no spaces (without colour, when stdout is
// not a terminal, a space typed at the end of a line draws the same frame).
const scenarios: Scenario[] = [
    // The personas' column is first: Right to the categories, down to the scrapbook (slots, methods, golden dataset, metrics, scrapbook).
    {name: "↓↑ PgDn PgUp, top of the scrapbook", setup: [k.right, k.home, k.down, k.down, k.down, k.down, k.right], keys: [...repeat([k.down, k.up], 30), ...repeat([k.pageDown, k.pageUp], 10)]},
    {name: "↑↓ at the scrapbook's end", setup: [k.end], keys: repeat([k.up, k.down], 30)},
    {name: "↓↑ in the golden dataset", setup: [k.escape, k.escape, k.right, k.home, k.down, k.down, k.right], keys: repeat([k.down, k.up], 30)},
    {name: "Tab through the panes", setup: [k.escape, k.escape], keys: repeat([k.tab], 60)},
    {name: "typing in the Playground", setup: [k.escape, "\u001B[Z"], keys: [..."(1to:60)inject:0into:[:a:b|a+b]".split(""), ...repeat([k.backspace], 20)]},
    {name: "typing in the finder (Ctrl-F)", setup: [k.escape, k.ctrlF], keys: [..."swan".split(""), ...repeat([k.backspace], 4), ..."sample".split(""), ...repeat([k.backspace], 6)]}
];

/** Every keypress's time to the next frame, per scenario, on the image at `file`. */
async function measure(file: string): Promise<Map<string, {wall: number, cpu: number}[]>> {
    const {runBrowser} = await import("../src/ui/index.js");
    const runtime = await Runtime.open(file, {readOnly: true});
    const terminal = new FakeTerminal();
    const times = new Map<string, {wall: number, cpu: number}[]>();
    const browser = runBrowser(runtime, {stdin: terminal.stdin as unknown as NodeJS.ReadStream, stdout: terminal.stdout as unknown as NodeJS.WriteStream});
    try {
        // The first frame, then the keys at a typist's pace: Ink draws at most 30 frames a second, and a key
        // after a quiet spell is drawn at once (the leading edge), as a person's keys are.
        await pause(500);
        for (const scenario of scenarios) {
            for (const key of scenario.setup) {
                await terminal.press(key).catch(() => 0);
                await pause(60);
            }
            const measured: {wall: number, cpu: number}[] = [];
            for (const key of scenario.keys) {
                measured.push(await terminal.press(key));
                await pause(45);
            }
            times.set(scenario.name, measured);
        }
    } finally {
        await terminal.press("\u0011").catch(() => 0);
        await Promise.race([browser, pause(2000)]);
        await runtime.dispose();
    }
    return times;
}

function quantile(values: number[], q: number): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}

const median = (values: number[]) => quantile(values, 0.5);
const ms = (value: number) => `${value.toFixed(1)} ms`;
const p99 = (values: number[]) => quantile(values, 0.99);

function entry(i: number): ScrapbookEntry {
    return {
        id: `int-${i}`, at: new Date(Date.UTC(2026, 10, 1) + i * 60_000), kind: "chat", model: "stories260K.gguf", adapter: null,
        messages: [{role: "user", content: `Question ${i}: is every swan white?`}, {role: "assistant", content: `Answer ${i}: no, one black swan refutes it. `.repeat(4)}],
        timing: {ms: 900, promptTokens: 40, completionTokens: 60, tokensPerSecond: 66},
        meta: {judgements: [{judge: "ALFRED", golden: 1 + (i % 40) / 10, axes: {logical_rigor: {score: 1 + (i % 5), rationale: "a counterexample"}}, at: new Date(Date.UTC(2026, 10, 1) + i * 60_000 + 5000)}]}
    };
}

function sample(i: number): GoldenSample {
    return {
        id: `sample-${i}`, heldOut: i % 10 === 0,
        messages: [{role: "user", content: `Golden question ${i}`}, {role: "assistant", content: `Golden sample answer ${i}, carefully argued.`}],
        provenance: {interactionId: `int-${i}`, judge: "ALFRED", model: "stories260K.gguf", adapter: null, scores: null, at: new Date(Date.UTC(2026, 10, 2) + i * 1000)}
    };
}

/** A new image at `file` whose BRICK has `count` scrapbook entries (each judged by ALFRED) and `golden` samples. */
async function fill(file: string, count: number, golden: number): Promise<void> {
    await createImage(file, {model});
    const store = await ImageStore.open(file);
    try {
        const id = Object.values(store.state.personas).find((p) => p.name === "BRICK")!.personaId;
        store.update((d) => {
            const brick = d.personas[id]!;
            for (let i = 0; i < count; i++) brick.scrapbook.push(entry(i));
            brick.goldenDataset = brick.goldenDataset.append(Array.from({length: golden}, (_, i) => sample(i)));
        }, "bench: a scrapbook and a golden dataset");
        await store.save();
    } finally {
        await store.close();
    }
}

/**
 * `npm run bench -- ui`: the System Browser's keypress to its next frame, through Ink as the command runs it
 * (runBrowser, 80×24, throttled as a terminal is), with 10,000 scrapbook entries and 10,000 golden samples
 * in BRICK, against the same keys on an image with 20 of each (the baseline, same run).
 * Goal: with the big image, median under 16 ms and p99 under 50 ms.
 */
export async function benchUi(): Promise<void> {
    // As the command runs the browser (src/cli/commands/browse.ts): React's production build.
    process.env.NODE_ENV ??= "production";
    console.log(`\n## ui: keypress to the next frame (Ink, 80×24), ${entries} scrapbook entries and ${samples} golden samples against ${few} of each`);
    const dir = await mkdtemp(path.join(tmpdir(), "li-bench-ui-"));
    try {
        const small = path.join(dir, "small.image.json");
        const big = path.join(dir, "big.image.json");
        await fill(small, few, few);
        await fill(big, entries, samples);
        const baseline = await measure(small);
        const loaded = await measure(big);
        const wall = (m: {wall: number}[]) => m.map((t) => t.wall);
        const cpu = (m: {cpu: number}[]) => m.map((t) => t.cpu);
        const rows = [["keys", "n", `median (${few})`, "median (10k)", "p99 (10k)", "ratio (medians)", "CPU median / p99 (10k)"]];
        const row = (name: string, a: {wall: number, cpu: number}[], b: {wall: number, cpu: number}[]) =>
            [name, String(b.length), ms(median(wall(a))), ms(median(wall(b))), ms(p99(wall(b))), formatRatio(median(wall(b)) / median(wall(a))),
                `${ms(median(cpu(b)))} / ${ms(p99(cpu(b)))}`];
        for (const scenario of scenarios) rows.push(row(scenario.name, baseline.get(scenario.name)!, loaded.get(scenario.name)!));
        const all = [...loaded.values()].flat();
        rows.push(row("all", [...baseline.values()].flat(), all));
        table(rows);
        const met = median(wall(all)) < 16 && p99(wall(all)) < 50;
        console.log(`  goal with 10k entries and samples: median < 16 ms and p99 < 50 ms (wall): ${met ? "met" : "not met"} ` +
            `(median ${ms(median(wall(all)))}, p99 ${ms(p99(wall(all)))}; load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores)`);
    } finally {
        await rm(dir, {recursive: true, force: true});
    }
}
