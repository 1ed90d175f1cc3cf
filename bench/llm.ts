// LLM engine: adapter swap latency against a full model reload, and generation speed through the engine against
// raw node-llama-cpp, on stories260K with threads 1, both sides measured in the same run.
// Run alone with `npx tsx bench/llm.ts`.
import {mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {getLlama, LlamaChat, LlamaLogLevel, type ChatWrapper, type LlamaModel} from "node-llama-cpp";
import {NodeLlamaCppEngine} from "../src/llm/index.js";
import {writeLoraGguf, stories260KTargets} from "../test/llm/helpers/writeLoraGguf.js";
import {formatRatio, table} from "./measure.js";

const modelPath = path.resolve("../shared/models/stories260K.gguf");
const threads = 1;
const contextSize = 512;
const swaps = 30;
const generationRounds = Number(process.env.LLM_BENCH_ROUNDS ?? 20);
const prompt = "Once upon a time, there was a little girl named Lily.";

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
    const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
    await using engine = new NodeLlamaCppEngine({threads, contextSize, parallel: 1});
    await engine.attach({personaId: "bench", name: "BENCH", systemPrompt: "", model: modelPath, adapter: null});
    let model: LlamaModel = await llama.loadModel({modelPath});
    const swapMs: number[] = [];
    const reloadMs: number[] = [];
    for (let i = 0; i < swaps; i++) {
        let started = performance.now();
        const report = await engine.swapAdapter("bench", adapters[i]!);
        swapMs.push(performance.now() - started);
        await report.retired;

        started = performance.now();
        await model.dispose();
        model = await llama.loadModel({modelPath});
        const context = await model.createContext({threads, contextSize, sequences: 2, lora: {adapters: [{filePath: adapters[swaps + i]!}]}});
        const sequence = context.getSequence();
        await sequence.evaluateWithoutGeneratingNewTokens([model.tokens.bos!]);
        reloadMs.push(performance.now() - started);
        await context.dispose();
    }
    await model.dispose();
    const swap = median(swapMs);
    const reload = median(reloadMs);
    table([
        ["adapter change", "median ms", "min ms"],
        ["engine.swapAdapter", swap.toFixed(2), Math.min(...swapMs).toFixed(2)],
        ["full model reload", reload.toFixed(2), Math.min(...reloadMs).toFixed(2)]
    ]);
    console.log(`  swap is ${formatRatio(reload / swap)} faster than a reload (goal ≥ 10×)`);
    await benchServiceGap(engine, adapters, reload);
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
    const llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
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
