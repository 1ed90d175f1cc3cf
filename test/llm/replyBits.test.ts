import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {NodeLlamaCppEngine, replyBits} from "../../src/llm/index.js";
import type {ChatTurn} from "../../src/llm/index.js";
import {sharedLlama} from "../../src/llm/sharedLlama.js";
import {embeddedModelPath} from "../../src/runtime/index.js";
import {storiesModel, tempDir} from "./helpers/fixtures.js";
import {stories260KTargets, writeLoraGguf} from "./helpers/writeLoraGguf.js";
import type {ChatMessage} from "../../src/objects/index.js";

const conversation: ChatTurn[] = [
    {role: "system", content: "You are BRICK."},
    {role: "user", content: "BRICK, how do I handle a failing test?"},
    {role: "assistant", content: "Premise one: a failing test has 2 parts. Premise two: each part can be checked. Therefore: check each part, then act."}
];
const twoTurns: ChatMessage[] = [
    ...conversation,
    {role: "user", content: "And a flaky one?"},
    {role: "assistant", content: "Premise one: a flaky test lies. Therefore: fix the lie first. Flamingo fact: they stand on one leg."}
];

let engine: NodeLlamaCppEngine;
let dir: string;
let cleanup: () => Promise<void>;

beforeAll(async () => {
    engine = new NodeLlamaCppEngine({threads: 1, contextSize: 512});
    ({dir, cleanup} = await tempDir());
});
afterAll(async () => {
    await engine.dispose();
    await cleanup();
});

describe("replyBits: bits per byte of a persona's replies", () => {
    it("equals −log₂ p summed over the masked tokens, computed from the full logits", async () => {
        const llama = await sharedLlama();
        const model = await llama.loadModel({modelPath: embeddedModelPath});
        const {ChatMLChatWrapper} = await import("node-llama-cpp");
        const context = await model.createContext({threads: 1, contextSize: 512, sequences: 1});
        try {
            const sequence = context.getSequence();
            const wrapper = new ChatMLChatWrapper();
            const fast = await replyBits(model, wrapper, sequence, twoTurns);
            // The same from every logit, in JavaScript.
            const {layoutChat} = await import("../../src/llm/layoutChat.js");
            const {tokens, mask} = layoutChat(model, wrapper, twoTurns);
            await sequence.clearHistory();
            const out = await sequence.controlledEvaluate(tokens.map((t) => [t as never, {generateNext: {logits: true}}]));
            let bits = 0;
            let scored = 0;
            for (let i = 0; i + 1 < tokens.length; i++) {
                if (mask[i + 1] !== 1) continue;
                const logits = out[i]!.next.logits!;
                let max = -Infinity;
                for (const v of logits.values()) max = Math.max(max, v);
                let sum = 0;
                for (const v of logits.values()) sum += Math.exp(v - max);
                bits -= (logits.get(tokens[i + 1] as never)! - max - Math.log(sum)) / Math.LN2;
                scored++;
            }
            expect(fast).not.toBeNull();
            expect(fast!.tokens).toBe(scored);
            expect(fast!.tokens).toBe(mask.filter((m) => m === 1).length);
            expect(fast!.bits).toBeCloseTo(bits, 2);
            expect(fast!.bytes).toBe(Buffer.byteLength(twoTurns[2]!.content) + Buffer.byteLength(twoTurns[4]!.content));
        } finally {
            await context.dispose();
            await model.dispose();
        }
    });

    it("ranks a model on its own kind of text, compares tokenizers by bytes, and says when a conversation does not fit", async () => {
        const genesis = await engine.replyBits(embeddedModelPath, null, [conversation, twoTurns]);
        const stories = await engine.replyBits(storiesModel, null, [conversation, twoTurns]);
        const perByte = (r: typeof genesis) => r.items.reduce((s, i) => s + i!.bits, 0) / r.items.reduce((s, i) => s + i!.bytes, 0);
        // Same bytes whatever the tokenizer; the persona's own model predicts its voice better than a model of children's stories.
        expect(stories.items.map((i) => i!.bytes)).toEqual(genesis.items.map((i) => i!.bytes));
        expect(stories.items[0]!.tokens).not.toBe(genesis.items[0]!.tokens);
        expect(perByte(genesis)).toBeLessThan(perByte(stories));
        expect(genesis.memoryBytes).toBeGreaterThan(3_000_000);
        expect(genesis.tokensPerSecond).toBeGreaterThan(0);
        const long: ChatTurn[] = [{role: "user", content: "x ".repeat(600)}, {role: "assistant", content: "y"}];
        const tooLong = await engine.replyBits(embeddedModelPath, null, [long, conversation]);
        expect(tooLong.items[0]).toBeNull();
        expect(tooLong.items[1]!.bits).toBeCloseTo(genesis.items[0]!.bits, 6);
    });

    it("scores with an adapter: one whose B is zero leaves the bits as they were, a random one changes them", async () => {
        const zero = path.join(dir, "zero.gguf");
        const random = path.join(dir, "random.gguf");
        await writeLoraGguf(zero, {targets: stories260KTargets(), zeroB: true});
        await writeLoraGguf(random, {targets: stories260KTargets(), seed: 3});
        const bare = await engine.replyBits(storiesModel, null, [conversation]);
        const withZero = await engine.replyBits(storiesModel, zero, [conversation]);
        const withRandom = await engine.replyBits(storiesModel, random, [conversation]);
        expect(withZero.items[0]!.bits).toBeCloseTo(bare.items[0]!.bits, 6);
        expect(Math.abs(withRandom.items[0]!.bits - bare.items[0]!.bits)).toBeGreaterThan(1);
        await expect(engine.replyBits(embeddedModelPath, random, [conversation])).rejects.toThrow(/could not apply it/);
    });
});
