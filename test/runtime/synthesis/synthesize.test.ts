import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {createEngine} from "../../../src/llm/index.js";
import type {Completion} from "../../../src/llm/index.js";
import type {Runtime} from "../../../src/index.js";
import type {ChatEngine} from "../../../src/runtime/index.js";
import {SynthesisError} from "../../../src/runtime/index.js";
import {freshRuntime} from "../helpers.js";

let runtime: Runtime;
let cleanup: () => Promise<void>;

beforeEach(async () => {
    ({runtime, cleanup} = await freshRuntime());
});
afterEach(async () => {
    await cleanup();
});

const embedded = () => createEngine("node-llama-cpp", {threads: 1, contextSize: 512});

describe("a persona's own model writes a method (the embedded model)", () => {
    it("never installs a draft that fails a gate: an example no method can meet", async () => {
        runtime.attachEngine(embedded());
        const brick = runtime.manager.get("BRICK");
        const before = JSON.stringify(runtime.image.state.personas);
        const result = await runtime.synthesis.synthesize(brick, {selector: "double:", maxTries: 2,
            examples: [{source: "[:p | (p double: 3) = 6 and: [(p double: 3) = 7]]"}]});
        expect(result.passed).toBe(false);
        expect(result.source).toBeNull();
        expect(result.attempts).toHaveLength(2);
        expect(result.attempts.every((a) => !a.report.passed)).toBe(true);
        expect(result.attempts[1]!.temperature).toBeGreaterThan(0);
        expect(() => runtime.synthesis.accept(brick, result)).toThrow(SynthesisError);
        await expect(runtime.evaluate("BRICK acceptDraft: #double:")).rejects.toThrow(/no draft of #double: waiting/);
        expect(JSON.stringify(runtime.image.state.personas)).toBe(before);
    }, 240_000);
});

/**
 * The embedded model does not write `Image save` on demand: a scripted engine forces the draft that does, to show
 * the capability check stops it (the gates' own tests run such drafts directly too).
 */
function scriptedEngine(replies: string[]): ChatEngine {
    const completion = (text: string): Completion => ({text, promptTokens: 1, completionTokens: 1, ms: 1, tokensPerSecond: 1, model: "scripted", adapter: null, stopReason: "stop"});
    let next = 0;
    return {
        kind: "scripted",
        attach: () => Promise.resolve(),
        detach: () => Promise.resolve(),
        chat: () => Promise.reject(new Error("not used")),
        complete: () => Promise.resolve(completion(replies[Math.min(next++, replies.length - 1)]!)),
        swapAdapter: () => Promise.reject(new Error("not used")),
        swapModel: () => Promise.reject(new Error("not used")),
        dispose: () => Promise.resolve()
    } as unknown as ChatEngine;
}

describe("the capability check", () => {
    it("stops a draft that saves the image or reaches a file, and tells the model why on the next try", async () => {
        runtime.attachEngine(scriptedEngine([
            "double: n\n\tImage save.\n\t^ n * 2",
            "double: n\n\tImage saveAs: '/tmp/elsewhere.image.json'.\n\t^ n * 2",
            "double: n\n\t^ self perform: #swapModel: with: 'notes.txt'"
        ]));
        const brick = runtime.manager.get("BRICK");
        const seen: string[] = [];
        const result = await runtime.synthesis.synthesize(brick, {selector: "double:", maxTries: 3, examples: [{source: "[:p | (p double: 3) = 6]"}],
            onAttempt: (a) => seen.push(a.report.failure ?? "")});
        expect(result.passed).toBe(false);
        for (const attempt of result.attempts) expect(attempt.report.gates.find((g) => g.gate === "capabilities")).toMatchObject({passed: false});
        expect(seen[0]).toMatch(/reaches outside the persona: names Image/);
        expect(runtime.image.dirty).toBe(false);
        expect(runtime.manager.get("BRICK").record.methods["double:"]).toBeUndefined();
    });
});
