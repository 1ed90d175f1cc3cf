import {existsSync} from "node:fs";
import {copyFile, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {getLlama, type ControlledEvaluateInputItem, type Llama, type LlamaModel, type Token} from "node-llama-cpp";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ForgeCancelledError, ForgeFailedError, runLora, type ForgeEvent, type LoraJob, type TokenizedSample} from "../../src/forge/index.js";
import {checkAdapter, InvalidAdapterError, readGgufHeader} from "../../src/gguf/index.js";
import {lmSample} from "./helpers/lmSample.js";

/** The real Python forge (forge-py) training a real LoRA adapter on a real pre-trained model. */
const stories = resolve(import.meta.dirname, "../fixtures/models/stories260K.gguf");

const trainTexts = [
    "Once upon a time, there was a little robot named Brick. Brick liked to count the stars.",
    "Brick the robot counted the stars every night. One, two, three, he said, and he was happy.",
    "One day Brick met a bird. The bird said: count with me! So Brick and the bird counted the stars.",
    "Brick said: I am a robot and I love numbers. The stars are my friends because I can count them."
];
const validationText = "Brick the robot looked at the sky and counted the stars with his friend the bird.";

let llama: Llama;
let model: LlamaModel;
let work: string;

function sample(text: string): TokenizedSample {
    return lmSample(model, text);
}

function job(overrides: Partial<LoraJob> = {}): LoraJob {
    return {baseModel: stories, persona: "BRICK", adaptersDir: join(work, "adapters"), train: trainTexts.map(sample),
        validation: [sample(validationText)], rank: 4, steps: 12, lr: 0.01, batchSize: 4, seed: 7, ...overrides};
}

async function nextTokenProbabilities(tokens: number[], adapter: string | null): Promise<Map<number, number>> {
    const context = await model.createContext({threads: 1, contextSize: 128,
        ...(adapter == null ? {} : {lora: {adapters: [{filePath: adapter}]}})});
    try {
        const input: ControlledEvaluateInputItem[] = tokens.map((t, i) =>
            i === tokens.length - 1 ? [t as Token, {generateNext: {probabilities: true}}] : t as Token);
        const results = await context.getSequence().controlledEvaluate(input);
        return results.at(-1)?.next?.probabilities ?? new Map();
    } finally {
        await context.dispose();
    }
}

beforeAll(async () => {
    llama = await getLlama({gpu: false, build: "never"});
    model = await llama.loadModel({modelPath: stories});
    work = await mkdtemp(join(tmpdir(), "real-forge-test-"));
});
afterAll(async () => {
    await model?.dispose();
    await rm(work, {recursive: true, force: true});
});

describe("runLora with the real forge on stories260K", () => {
    it("trains an adapter that is verified, lowers the validation loss, and loads in llama.cpp", async () => {
        const progress: ForgeEvent[] = [];
        const run = runLora(job(), {onEvent: (e) => {
            if (e.type === "progress") progress.push(e);
        }});
        const result = await run.result;
        expect(progress).toHaveLength(12);
        expect(progress.at(-1)).toMatchObject({type: "progress", step: 12, total: 12});
        expect(result.adapterPath.startsWith(join(work, "adapters", "BRICK", "brick-"))).toBe(true);
        expect(result.adapterPath).toContain(result.sha256.slice(0, 16));
        expect(result.validationBefore).toEqual(expect.any(Number));
        expect(result.validationAfter!).toBeLessThan(result.validationBefore!);
        expect(result.summary).toMatchObject({persona: "BRICK", steps: 12, sha256: result.sha256});

        const verified = await checkAdapter(result.adapterPath, {sha256: result.sha256});
        expect(verified).toMatchObject({architecture: "llama", rank: 4});
        const header = await readGgufHeader(result.adapterPath);
        expect(header.metadata.get("adapter.type")).toBe("lora");

        // What verification passed, llama.cpp loads and applies: the next-token distribution moves.
        const prompt = sample("Once upon a time").tokens;
        const withAdapter = await nextTokenProbabilities(prompt, result.adapterPath);
        const base = await nextTokenProbabilities(prompt, null);
        expect(withAdapter.size).toBeGreaterThan(0);
        const shift = [...base].reduce((sum, [token, p]) => sum + Math.abs(p - (withAdapter.get(token) ?? 0)), 0);
        expect(shift).toBeGreaterThan(1e-3);
    });

    it("refuses the same adapter once one byte is changed", async () => {
        const result = await runLora(job({steps: 2, seed: 8})).result;
        const tampered = join(work, "tampered.gguf");
        await copyFile(result.adapterPath, tampered);
        const bytes = await readFile(tampered);
        bytes[bytes.length - 1] = bytes[bytes.length - 1]! ^ 0x01;
        await writeFile(tampered, bytes);
        await expect(checkAdapter(tampered, {sha256: result.sha256})).rejects.toBeInstanceOf(InvalidAdapterError);
        await expect(checkAdapter(result.adapterPath, {sha256: result.sha256})).resolves.toBeTruthy();
    });

    it("cancels a long real training run with SIGTERM and leaves no adapter behind", async () => {
        const adaptersDir = join(work, "cancelled-adapters");
        const run = runLora(job({adaptersDir, steps: 100_000}));
        for await (const event of run.events) if (event.type === "progress") break;
        run.cancel();
        const error = await run.result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeCancelledError);
        expect((error as ForgeCancelledError).killed).toBe(false);
        expect((error as ForgeCancelledError).exitCode).toBe(130);
        expect(run.received.at(-1)).toMatchObject({type: "error", kind: "cancelled"});
        const left = existsSync(adaptersDir) ? await readdir(adaptersDir, {recursive: true}) : [];
        expect(left.filter((name) => String(name).endsWith(".gguf") || String(name).endsWith(".tmp"))).toEqual([]);
    });

    it("reports the forge's own refusal of a job as ForgeFailedError", async () => {
        const error = await runLora(job({train: [{tokens: [1, 9999, 2], mask: [0, 1, 1]}]})).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeFailedError);
        expect((error as ForgeFailedError).kind).toBe("invalid_job");
        expect((error as ForgeFailedError).message).toContain("outside the vocabulary");
    });

    it("reports a backend whose Python stack is missing as ForgeFailedError kind missing_dependency", async () => {
        const error = await runLora(job({hfModel: "some/model"}), {backend: "peft"}).result.catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ForgeFailedError);
        expect((error as ForgeFailedError).kind).toBe("missing_dependency");
        expect((error as ForgeFailedError).message).toMatch(/is not importable/);
    });
});
