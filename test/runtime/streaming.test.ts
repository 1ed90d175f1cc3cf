import path from "node:path";
import {describe, expect, it} from "vitest";
import {createEngine} from "../../src/llm/index.js";
import type {LivingEvent, Runtime} from "../../src/index.js";
import type {Activity} from "../../src/runtime/index.js";
import {freshRuntimeForEach} from "./helpers.js";

const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");
let runtime: Runtime;

freshRuntimeForEach((fresh) => {
    ({runtime} = fresh);
    runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, defaultMaxTokens: 24, defaultTemperature: 0, contextSize: 512}), {modelOverride: storiesModel});
});

describe("replies stream from the engine through the runtime", () => {
    it("chatStream gives the reply piece by piece, and the pieces make the recorded reply", async () => {
        const activities: Activity[] = [];
        runtime.activity.subscribe((a) => void activities.push(a));
        const stream = runtime.chatStream(runtime.manager.get("BRICK"), "Once upon a time");
        const pieces: string[] = [];
        for await (const piece of stream) pieces.push(piece);
        const reply = await stream.result;
        expect(pieces.length).toBeGreaterThan(1);
        expect(pieces.join("")).toBe(reply.text);
        expect(reply.stopReason).not.toBe("aborted");
        const entry = runtime.manager.get("BRICK").record.scrapbook.at(-1)!;
        expect(entry.id).toBe(reply.interactionId);
        expect(entry.messages.at(-1)!.content).toBe(reply.text);
        // The board saw it start, count pieces, and end.
        expect(activities[0]).toMatchObject({kind: "chat", persona: "BRICK", status: "running", tokens: 0});
        expect(activities.some((a) => a.status === "running" && a.tokens > 1)).toBe(true);
        expect(activities.at(-1)).toMatchObject({status: "done", persona: "BRICK"});
        expect(runtime.activity.running()).toHaveLength(0);
    });

    it("a Playground do-it streams every chat it starts, even inside a method, and its signal stops the generation keeping what came", async () => {
        await runtime.evaluate("BRICK compile: 'tell: aText ^ self chat: aText'");
        const full = await runtime.evaluate("ROBIN chat: 'The little dog'") as string;
        expect(full.length).toBeGreaterThan(0);

        const seen: {piece: string, persona: string}[] = [];
        const controller = new AbortController();
        const stopped = await runtime.evaluate("BRICK tell: 'The little dog'", {
            signal: controller.signal,
            onToken: (piece, source) => {
                seen.push({piece, persona: source.persona});
                // Ctrl-C as soon as the first piece shows.
                controller.abort();
            }
        }) as string;
        expect(seen.length).toBeGreaterThan(0);
        expect(seen[0]!.persona).toBe("BRICK");
        const entry = runtime.manager.get("BRICK").record.scrapbook.at(-1)!;
        expect(entry.meta?.["stopReason"]).toBe("aborted");
        expect(entry.messages.at(-1)!.content).toBe(stopped);
        expect(entry.timing!.completionTokens).toBeLessThan(24);
        // Greedy and the same prompt: what came is the start of the whole reply.
        expect(full.startsWith(stopped)).toBe(true);
        expect(stopped.length).toBeLessThan(full.length);
    });

    it("chat: without options still answers a plain String", async () => {
        expect(typeof await runtime.evaluate("BRICK chat: 'Hello'")).toBe("string");
    });
});

describe("a conversation: multi-turn, each turn recorded and announced", () => {
    it("three turns land in the scrapbook with their context and the conversation's id, each offered to the Oracle", async () => {
        const events: LivingEvent[] = [];
        runtime.bus.subscribe({type: "chatCompleted"}, (e) => void events.push(e));
        const conversation = runtime.conversation("ROBIN");
        const first = await conversation.send("Once upon a time");
        const streamed = conversation.stream("The cat sat");
        let pieces = "";
        for await (const piece of streamed) pieces += piece;
        const second = await streamed.result;
        expect(pieces).toBe(second.text);
        const third = await conversation.send("The end");
        expect(conversation.turnCount).toBe(3);
        expect(conversation.messages).toHaveLength(6);

        const entries = runtime.manager.get("ROBIN").record.scrapbook;
        expect(entries.map((e) => e.id)).toEqual([first.interactionId, second.interactionId, third.interactionId]);
        expect(entries.map((e) => (e.meta?.["conversation"] as {turn: number}).turn)).toEqual([1, 2, 3]);
        expect(new Set(entries.map((e) => (e.meta?.["conversation"] as {id: string}).id))).toEqual(new Set([conversation.id]));
        // Each turn is recorded with the turns before it, as the model saw them.
        expect(entries[2]!.messages.map((m) => m.content)).toEqual(["Once upon a time", first.text, "The cat sat", second.text, "The end", third.text]);
        expect(events.map((e) => e.type === "chatCompleted" ? e.interactionId : null)).toEqual(entries.map((e) => e.id));
    });

    it("previews the exact tokens of the next request: the system prompt first, counted against the context", async () => {
        const conversation = runtime.conversation("BRICK");
        await conversation.send("Once upon a time");
        const preview = await conversation.preview("The end");
        const text = preview.tokens.map((t) => t.text).join("");
        expect(preview.systemPrompt).toBe(runtime.systemPromptOf(runtime.manager.get("BRICK")));
        expect(text).toContain(preview.systemPrompt.slice(0, 40));
        expect(text).toContain("Once upon a time");
        expect(text.indexOf(preview.systemPrompt.slice(0, 20))).toBeLessThan(text.indexOf("Once upon a time"));
        expect(preview.contextSize).toBe(512);
        expect(preview.systemTokens).toBeGreaterThan(0);
        expect(preview.systemTokens).toBeLessThan(preview.tokens.length);
        expect(preview.droppedTurns).toBe(0);
        expect(preview.problem).toBeNull();
        // The request that follows carries exactly these tokens.
        const reply = await conversation.send("The end");
        expect(reply.completion.promptTokens).toBe(preview.tokens.length);
    });
});
