import {existsSync} from "node:fs";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {getLlama, type LlamaModel} from "node-llama-cpp";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {defaultForgeDir, ForgeCommandError, forgeCommand, type ForgeCommandDeps, type TokenizedSample} from "../../src/forge/index.js";
import type {ChatMessage, GoldenSample, LivingEvent} from "../../src/objects/index.js";

const stories = resolve(import.meta.dirname, "../fixtures/models/stories260K.gguf");
const forgeReady = existsSync(join(defaultForgeDir, "forge", "commands", "lora.py"));

let model: LlamaModel;
let work: string;
beforeAll(async () => {
    const llama = await getLlama({gpu: false, build: "never"});
    model = await llama.loadModel({modelPath: stories});
    work = await mkdtemp(join(tmpdir(), "forge-command-test-"));
});
afterAll(async () => {
    await model?.dispose();
    await rm(work, {recursive: true, force: true});
});

/** stories260K has no chat template: the test lays turns out as plain text, training on the assistant's words. */
async function tokenize(_baseModel: string, messages: ChatMessage[]): Promise<TokenizedSample> {
    const tokens: number[] = [model.tokens.bos!];
    const mask: number[] = [0];
    for (const message of messages) {
        const ids = model.tokenize(" " + message.content).map(Number);
        tokens.push(...ids);
        mask.push(...ids.map(() => (message.role === "assistant" ? 1 : 0)));
    }
    return {tokens, mask};
}

function golden(id: string, user: string, assistant: string, heldOut = false): GoldenSample {
    return {id, messages: [{role: "user", content: user}, {role: "assistant", content: assistant}], heldOut,
        provenance: {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date(0)}};
}

const dataset = [
    golden("a", "Tell me a story.", "Once upon a time, Brick counted the stars."),
    golden("b", "What did Brick do?", "Brick counted one, two, three stars and smiled."),
    golden("c", "And then?", "Then Brick and the bird counted the stars together."),
    golden("d", "Why?", "Because Brick loves numbers and stars.", true)
];

function deps(out: string[], bus: LivingEvent[], overrides: Partial<ForgeCommandDeps> = {}): ForgeCommandDeps {
    return {
        persona: (name) => {
            if (name !== "BRICK") throw new Error(`no persona ${name}`);
            return {baseModelPath: stories, goldenDataset: dataset};
        },
        tokenize,
        adaptersDir: join(work, "adapters"),
        out: {write: (text) => out.push(text), isTTY: false},
        bus: {publish: (event) => bus.push(event)},
        ...overrides
    };
}

describe.skipIf(!forgeReady)("forgeCommand (living-image forge PERSONA) with the real forge", () => {
    it("trains on the golden dataset, prints progress lines and a summary, and publishes bus events", async () => {
        const out: string[] = [];
        const bus: LivingEvent[] = [];
        const result = await forgeCommand({persona: "BRICK", steps: 20}, deps(out, bus));
        expect(existsSync(result.adapterPath)).toBe(true);
        const progressLines = out.filter((line) => line.startsWith("["));
        expect(progressLines.length).toBeGreaterThanOrEqual(2);
        expect(progressLines.length).toBeLessThanOrEqual(11);
        expect(progressLines.at(-1)).toMatch(/^\[#+\] 20\/20 loss \d+\.\d{3} [\d,]+ tok\/s\n$/);
        expect(out[0]).toContain("3 training, 1 validation samples");
        expect(out.at(-1)).toContain(`Adapter ${result.adapterPath}`);
        expect(out.at(-1)).toMatch(/validation loss \d+\.\d{3} → \d+\.\d{3}/);
        const progress = bus.filter((e) => e.type === "forgeProgress");
        expect(progress.at(-1)).toMatchObject({persona: "BRICK", step: 20, total: 20});
        expect(bus.at(-1)).toMatchObject({type: "forgeFinished", ok: true, artifact: result.adapterPath});
    });

    it("redraws one line in place on a terminal", async () => {
        const out: string[] = [];
        await forgeCommand({persona: "BRICK", steps: 3}, deps(out, [], {out: {write: (t) => out.push(t), isTTY: true, columns: 60}}));
        const drawn = out.filter((t) => t.startsWith("\r"));
        expect(drawn).toHaveLength(3);
        expect(drawn[0]).toMatch(/^\r\[#{5}-{10}\] 1\/3 loss \d/);
        expect(out[out.indexOf(drawn[2]!) + 1]).toBe("\n");
    });

    it("says what to do when the persona cannot be trained yet, before starting Python", async () => {
        const bus: LivingEvent[] = [];
        await expect(forgeCommand({persona: "BRICK"}, deps([], bus, {persona: () => ({baseModelPath: null, goldenDataset: dataset})})))
            .rejects.toThrow(/has no base model\. Give it one/);
        await expect(forgeCommand({persona: "BRICK"}, deps([], bus, {persona: () => ({baseModelPath: stories, goldenDataset: []})})))
            .rejects.toBeInstanceOf(ForgeCommandError);
        expect(bus).toEqual([]);
    });

    it("publishes forgeFinished ok=false when the forge fails", async () => {
        const bus: LivingEvent[] = [];
        const error = await forgeCommand({persona: "BRICK", steps: 2},
            deps([], bus, {tokenize: async () => ({tokens: [1, 100_000], mask: [0, 1]})})).catch((e: unknown) => e);
        expect((error as Error).name).toBe("ForgeFailedError");
        expect(bus.at(-1)).toMatchObject({type: "forgeFinished", ok: false, artifact: null});
        expect((bus.at(-1) as {message: string}).message).toContain("outside the vocabulary");
    });
});
