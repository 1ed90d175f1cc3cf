// LLM engine: adapter swap latency against a full model reload, and generation speed through the engine against
// raw node-llama-cpp, on stories260K with threads 1, both sides measured in the same run; then swap against
// reload again on larger llama models (about 25M, 100M and 300M parameters, random F16 weights) that
// bench/makeLlamaGguf.py writes into a temporary folder for this run, where loading the model is no longer free.
// Run alone with `npx tsx bench/llm.ts`.
import {execFile} from "node:child_process";
import {mkdir, mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {fileURLToPath, pathToFileURL} from "node:url";
import {promisify} from "node:util";
import {getLlama, LlamaChat, LlamaLogLevel, type ChatWrapper, type LlamaModel} from "node-llama-cpp";
import {NodeLlamaCppEngine, adapterFitsModel} from "../src/llm/index.js";
import {writeLoraGguf, stories260KTargets} from "../test/llm/helpers/writeLoraGguf.js";
import {formatRatio, table} from "./measure.js";

const modelPath = path.resolve("test/fixtures/models/stories260K.gguf");
const threads = 1;
const contextSize = 512;
const swaps = 30;
const generationRounds = Number(process.env.LLM_BENCH_ROUNDS ?? 20);
const prompt = "Once upon a time, there was a little girl named Lily.";

let llamaInstance: ReturnType<typeof getLlama> | null = null;

/** One node-llama-cpp instance for the whole bench: each `getLlama` call makes a new one (and a process listener). */
function benchLlama(): ReturnType<typeof getLlama> {
    llamaInstance ??= getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
    return llamaInstance;
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)]!;
}

export async function benchLlm(): Promise<void> {
    console.log("\n## llm (stories260K, threads 1)");
    const dir = await mkdtemp(path.join(os.tmpdir(), "bench-llm-"));
    try {
        const adapters: string[] = [];
        for (let i = 0; i < swaps * 2; i++) {
            const file = path.join(dir, `adapter-${i}.gguf`);
            await writeLoraGguf(file, {targets: stories260KTargets(), rank: 8, seed: i + 1, scale: 0.2});
            adapters.push(file);
        }
        await benchSwap(adapters);
        await benchGeneration();
        if (process.env.LLM_BENCH_LARGE !== "0") await benchLargerModels(dir);
    } finally {
        await rm(dir, {recursive: true, force: true});
    }
}

/**
 * Swap: `engine.swapAdapter` to an adapter it has never seen (validation, new context with the adapter, warm-up,
 * flip). Reload: what a server without in-process swaps does: dispose the model, load it again, make the context
 * with the adapter, warm it up. Both alternate, 30 times each, medians compared.
 */
async function benchSwap(adapters: string[]): Promise<void> {
    await using engine = new NodeLlamaCppEngine({threads, contextSize, parallel: 1});
    const {swapMs, reloadMs, backgroundReloads} = await measureSwapAndReload(engine, modelPath, adapters, swaps);
    const swap = median(swapMs);
    const reload = median(reloadMs);
    // Back to back: each swap starts as soon as the previous one flipped, before the next spare context is ready.
    const backToBack: number[] = [];
    for (let i = 0; i < swaps; i++) {
        const started = performance.now();
        await engine.swapAdapter("bench", adapters[swaps + i]!);
        backToBack.push(performance.now() - started);
    }
    await engine.settled();
    table([
        ["adapter change", "median ms", "min ms", "max ms"],
        ["engine.swapAdapter", swap.toFixed(2), Math.min(...swapMs).toFixed(2), Math.max(...swapMs).toFixed(2)],
        ["full model reload", reload.toFixed(2), Math.min(...reloadMs).toFixed(2), Math.max(...reloadMs).toFixed(2)],
        ["swapAdapter back to back", median(backToBack).toFixed(2), Math.min(...backToBack).toFixed(2), Math.max(...backToBack).toFixed(2)]
    ]);
    console.log(`  swap is ${formatRatio(reload / swap)} faster than a reload (goal ≥ 10×); back to back ${formatRatio(reload / median(backToBack))}; ` +
        `${backgroundReloads} base reloads ran in the background`);
    await breakDownSwap(modelPath, adapters.slice(0, swaps), reload);
    await benchServiceGap(engine, adapters, reload);
}

type SwapSamples = {swapMs: number[], reloadMs: number[], baseReloads: number, backgroundReloads: number};

