import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {createImage, Runtime} from "../src/index.js";
import type {GoldenSample} from "../src/index.js";
import {formatRatio, table, timeIt} from "./measure.js";

function sample(i: number): GoldenSample {
    return {
        id: `s${i}`,
        heldOut: i % 10 === 0,
        messages: [
            {role: "system", content: "You are BRICK."},
            {role: "user", content: `Question number ${i}: is the sky blue?`},
            {role: "assistant", content: `Logically speaking: 1. Rayleigh scattering. 2. Yes. Also, octopuses have three hearts (${i}).`}
        ],
        provenance: {interactionId: `i${i}`, judge: "ALFRED", model: "models/living-image-genesis.gguf", adapter: null,
            scores: {judge: "ALFRED", golden: 4.75, axes: {logical_rigor: {score: 5, rationale: "sound"}}}, at: new Date(1_700_000_000_000 + i)}
    };
}

/** Proxy send against a direct call; cloneForExperimentation against structuredClone. */
export async function benchObjects(): Promise<void> {
    const dir = await mkdtemp(path.join(tmpdir(), "li-bench-objects-"));
    const file = path.join(dir, "bench.image.json");
    try {
        await createImage(file);
        await using runtime = await Runtime.open(file);
        const brick = runtime.manager.get("BRICK");
        runtime.image.update((draft) => {
            const persona = draft.personas[brick.personaId]!;
            persona.goldenDataset = persona.goldenDataset.append(Array.from({length: 100_000}, (_, i) => sample(i)));
        }, "bench samples");

        const handle = runtime.persona("BRICK");
        const direct = {name: () => brick.name};
        const n = 200_000;
        const viaProxy = timeIt(() => {
            for (let i = 0; i < n; i++) handle.name!();
        });
        const viaDirect = timeIt(() => {
            for (let i = 0; i < n; i++) direct.name();
        });

        let cloneMs = 0;
        const clones = 20;
        for (let i = 0; i < clones; i++) {
            const start = performance.now();
            await runtime.manager.cloneForExperimentation(brick.personaId, `BENCH_CLONE${i}`);
            cloneMs += performance.now() - start;
        }
        const record = brick.record;
        const structured = timeIt(() => structuredClone(record), 3);

        console.log("\n## objects: sends and clones (100,000 golden samples)");
        table([
            ["message send through the Proxy (name)", `${(viaProxy.ms * 1e6 / n).toFixed(0)} ns/send`, ""],
            ["direct method call", `${(viaDirect.ms * 1e6 / n).toFixed(1)} ns/call`, `Proxy/direct ${formatRatio(viaProxy.ms / viaDirect.ms)}`],
            ["cloneForExperimentation", `${(cloneMs / clones).toFixed(3)} ms`, ""],
            ["structuredClone of the same persona", `${structured.ms.toFixed(1)} ms`, `clone is ${formatRatio(structured.ms / (cloneMs / clones))} faster (goal ≥ 100×)`]
        ]);
    } finally {
        await rm(dir, {recursive: true, force: true});
    }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchObjects();
