// Synthesis: the share of the held-out selectors (forge-py/forge/genesis/corpus/smalltalk.py, held_out_tasks: 32
// selectors the genesis corpus never trains on, built from parts it does) whose draft by the embedded model passes
// all three gates (compiles, meets every example on a clone within the step budget, reaches nothing outside the
// clone), at the first (greedy) draft and within the synthesizer's tries; and the time per synthesis, split into the
// model's generation and the gates. The baseline measured in the same run: the gates alone on the corpus's own
// (correct) method for each selector, so the share of time the model takes shows as a ratio.
// Run alone with `npx tsx bench/synth.ts`; SYNTH_MODEL=FILE.gguf measures another model, SYNTH_TRIES=N other tries.
import path from "node:path";
import {pathToFileURL} from "node:url";
import {createEngine} from "../src/llm/index.js";
import {defaultSynthesisTries, gateDraft} from "../src/runtime/index.js";
import type {SynthesisResult} from "../src/runtime/index.js";
import {freshRuntime} from "../test/runtime/helpers.js";
import {corpusTasks} from "../test/runtime/synthesis/corpusTasks.js";
import type {CorpusTask} from "../test/runtime/synthesis/corpusTasks.js";
import {formatRatio, table} from "./measure.js";

const blocks = (examples: readonly string[]) => examples.map((e) => ({source: `[:p | ${e}]`}));

export async function benchSynth(): Promise<void> {
    const model = process.env.SYNTH_MODEL;
    const tries = Number(process.env.SYNTH_TRIES ?? defaultSynthesisTries);
    console.log(`\n## synth (${model == null ? "embedded model models/living-image-genesis.gguf" : path.basename(model)}, threads 1, up to ${tries} tries)`);
    const {heldOut} = await corpusTasks(0);
    const {runtime, cleanup} = await freshRuntime();
    runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, contextSize: 512}), model == null ? {} : {modelOverride: model});
    const brick = runtime.manager.get("BRICK");
    const prepare = async (task: CorpusTask) => {
        for (const name of Object.keys(brick.record.slots)) await runtime.evaluate(`BRICK removeSlot: #${name}`);
        for (const [name, value] of Object.entries(task.slots)) await runtime.evaluate(`BRICK at: #${name} put: ${value}`);
    };
    try {
        // Baseline: the gates alone, on each selector's correct method.
        let started = performance.now();
        let correct = 0;
        for (const task of heldOut) {
            await prepare(task);
            if ((await gateDraft(brick, task.selector, task.source, blocks(task.examples))).passed) correct++;
        }
        const gatesMs = (performance.now() - started) / heldOut.length;

        await runtime.synthesis.synthesize(brick, {selector: "double:", examples: blocks(["(p double: 3) = 6"]), maxTries: 1}); // warm-up: model load
        const results: {task: CorpusTask, result: SynthesisResult}[] = [];
        started = performance.now();
        for (const task of heldOut) {
            await prepare(task);
            results.push({task, result: await runtime.synthesis.synthesize(brick, {selector: task.selector, examples: blocks(task.examples), maxTries: tries})});
        }
        const totalMs = performance.now() - started;
        const first = results.filter(({result}) => result.passed && result.attempts.length === 1).length;
        const passed = results.filter(({result}) => result.passed).length;
        const drafts = results.reduce((n, {result}) => n + result.attempts.length, 0);
        const perSynthesis = totalMs / results.length;
        const pct = (n: number) => `${(100 * n / results.length).toFixed(0)} %`;
        table([
            ["measure", "value"],
            ["held-out selectors", `${results.length} (their own methods pass the gates: ${correct} of ${heldOut.length})`],
            ["passed all three gates, first (greedy) draft", `${first} of ${results.length} (${pct(first)})`],
            [`passed all three gates within ${tries} tries`, `${passed} of ${results.length} (${pct(passed)})`],
            ["time per synthesis", `${(perSynthesis / 1000).toFixed(2)} s (${drafts} drafts, ${(totalMs / drafts / 1000).toFixed(2)} s per draft)`],
            ["gates alone per selector (baseline)", `${gatesMs.toFixed(1)} ms; a synthesis takes ${formatRatio(perSynthesis / gatesMs)} that`]
        ]);
        const failedBy = new Map<string, number>();
        for (const {result} of results) if (!result.passed) {
            const gate = result.attempts.at(-1)!.report.gates.find((g) => !g.passed)?.gate ?? "?";
            failedBy.set(gate, (failedBy.get(gate) ?? 0) + 1);
        }
        if (failedBy.size > 0) console.log(`  failed at the gate: ${[...failedBy].map(([g, n]) => `${g} ${n}`).join(", ")}`);
        console.log(`  passed: ${results.filter(({result}) => result.passed).map(({task}) => task.selector).join(" ") || "(none)"}`);
        if (process.env.SYNTH_VERBOSE != null) for (const {task, result} of results)
            console.log(`  ${result.passed ? "ok  " : "FAIL"} ${task.selector}: ${JSON.stringify(result.attempts.at(-1)!.source)} ${result.attempts.at(-1)!.report.failure ?? ""}`);
    } finally {
        await cleanup();
    }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchSynth();