/**
 * The two sides of the swap comparison, alternating `rounds` times on `modelFile`: `engine.swapAdapter` to
 * `adapters[i]`, then a full reload with `adapters[rounds + i]` (each adapter is new to whichever side loads it).
 */
async function measureSwapAndReload(engine: NodeLlamaCppEngine, modelFile: string, adapters: string[], rounds: number): Promise<SwapSamples> {
    const llama = await benchLlama();
    await engine.attach({personaId: "bench", name: "BENCH", systemPrompt: "", model: modelFile, adapter: null});
    let model: LlamaModel = await llama.loadModel({modelPath: modelFile});
    const swapMs: number[] = [];
    const reloadMs: number[] = [];
    let baseReloads = 0;
    try {
        for (let i = 0; i < rounds; i++) {
            let started = performance.now();
            const report = await engine.swapAdapter("bench", adapters[i]!);
            swapMs.push(performance.now() - started);
            if (report.baseReloaded) baseReloads++;
            await report.retired;
            // The engine's background work (the next spare context, a base reload) must not run inside the reload's
            // timing, and the next swap starts from a settled engine, as a swap after a forge run does.
            await engine.settled();

            started = performance.now();
            await model.dispose();
            model = await llama.loadModel({modelPath: modelFile});
            const context = await model.createContext({threads, contextSize, sequences: 2, lora: {adapters: [{filePath: adapters[rounds + i]!}]}});
            const sequence = context.getSequence();
            await sequence.evaluateWithoutGeneratingNewTokens([model.tokens.bos!]);
            reloadMs.push(performance.now() - started);
            await context.dispose();
        }
    } finally {
        await model.dispose();
    }
    return {swapMs, reloadMs, baseReloads, backgroundReloads: engine.baseReloads - baseReloads};
}

/** Larger llama shapes for the swap comparison (the genesis tokenizer, 956 tokens; F16 matrices). */
const largerModels = [
    {nEmbd: 512, nLayer: 8, nFf: 1376, nHead: 8},
    {nEmbd: 768, nLayer: 14, nFf: 2048, nHead: 12},
    {nEmbd: 1024, nLayer: 24, nFf: 2816, nHead: 16}
];
const largerSwaps = Number(process.env.LLM_BENCH_LARGE_SWAPS ?? swaps);

type GeneratedModel = {model: string, parameters: number, bytes: number, adapters: string[], adapter_bytes: number, seconds: number};

/** Runs bench/makeLlamaGguf.py (the forge's own numpy GGUF writer) to write a model and `adapters` adapters into `dir`. */
async function generateModel(dir: string, shape: typeof largerModels[number], adapters: number): Promise<GeneratedModel> {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const {stdout} = await promisify(execFile)("python3", [
        path.join(here, "makeLlamaGguf.py"), "--out", dir, "--n-embd", String(shape.nEmbd), "--n-layer", String(shape.nLayer),
        "--n-ff", String(shape.nFf), "--n-head", String(shape.nHead), "--adapters", String(adapters)
    ], {env: {...process.env, PYTHONPATH: path.join(here, "..", "forge-py"), OPENBLAS_NUM_THREADS: "1"}, maxBuffer: 16 * 1024 * 1024});
    return JSON.parse(stdout) as GeneratedModel;
}

/**
 * The same swap and reload as on stories260K, on models large enough that loading one costs something
 * (the file is in the page cache, as it would be on a server that reloads: a cold disk only makes reloads slower).
 */
