import {open as openFile, readFile, rm, writeFile, mkdtemp} from "node:fs/promises";
import {cpus, loadavg, tmpdir} from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {encodeImage, ImageStore, Journal, scanJournal, type WorldState} from "../src/image/index.js";
import {world} from "../test/image/sampleWorld.js";
import {benchGoldenScale} from "./goldenScale.js";
import {formatRatio, table, timed} from "./measure.js";
import type {Timing} from "./measure.js";

const samples = 100_000;
const repeat = 5;

/**
 * Image persistence against plain JSON on the same data (100,000 golden samples: ChatML with
 * provenance and Dates), the cost of one journaled update at 1,000 and 100,000 samples, and the
 * golden dataset at scale (bench/goldenScale.ts: one sample appended, 100,000 imported).
 * Goals: save and load within 2× of JSON.stringify+writeFile / readFile+JSON.parse; one update's
 * journal append well under 1 ms and independent of the image's size.
 */
export async function benchImage(): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), "li-bench-image-"));
    try {
        const big = world(samples);
        const plainFile = path.join(dir, "plain.json");
        const imageFile = path.join(dir, "bench.image.json");

        // The part of a durable save that writeFile skips: fsync of a freshly written file of this size.
        let flushMs = Infinity;
        for (let i = 0; i < 3; i++) {
            await writeFile(plainFile, JSON.stringify(big));
            const handle = await openFile(plainFile, "r+");
            const start = performance.now();
            await handle.sync();
            flushMs = Math.min(flushMs, performance.now() - start);
            await handle.close();
        }

        // Written directly: a create() this big would first be journaled as one 75 MB line.
        await writeFile(imageFile, encodeImage(big, 1));
        const store = await ImageStore.open(imageFile);
        // Baseline and image interleaved, best of each: a shared machine's load then hits both alike.
        const best = {jsonSave: none(), imageSave: none(), jsonLoad: none(), imageLoad: none()};
        let bytes = 0;
        for (let i = 0; i < repeat; i++) {
            best.jsonSave = fastest(best.jsonSave, await timed(async () => {
                await writeFile(plainFile, JSON.stringify(big));
            }));
            best.imageSave = fastest(best.imageSave, await timed(async () => {
                bytes = (await store.save()).bytes;
            }));
        }
        await store.close();
        for (let i = 0; i < repeat; i++) {
            best.jsonLoad = fastest(best.jsonLoad, await timed(async () => {
                JSON.parse(await readFile(plainFile, "utf8"));
            }));
            best.imageLoad = fastest(best.imageLoad, await timed(async () => {
                const opened = await ImageStore.open(imageFile);
                await opened.close();
            }));
        }

        const small = await appendCost(path.join(dir, "small.image.json"), world(1_000));
        const large = await appendCost(path.join(dir, "large.image.json"), big);

        console.log(`\n## image: save, load and journal (${samples.toLocaleString("en")} golden samples, ${(bytes / 1e6).toFixed(1)} MB image)`);
        table([
            ["operation", "wall", "vs baseline", "CPU", "vs baseline", "goal"],
            ["JSON.stringify + writeFile (baseline)", ms(best.jsonSave.wall), "", ms(best.jsonSave.cpu), "", ""],
            ["ImageStore.save (fsync, .bak, rename)", ms(best.imageSave.wall), formatRatio(best.imageSave.wall / best.jsonSave.wall),
                ms(best.imageSave.cpu), formatRatio(best.imageSave.cpu / best.jsonSave.cpu), "≤ 2× wall"],
            ["  fsync of a fresh file this size (apart)", ms(flushMs), "", "", "", ""],
            ["readFile + JSON.parse (baseline)", ms(best.jsonLoad.wall), "", ms(best.jsonLoad.cpu), "", ""],
            ["ImageStore.open (lock, verify, migrate, freeze)", ms(best.imageLoad.wall), formatRatio(best.imageLoad.wall / best.jsonLoad.wall),
                ms(best.imageLoad.cpu), formatRatio(best.imageLoad.cpu / best.jsonLoad.cpu), "≤ 2× wall"]
        ]);
        console.log("");
        table([
            ["one update, journaled", "1,000 samples", "100,000 samples", "goal"],
            ["set a slot: mean", us(small.slot.mean), us(large.slot.mean), "< 1 ms, flat"],
            ["set a slot: p99", us(small.slot.p99), us(large.slot.p99), ""],
            ["  of which journal append: mean", us(small.append.mean), us(large.append.mean), ""],
            ["  of which journal append: p99", us(small.append.p99), us(large.append.p99), ""]
        ]);
        console.log(`  Best of ${repeat} interleaved runs against baselines on the same data in the same process; ` +
            `load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores.`);
        await benchGoldenScale(dir);
    } finally {
        await rm(dir, {recursive: true, force: true});
    }
}

type Stats = {mean: number, p99: number};

async function appendCost(file: string, state: WorldState): Promise<{slot: Stats, append: Stats}> {
    await writeFile(file, encodeImage(state, 1));
    const store = await ImageStore.open(file);
    const id = Object.keys(store.state.personas)[0]!;
    const slot: number[] = [];
    for (let i = 0; i < 2_000; i++) {
        const start = performance.now();
        store.update((draft) => {
            draft.personas[id]!.slots["counter"] = i;
        }, "counter");
        slot.push(performance.now() - start);
    }
    await store.close();
    // The journal append alone, by the journal's own code, with the entries update() wrote.
    const entries = scanJournal(store.journalPath).entries.filter((entry) => entry.label === "counter");
    const journal = new Journal(`${file}.append-only.jsonl`, {bytes: 0});
    const append: number[] = [];
    for (const entry of entries) {
        const start = performance.now();
        journal.append(entry);
        append.push(performance.now() - start);
    }
    journal.close();
    return {slot: stats(slot), append: stats(append)};
}


function none(): Timing {
    return {wall: Infinity, cpu: Infinity};
}

function fastest(a: Timing, b: Timing): Timing {
    return {wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu)};
}

function ms(value: number): string {
    return `${value.toFixed(0)} ms`;
}

function stats(values: number[]): Stats {
    const sorted = [...values].sort((a, b) => a - b);
    return {mean: values.reduce((a, b) => a + b, 0) / values.length, p99: sorted[Math.floor(sorted.length * 0.99)]!};
}

function us(ms: number): string {
    return `${(ms * 1000).toFixed(1)} µs`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchImage();
