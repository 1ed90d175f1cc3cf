import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {cpus, loadavg, tmpdir} from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {emptyWorld, encodeImage} from "../src/image/index.js";
import {codexTemplate} from "../src/objects/index.js";
import type {ScrapbookEntry} from "../src/objects/index.js";
import {exportPersona, importPersona, Runtime} from "../src/runtime/index.js";
import {persona} from "../test/image/sampleWorld.js";
import {formatRatio, table, timed} from "./measure.js";
import type {Timing} from "./measure.js";

const entries = 100_000;
const repeat = 3;

/**
 * A persona file against plain JSON on the same data: a persona with 100,000 scrapbook entries and 100,000
 * golden samples is exported (`exportPersona`: encode, hash, tar, fsync, rename) and imported into another
 * image (`importPersona`: index, verify every sha256, decode, check, new ids, one journalled update);
 * the baseline writes the same two lists with JSON.stringify + writeFile and reads them back with
 * readFile + JSON.parse. Goal: export + import under 2× the baseline's write + read, in the same run.
 */
export async function benchPersona(): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), "li-bench-persona-"));
    try {
        const state = emptyWorld();
        const record = persona("BRICK", "brick-id", entries);
        record.scrapbook = Array.from({length: entries}, (_, i) => scrapbookEntry(i));
        record.baseModelPath = null;
        // The sample world's codex is a two-axis sketch; an import checks the codex like the image does.
        record.codex = codexTemplate("BRICK");
        state.personas["brick-id"] = record;
        const sourceFile = path.join(dir, "source.image.json");
        await writeFile(sourceFile, encodeImage(state, 1));
        const source = await Runtime.open(sourceFile, {readOnly: true});
        const target = await Runtime.open(path.join(dir, "target.image.json"), {create: emptyWorld});
        const plainFile = path.join(dir, "plain.json");
        const plain = {scrapbook: record.scrapbook, goldenDataset: record.goldenDataset};

        const best = {jsonWrite: none, jsonRead: none, exportMs: none, importMs: none, saveMs: none};
        let bytes = 0;
        let plainBytes = 0;
        for (let i = 0; i < repeat; i++) {
            // Interleaved, best of each: a shared machine's load then hits both alike.
            best.jsonWrite = fastest(best.jsonWrite, await timed(async () => {
                const text = JSON.stringify(plain);
                plainBytes = text.length;
                await writeFile(plainFile, text);
            }));
            const file = path.join(dir, `brick-${i}.persona.tar`);
            best.exportMs = fastest(best.exportMs, await timed(async () => {
                bytes = (await exportPersona(source.manager, "BRICK", file)).bytes;
            }));
            best.jsonRead = fastest(best.jsonRead, await timed(async () => {
                JSON.parse(await readFile(plainFile, "utf8"));
            }));
            let id = "";
            best.importMs = fastest(best.importMs, await timed(async () => {
                id = (await importPersona(target.manager, file)).personaId;
            }));
            // What the command line does next (not part of the goal): save the whole image.
            best.saveMs = fastest(best.saveMs, await timed(async () => {
                await target.save();
            }));
            const imported = target.image.state.personas[id]!;
            if (imported.scrapbook.length !== entries || imported.goldenDataset.length !== entries) throw new Error("the import lost records");
            await target.manager.remove(id);
            await rm(file);
        }
        await source.dispose();
        await target.dispose();

        const baseline = {wall: best.jsonWrite.wall + best.jsonRead.wall, cpu: best.jsonWrite.cpu + best.jsonRead.cpu};
        const ours = {wall: best.exportMs.wall + best.importMs.wall, cpu: best.exportMs.cpu + best.importMs.cpu};
        const row = (name: string, t: Timing, base?: Timing) =>
            [name, ms(t.wall), base == null ? "" : formatRatio(t.wall / base.wall), ms(t.cpu), base == null ? "" : formatRatio(t.cpu / base.cpu)];
        console.log(`\n## persona: export and import of ${entries.toLocaleString("en")} scrapbook entries and ${entries.toLocaleString("en")} golden samples ` +
            `(${(bytes / 1e6).toFixed(1)} MB persona file, ${(plainBytes / 1e6).toFixed(1)} MB plain JSON)`);
        table([
            ["operation", "wall", "vs baseline", "CPU", "vs baseline"],
            row("JSON.stringify + writeFile (baseline)", best.jsonWrite),
            row("exportPersona (encode, sha256, tar, fsync, rename)", best.exportMs, best.jsonWrite),
            row("readFile + JSON.parse (baseline)", best.jsonRead),
            row("importPersona (verify, decode, check, journal)", best.importMs, best.jsonRead),
            row("export + import against write + read", ours, baseline),
            row("  then ImageStore.save (the CLI saves after an import; apart)", best.saveMs)
        ]);
        console.log(`  Goal: export + import under 2× the baseline (wall) — ${ours.wall / baseline.wall < 2 ? "met" : "NOT met"}. Best of ${repeat} interleaved runs; ` +
            `load average ${loadavg().map((l) => l.toFixed(1)).join(" ")} on ${cpus().length} cores.`);
    } finally {
        await rm(dir, {recursive: true, force: true});
    }
}

function scrapbookEntry(i: number): ScrapbookEntry {
    return {
        id: `interaction-${i}`,
        at: new Date(Date.UTC(2026, 0, 1) + i * 30_000),
        kind: i % 5 === 0 ? "dnu" : "chat",
        messages: [
            {role: "user", content: `Question ${i}: why would a table with ${i % 7} corners need "legs" at all?`},
            {role: "assistant", content: `Fact: ${i % 7} corners, ${i % 7} legs. Also: tables do not dream, though entry ${i} wonders.`}
        ],
        model: "models/living-image-genesis.gguf",
        adapter: i % 3 === 0 ? null : `adapters/BRICK/brick-v${i % 5}.gguf`,
        timing: {ms: 120 + (i % 50), promptTokens: 40 + (i % 9), completionTokens: 30 + (i % 11), tokensPerSecond: 250.5}
    };
}


function fastest(a: Timing, b: Timing): Timing {
    return {wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu)};
}

const none: Timing = {wall: Infinity, cpu: Infinity};

function ms(value: number): string {
    return `${value.toFixed(0)} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchPersona();