async function benchLargerModels(dir: string): Promise<void> {
    console.log(`\n## llm: adapter swap against a full reload on larger random llama models (threads ${threads}, ${largerSwaps} of each)`);
    const summary: string[][] = [["model", "parameters", "file", "swap median ms", "reload median ms", "ratio", "goal ≥ 10×"]];
    for (const shape of largerModels) {
        const sized = path.join(dir, `${shape.nEmbd}x${shape.nLayer}`);
        await mkdir(sized);
        try {
            const generated = await generateModel(sized, shape, largerSwaps * 3);
            const label = `${shape.nEmbd}×${shape.nLayer}`;
            const parameters = `${(generated.parameters / 1e6).toFixed(1)}M`;
            const file = `${(generated.bytes / 1e6).toFixed(0)} MB`;
            console.log(`  ${label}: ${parameters} parameters, ${file} F16, ${generated.adapters.length} adapters of ${(generated.adapter_bytes / 1e6).toFixed(1)} MB (rank 8; written in ${generated.seconds} s)`);
            await using engine = new NodeLlamaCppEngine({threads, contextSize, parallel: 1});
            const {swapMs, reloadMs, baseReloads, backgroundReloads} = await measureSwapAndReload(engine, generated.model, generated.adapters, largerSwaps);
            const swap = median(swapMs);
            const reload = median(reloadMs);
            table([
                ["adapter change", "median ms", "min ms", "max ms"],
                ["engine.swapAdapter", swap.toFixed(2), Math.min(...swapMs).toFixed(2), Math.max(...swapMs).toFixed(2)],
                ["full model reload", reload.toFixed(2), Math.min(...reloadMs).toFixed(2), Math.max(...reloadMs).toFixed(2)]
            ]);
            console.log(`  swap is ${formatRatio(reload / swap)} faster than a reload (goal ≥ 10×); the base was reloaded ${backgroundReloads} times in the background ` +
                `(once 8 adapters are cached) and ${baseReloads} times on a swap's path`);
            await breakDownSwap(generated.model, generated.adapters.slice(largerSwaps * 2), reload);
            summary.push([label, parameters, file, swap.toFixed(2), reload.toFixed(2), formatRatio(reload / swap), reload / swap >= 10 ? "met" : "not met"]);
        } finally {
            await rm(sized, {recursive: true, force: true});
        }
    }
    console.log("");
    table(summary);
}

/**
 * Where a swap's time goes, on raw node-llama-cpp with the model loaded once, and what stays off its path. On the
 * path: the engine's check of the adapter file, loading the adapter (new to the model) and setting it on a warmed
 * context, and the one-token warm-up, which pays llama.cpp's re-reservation of the compute graph after an adapter
 * change. Off the path: the spare context the engine made beforehand.
 */
async function breakDownSwap(modelFile: string, adapters: string[], reloadMs: number): Promise<void> {
    const llama = await benchLlama();
    const model = await llama.loadModel({modelPath: modelFile});
    const check: number[] = [];
    const spare: number[] = [];
    const apply: number[] = [];
    const warm: number[] = [];
    const steady: number[] = [];
    const bos = model.tokens.bos!;
    try {
        for (const adapter of adapters) {
            let started = performance.now();
            await adapterFitsModel(adapter, model.fileInfo);
            check.push(performance.now() - started);
            started = performance.now();
            const context = await model.createContext({threads, contextSize, sequences: 2});
            const sequence = context.getSequence();
            await sequence.evaluateWithoutGeneratingNewTokens([bos]);
            await sequence.clearHistory();
            spare.push(performance.now() - started);
            started = performance.now();
            // The internal method the engine uses (createContext's own path for its `lora` option).
            await (context as unknown as {_setLoras(l: {filePath: string, scale: number}[]): Promise<void>})._setLoras([{filePath: adapter, scale: 1}]);
            apply.push(performance.now() - started);
            started = performance.now();
            await sequence.evaluateWithoutGeneratingNewTokens([bos]);
            warm.push(performance.now() - started);
            await sequence.clearHistory();
            started = performance.now();
            await sequence.evaluateWithoutGeneratingNewTokens([bos]);
            steady.push(performance.now() - started);
            await context.dispose();
        }
    } finally {
        await model.dispose();
    }
    const onPath = median(check) + median(apply) + median(warm);
    table([
        ["parts of a swap (raw, model loaded)", "median ms", ""],
        ["adapterFitsModel (the engine's check)", median(check).toFixed(2), "on the path"],
        ["load the adapter and set it on a warmed context", median(apply).toFixed(2), "on the path"],
        ["warm-up: one token after the adapter change", median(warm).toFixed(2), "on the path"],
        ["  (the same token with nothing changed)", median(steady).toFixed(2), "the rest is llama.cpp re-reserving its graph"],
        ["spare context: create and warm", median(spare).toFixed(2), "off the path (made ahead)"]
    ]);
    console.log(`  floor of this swap protocol: reload / (sum of the parts on the path) = ${formatRatio(reloadMs / onPath)}`);
}

/**
 * What a user of the persona sees: a client sends short requests back to back while the engine swaps adapters
 * (30 swaps), and the longest wait between two replies is compared with the same client's longest wait when
 * nothing is swapped. A reload-based server cannot answer while it reloads: its gap is at least a reload.
 */
