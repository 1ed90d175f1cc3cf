import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {createEngine} from "../../src/llm/index.js";
import type {Runtime} from "../../src/index.js";
import {freshRuntime} from "./helpers.js";

let runtime: Runtime;
let cleanup: () => Promise<void>;

beforeEach(async () => {
    ({runtime, cleanup} = await freshRuntime());
});
afterEach(async () => {
    await cleanup();
});

describe("ask: (one question in a conversation of its own)", () => {
    it("answers apart from the chat: session, and records the turn for the Oracle like any chat", async () => {
        runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, defaultTemperature: 0, defaultMaxTokens: 60}));
        const question = "BRICK ask: 'How should I handle a slow build?'";
        const first = await runtime.evaluate(question) as string;
        expect(first.length).toBeGreaterThan(0);
        await runtime.evaluate("BRICK chat: 'Is a flaky test a problem?'. BRICK chat: 'Tell me about tea.'");
        // The chat: session now holds two exchanges; ask: does not see them, so the greedy reply is the same.
        expect(await runtime.evaluate(question)).toBe(first);
        const scrapbook = runtime.manager.get("BRICK").record.scrapbook;
        expect(scrapbook).toHaveLength(4);
        const asked = scrapbook.at(-1)!;
        expect(asked.messages).toEqual([{role: "user", content: "How should I handle a slow build?"}, {role: "assistant", content: first}]);
        expect(asked.meta).toMatchObject({conversation: {turn: 1}});
        expect(scrapbook[0]!.meta?.conversation).not.toEqual(asked.meta?.conversation);
        await expect(runtime.evaluate("BRICK ask: 42")).rejects.toThrow(/ask:'s argument/);
    }, 120_000);
});
