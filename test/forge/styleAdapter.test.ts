import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {getLlama, LlamaCompletion, type Llama, type LlamaModel, type Token} from "node-llama-cpp";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runLora, type LoraJob, type TokenizedSample} from "../../src/forge/index.js";
import {readGgufHeader} from "../../src/gguf/index.js";
import {brickStories} from "./helpers/brickStories.js";
import {lmSample} from "./helpers/lmSample.js";

/**
 * The end-to-end claim about the forge: an adapter it trains on stories260K toward a distinctive
 * style loads in node-llama-cpp and moves greedy output in that direction, and a zero-B adapter gives the
 * base model's logits bit for bit. Real forge (Python subprocess), real llama.cpp, real model.
 */
const stories = resolve(import.meta.dirname, "../fixtures/models/stories260K.gguf");
const prompt = "Once upon a time";
const style = /BRICK/g;

let llama: Llama;
let model: LlamaModel;
let work: string;

function sample(text: string): TokenizedSample {
    return lmSample(model, text);
}

function job(overrides: Partial<LoraJob>): LoraJob {
    // Disjoint seeds: the held-out stories are other draws from the same templates, not copies.
    return {baseModel: stories, persona: "BRICK", adaptersDir: join(work, "adapters"),
        train: brickStories(160, 1).map(sample), validation: brickStories(20, 2).map(sample),
        rank: 8, batchSize: 8, seed: 3, ...overrides};
}

async function greedy(adapter: string | null): Promise<string> {
    const context = await model.createContext({threads: 1, contextSize: 256,
        ...(adapter == null ? {} : {lora: {adapters: [{filePath: adapter}]}})});
    const completion = new LlamaCompletion({contextSequence: context.getSequence()});
    try {
        return await completion.generateCompletion(prompt, {maxTokens: 60, temperature: 0});
    } finally {
        completion.dispose();
        await context.dispose();
    }
}

/** The raw logits llama.cpp gives after each token of `tokens`. */
async function logitsAt(tokens: number[], adapter: string | null): Promise<Map<Token, number>[]> {
    const context = await model.createContext({threads: 1, contextSize: 256,
        ...(adapter == null ? {} : {lora: {adapters: [{filePath: adapter}]}})});
    try {
        const results = await context.getSequence().controlledEvaluate(
            tokens.map((t) => [t as Token, {generateNext: {logits: true}}]));
        return results.map((result, i) => {
            const logits = result?.next?.logits;
            if (logits == null) throw new Error(`llama.cpp returned no logits at position ${i}`);
            return logits;
        });
    } finally {
        await context.dispose();
    }
}

/** How many logits, over all positions and tokens, are not bit-identical (Object.is: -0 and NaN count too). */
function differences(a: Map<Token, number>[], b: Map<Token, number>[]): number {
    expect(a.length).toBe(b.length);
    let count = 0;
    a.forEach((logits, position) => {
        const other = b[position]!;
        expect(other.size).toBe(logits.size);
        for (const [token, value] of logits) if (!Object.is(value, other.get(token))) count++;
    });
    return count;
}

const count = (text: string): number => text.match(style)?.length ?? 0;

beforeAll(async () => {
    llama = await getLlama({gpu: false, build: "never"});
    model = await llama.loadModel({modelPath: stories});
    work = await mkdtemp(join(tmpdir(), "style-adapter-test-"));
});
afterAll(async () => {
    await model?.dispose();
    if (work != null) await rm(work, {recursive: true, force: true});
});

describe("a forge-trained style adapter on stories260K", () => {
    it("lowers held-out loss and turns greedy output toward the style", async () => {
        const started = performance.now();
        const result = await runLora(job({steps: 200, lr: 0.004}), {threads: 1}).result;
        const trainedMs = performance.now() - started;
        expect(result.validationBefore).toEqual(expect.any(Number));
        expect(result.validationAfter!).toBeLessThan(result.validationBefore!);

        const base = await greedy(null);
        const styled = await greedy(result.adapterPath);
        console.log(`held-out loss ${result.validationBefore!.toFixed(4)} -> ${result.validationAfter!.toFixed(4)}; ` +
            `training ${(trainedMs / 1000).toFixed(1)} s\nbase:    ${JSON.stringify(base)}\nadapter: ${JSON.stringify(styled)}`);
        expect(count(base)).toBe(0);
        expect(count(styled)).toBeGreaterThan(count(base));
    }, 300_000);

    it("a zero-B adapter gives the base logits bit for bit; a trained one does not", async () => {
        // zero_b skips training and writes lora_b as zeros (lora_a random), so `steps` does not matter.
        const zero = await runLora(job({extra: {zero_b: true}}), {threads: 1}).result;
        const trained = await runLora(job({steps: 3, lr: 0.004, seed: 4}), {threads: 1}).result;
        expect(zero.validationAfter).toBe(zero.validationBefore);
        // A full adapter (every target of every layer, rank 8), not an empty file llama.cpp could skip.
        const shape = async (path: string) => (await readGgufHeader(path)).tensors.map((t) => `${t.name} ${t.dimensions.join("x")}`);
        const zeroShape = await shape(zero.adapterPath);
        expect(zeroShape.length).toBeGreaterThan(0);
        expect(zeroShape).toEqual(await shape(trained.adapterPath));
        const tokens = sample("Once upon a time, there was a little girl named Lily. She liked to play.").tokens;

        const base = await logitsAt(tokens, null);
        expect(base).toHaveLength(tokens.length);
        expect(differences(base, await logitsAt(tokens, zero.adapterPath))).toBe(0);
        // The same comparison fails for a trained adapter: it is not blind.
        expect(differences(base, await logitsAt(tokens, trained.adapterPath))).toBeGreaterThan(tokens.length);
    }, 300_000);
});
