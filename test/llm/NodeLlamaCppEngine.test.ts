import {afterAll, beforeAll, describe, expect, it} from "vitest";
import path from "node:path";
import {NodeLlamaCppEngine} from "../../src/llm/index.js";
import {InvalidAdapterError} from "../../src/gguf/index.js";
import {writeLoraGguf, stories260KTargets} from "./helpers/writeLoraGguf.js";
import {greedy, spec, tempDir} from "./helpers/fixtures.js";

const prompt = [{role: "user" as const, content: "Once upon a time"}];

describe("NodeLlamaCppEngine on stories260K", () => {
    let engine: NodeLlamaCppEngine;
    let dir: string;
    let cleanup: () => Promise<void>;

    beforeAll(async () => {
        ({dir, cleanup} = await tempDir());
        engine = new NodeLlamaCppEngine({threads: 1, contextSize: 256});
        await engine.attach(spec("base"));
    });
    afterAll(async () => {
        await engine?.dispose();
        await cleanup?.();
    });

    it("is deterministic when greedy", async () => {
        const a = await engine.complete("base", prompt, greedy);
        const b = await engine.complete("base", prompt, greedy);
        expect(a.text.length).toBeGreaterThan(0);
        expect(b.text).toBe(a.text);
        expect(a.completionTokens).toBe(16);
        expect(a.stopReason).toBe("maxTokens");
        expect(a.promptTokens).toBeGreaterThan(3);
        expect(a.adapter).toBeNull();
        expect(a.model).toBe(path.resolve("test/fixtures/models/stories260K.gguf"));
        expect(a.tokensPerSecond).toBeGreaterThan(0);
    });

    it("changes the output with a non-zero adapter and not with a zero-B one", async () => {
        const base = await engine.complete("base", prompt, greedy);
        const strong = path.join(dir, "strong.gguf");
        const zero = path.join(dir, "zero.gguf");
        await writeLoraGguf(strong, {targets: stories260KTargets(), seed: 7, scale: 1});
        await writeLoraGguf(zero, {targets: stories260KTargets(), seed: 7, scale: 1, zeroB: true});
        await engine.attach(spec("strong", strong));
        await engine.attach(spec("zero", zero));
        const withStrong = await engine.complete("strong", prompt, greedy);
        const withZero = await engine.complete("zero", prompt, greedy);
        expect(withStrong.adapter).toBe(strong);
        expect(withStrong.text).not.toBe(base.text);
        expect(withZero.text).toBe(base.text);
        // Shared model: three personas, one loaded copy.
        expect(engine.loadedModels).toBe(1);
    });

    it("samples reproducibly with a seed", async () => {
        const sampled = (seed: number) => engine.complete("base", prompt, {temperature: 1, maxTokens: 24, seed}).then((c) => c.text);
        const first = await sampled(42);
        expect(await sampled(42)).toBe(first);
        const others = await Promise.all([1, 2, 3].map(sampled));
        expect(others.some((text) => text !== first)).toBe(true);
    });

    it("streams tokens through onToken", async () => {
        const pieces: string[] = [];
        const done = await engine.complete("base", prompt, {...greedy, onToken: (t) => pieces.push(t)});
        expect(pieces.join("")).toBe(done.text);
        expect(pieces.length).toBeGreaterThan(1);
    });

    it("continues a chat session and resets it", async () => {
        const first = await engine.chat("base", "Once upon a time", greedy);
        const tokensAfterFirst = engine.chatContextTokens("base").length;
        const second = await engine.chat("base", "The end", greedy);
        expect(engine.chatContextTokens("base").length).toBeGreaterThan(tokensAfterFirst);
        // The second turn's prompt holds the first turn: the session continued.
        expect(second.promptTokens).toBeGreaterThan(first.promptTokens + first.completionTokens);
        await engine.resetChat("base");
        const again = await engine.chat("base", "Once upon a time", greedy);
        expect(again.text).toBe(first.text);
    });

    it("answers structured requests that satisfy the schema", async () => {
        const schema = {type: "object", properties: {mood: {enum: ["happy", "sad"]}, done: {type: "boolean"}}, required: ["mood", "done"]};
        const {value, completion} = await engine.structured<{mood: string, done: boolean}>("base", prompt, schema, {temperature: 0, maxTokens: 40});
        expect(["happy", "sad"]).toContain(value.mood);
        expect(typeof value.done).toBe("boolean");
        expect(JSON.parse(completion.text)).toEqual(value);
    });

    it("stops on abort and returns the partial text", async () => {
        const controller = new AbortController();
        let seen = 0;
        const done = await engine.complete("base", prompt, {temperature: 0, maxTokens: 200, signal: controller.signal,
            onToken: () => { if (++seen === 3) controller.abort(); }});
        expect(done.stopReason).toBe("aborted");
        expect(done.completionTokens).toBeLessThan(200);
    });

    it("refuses an adapter at attach with a clear error", async () => {
        const wrong = path.join(dir, "wrong-arch.gguf");
        await writeLoraGguf(wrong, {targets: stories260KTargets(), architecture: "gpt2"});
        await expect(engine.attach(spec("wrong", wrong))).rejects.toThrow(InvalidAdapterError);
        await expect(engine.chat("wrong", "hi")).rejects.toThrow(/not attached.*attach\(spec\)/);
    });
});

describe("NodeLlamaCppEngine with a small context", () => {
    it("keeps a long chat going by dropping its oldest turns, and refuses a message that cannot fit", async () => {
        await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128});
        await engine.attach(spec("long", null, "You tell stories."));
        let last = 0;
        for (let turn = 1; turn <= 25; turn++) {
            const reply = await engine.chat("long", `Turn ${turn}`, {temperature: 0, maxTokens: 4});
            last = reply.promptTokens;
        }
        const capacity = engine.chatContextTokens("long").length;
        expect(last + 4).toBeLessThanOrEqual(256);
        expect(capacity).toBeLessThanOrEqual(256);
        await expect(engine.chat("long", "x".repeat(2000), {maxTokens: 4})).rejects.toThrow(/more than the context holds.*raise contextSize/);
        // The session survives the refusal.
        expect((await engine.chat("long", "Turn 26", {temperature: 0, maxTokens: 4})).completionTokens).toBeGreaterThan(0);
    });
});

describe("NodeLlamaCppEngine lifecycle", () => {
    it("fails requests queued before a detach with a clear error, and refuses work after dispose", async () => {
        const engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128});
        await engine.attach(spec("life"));
        const first = engine.chat("life", "Once upon a time", {temperature: 0, maxTokens: 30});
        const queued = engine.chat("life", "The end", {temperature: 0, maxTokens: 4});
        await new Promise((resolve) => setTimeout(resolve, 0));
        const detached = engine.detach("life");
        // The running turn finishes on its context; the queued one is refused, not run on a disposed context.
        expect((await first).completionTokens).toBeGreaterThan(0);
        await expect(queued).rejects.toThrow(/was detached or re-attached while this request waited/);
        await detached;
        await engine.dispose();
        await expect(engine.attach(spec("late"))).rejects.toThrow(/engine was disposed: create a new one/);
    });
});
