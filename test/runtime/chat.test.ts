import path from "node:path";
import {describe, expect, it} from "vitest";
import {createEngine} from "../../src/llm/index.js";
import {MessageNotUnderstoodError} from "../../src/index.js";
import type {LivingEvent, Runtime} from "../../src/index.js";
import {freshRuntime, freshRuntimeForEach} from "./helpers.js";

const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");
let runtime: Runtime;

freshRuntimeForEach((fresh) => {
    ({runtime} = fresh);
    runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, defaultMaxTokens: 16, defaultTemperature: 0, contextSize: 512}), {modelOverride: storiesModel});
});

describe("personas talking through the embedded engine", () => {
    it("chat: answers, and records the exchange with timing, token counts and metrics", async () => {
        const reply = await runtime.evaluate("BRICK chat: 'Once upon a time'");
        expect(typeof reply).toBe("string");
        expect((reply as string).length).toBeGreaterThan(0);
        const record = runtime.manager.get("BRICK").record;
        const entry = record.scrapbook.at(-1)!;
        expect(entry.kind).toBe("chat");
        expect(entry.messages).toEqual([{role: "user", content: "Once upon a time"}, {role: "assistant", content: reply}]);
        expect(entry.timing!.completionTokens).toBeGreaterThan(0);
        expect(entry.timing!.tokensPerSecond).toBeGreaterThan(0);
        expect(record.performanceMetrics.map((m) => m.name).sort()).toEqual(["latencyMs", "tokensPerSecond"]);
        // Greedy decoding is deterministic: a fresh session gives the same reply.
        await runtime.engine!.detach(record.personaId);
        const again = await runtime.persona("ROBIN").chat!("Once upon a time");
        expect(typeof again).toBe("string");
    });

    it("answers a message nobody understood with the model's reply under the #ask policy, marked as the model's, and records the dissonance", async () => {
        const events: LivingEvent[] = [];
        const transcript: string[] = [];
        runtime.bus.subscribe({type: "dissonance"}, (e) => void events.push(e));
        runtime.bus.subscribe({type: "transcript"}, (e) => void transcript.push(e.type === "transcript" ? e.text : ""));
        await runtime.evaluate("BRICK doesNotUnderstandPolicy: #ask. ROBIN doesNotUnderstandPolicy: #ask");
        const answer = await runtime.evaluate("BRICK tellMeAStory");
        await runtime.bus.flush();
        expect(transcript.join("")).toContain("BRICK has no method #tellMeAStory: its model answered in prose");
        expect(typeof answer).toBe("string");
        expect(events).toHaveLength(1);
        expect(events[0]).toMatchObject({persona: "BRICK", selector: "tellMeAStory", resolution: "handler", handler: "llm"});
        const entry = runtime.manager.get("BRICK").record.scrapbook.at(-1)!;
        expect(entry.kind).toBe("dnu");
        expect(entry.messages[0]!.content).toContain("tellMeAStory");
        // A persona's own doesNotUnderstand: comes first: the model is not asked.
        await runtime.evaluate("ROBIN compile: 'doesNotUnderstand: aMessage ^ ''mine'''");
        expect(await runtime.evaluate("ROBIN tellMeAStory")).toBe("mine");
        expect(events.at(-1)).toMatchObject({persona: "ROBIN", resolution: "method"});
    });

    it("signals MessageNotUnderstood by default (policy #signal): the model is not asked, nothing is recorded", async () => {
        const brick = runtime.manager.get("BRICK");
        expect(await runtime.evaluate("BRICK doesNotUnderstandPolicy")).toMatchObject({name: "signal"});
        const before = brick.record.scrapbook.length;
        const events: LivingEvent[] = [];
        runtime.bus.subscribe({type: "dissonance"}, (e) => void events.push(e));
        await expect(runtime.evaluate("BRICK goldenDataSet size")).rejects.toThrow(/BRICK does not understand #goldenDataSet\. Did you mean #goldenDataset\?/);
        expect(brick.record.scrapbook.length).toBe(before);
        await runtime.bus.flush();
        expect(events).toMatchObject([{persona: "BRICK", selector: "goldenDataSet", resolution: "unresolved", handler: null}]);
    });

    it("leaves the MessageNotUnderstoodError when the persona has no model to ask", async () => {
        // A runtime of its own: the file's set-up gave this one an engine with a model override.
        const own = await freshRuntime();
        try {
            const runtime = own.runtime;
            runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1}), {});
            // No validated message takes a persona's model away; the test's set-up writes the image directly.
            const brick = runtime.manager.get("BRICK");
            runtime.image.update((draft) => {
                draft.personas[brick.personaId]!.baseModelPath = null;
            }, "BRICK has no model");
            await runtime.evaluate("BRICK doesNotUnderstandPolicy: #ask");
            await expect(runtime.evaluate("BRICK tellMeAStory")).rejects.toThrow(MessageNotUnderstoodError);
        } finally {
            await own.cleanup();
        }
    });
});