async function benchServiceGap(engine: NodeLlamaCppEngine, adapters: string[], reloadMs: number): Promise<void> {
    const longestGap = async (during: () => Promise<void>): Promise<{gap: number, replies: number}> => {
        let running = true;
        const done: number[] = [performance.now()];
        const client = (async () => {
            while (running) {
                await engine.complete("bench", [{role: "user", content: "Once"}], {temperature: 0, maxTokens: 4});
                done.push(performance.now());
            }
        })();
        await during();
        running = false;
        await client;
        let gap = 0;
        for (let i = 1; i < done.length; i++) gap = Math.max(gap, done[i]! - done[i - 1]!);
        return {gap, replies: done.length - 1};
    };
    const quiet = await longestGap(() => new Promise((resolve) => setTimeout(resolve, 300)));
    const swapping = await longestGap(async () => {
        for (let i = 0; i < swaps; i++) await engine.swapAdapter("bench", adapters[(i + 7) % adapters.length]!);
    });
    table([
        ["client of the persona", "longest gap between replies", "replies"],
        ["no swaps (300 ms)", `${quiet.gap.toFixed(2)} ms`, String(quiet.replies)],
        [`during ${swaps} swaps`, `${swapping.gap.toFixed(2)} ms`, String(swapping.replies)],
        ["reload-based server", `≥ ${reloadMs.toFixed(2)} ms (one reload)`, "0 during the reload"]
    ]);
    console.log(`  swapping changed the longest gap by ${formatRatio(swapping.gap / quiet.gap)} (1× = no interruption; on a busy machine both are noise-bound)`);
}

/**
 * Tokens/s of a 200-token greedy completion of the same prompt: through `engine.complete` and through raw
 * node-llama-cpp (LlamaChat on a sequence of a context with the same settings, cleared between runs as the
 * engine does). Rounds alternate; medians compared.
 */
async function benchGeneration(): Promise<void> {
    const maxTokens = 200;
    const llama = await benchLlama();
    await using engine = new NodeLlamaCppEngine({threads, contextSize, parallel: 1, chatWrapper: "chatml"});
    await engine.attach({personaId: "gen", name: "GEN", systemPrompt: "", model: modelPath, adapter: null});
    const model = await llama.loadModel({modelPath});
    const context = await model.createContext({threads, contextSize, sequences: 2});
    const sequence = context.getSequence();
    const {ChatMLChatWrapper} = await import("node-llama-cpp");
    const wrapper: ChatWrapper = new ChatMLChatWrapper();
    const engineRates: number[] = [];
    const rawRates: number[] = [];
    let tokens = 0;
    const viaEngineOnce = async () => {
        // Wall time around the whole call: the engine's bookkeeping is counted against it.
        const started = performance.now();
        const completion = await engine.complete("gen", [{role: "user", content: prompt}], {temperature: 0, maxTokens});
        engineRates.push(completion.completionTokens / ((performance.now() - started) / 1000));
        tokens = completion.completionTokens;
    };
    const rawOnce = async () => {
        const started = performance.now();
        const chat = new LlamaChat({contextSequence: sequence, chatWrapper: wrapper, autoDisposeSequence: false});
        const before = sequence.tokenMeter.getState().usedOutputTokens;
        await chat.generateResponse([{type: "user", text: prompt}, {type: "model", response: []}], {temperature: 0, maxTokens});
        const generated = sequence.tokenMeter.getState().usedOutputTokens - before;
        chat.dispose({disposeSequence: false});
        rawRates.push(generated / ((performance.now() - started) / 1000));
        await sequence.clearHistory();
    };
    await viaEngineOnce();
    await rawOnce();
    engineRates.length = 0;
    rawRates.length = 0;
    // Alternate which side goes first, so neither always runs on a warmer cache.
    for (let round = 0; round < generationRounds; round++) {
        if (round % 2 === 0) {
            await viaEngineOnce();
            await rawOnce();
        } else {
            await rawOnce();
            await viaEngineOnce();
        }
    }
    await context.dispose();
    await model.dispose();
    const viaEngine = median(engineRates);
    const raw = median(rawRates);
    // Paired: each round's two runs are back to back, so the ratio of a round cancels slow drifts of a shared machine.
    const paired = median(engineRates.map((rate, i) => rate / rawRates[i]!));
    table([
        ["generation", "median tokens/s", `(${tokens} tokens, greedy)`],
        ["engine.complete", viaEngine.toFixed(0), ""],
        ["raw node-llama-cpp", raw.toFixed(0), ""]
    ]);
    console.log(`  engine runs at ${formatRatio(paired)} raw speed, median of ${generationRounds} paired rounds (goal ≥ 0.95×); ratio of medians ${formatRatio(viaEngine / raw)}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchLlm();
