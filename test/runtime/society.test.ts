import path from "node:path";
import {describe, expect, it} from "vitest";
import {createEngine} from "../../src/llm/index.js";
import {installStrategicLoop, makeEvent, Runtime} from "../../src/index.js";
import type {LivingEvent} from "../../src/index.js";
import {freshRuntimeForEach} from "./helpers.js";
import {societySource} from "./societyScript.js";

const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");
let runtime: Runtime;
let file: string;

freshRuntimeForEach((fresh) => ({runtime, file} = fresh));

function waitForEvent(bus: Runtime["bus"], name: string, timeoutMs = 60_000): Promise<Extract<LivingEvent, {type: "user"}>> {
    return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${name} event within ${timeoutMs} ms`)), timeoutMs);
        const unsubscribe = bus.subscribe({type: "user"}, (event) => {
            if (event.type === "user" && event.name === name) {
                clearTimeout(timer);
                unsubscribe();
                resolve(event);
            }
        });
    });
}

describe("personas as publishers and subscribers", () => {
    it("stores handlers as source, validated, and subscribes them again when the image reopens", async () => {
        await runtime.evaluate("BRICK on: #Ping do: [:event | BRICK at: #lastPing put: (event at: #payload)]");
        expect(runtime.manager.get("BRICK").record.subscriptions.Ping?.source).toBe("[:event | BRICK at: #lastPing put: (event at: #payload)]");
        await expect(runtime.evaluate("BRICK on: #Ping do: [:a :b | a]")).rejects.toThrow(/one-argument block/);
        await expect(runtime.evaluate("BRICK at: #subscriptions put: 3")).rejects.toThrow(/on:do:/);
        await runtime.save();
        await runtime.dispose();

        runtime = await Runtime.open(file);
        runtime.bus.publish(makeEvent({type: "user", persona: null, name: "Ping", payload: "pong"}));
        await runtime.bus.flush();
        expect(runtime.manager.get("BRICK").record.slots.lastPing).toBe("pong");
        expect(await runtime.evaluate("BRICK subscriptions")).toEqual(["Ping"]);
        await runtime.evaluate("BRICK unsubscribe: #Ping");
        runtime.bus.publish(makeEvent({type: "user", persona: null, name: "Ping", payload: "again"}));
        await runtime.bus.flush();
        expect(runtime.manager.get("BRICK").record.slots.lastPing).toBe("pong");
    });

    it("runs the seed's workflow in one process: question → BRICK's analysis → ROBIN's synthesis → both scrapbooks", async () => {
        runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, defaultMaxTokens: 24, defaultTemperature: 0, contextSize: 512}), {modelOverride: storiesModel});
        await runtime.evaluate(societySource);
        const loop = installStrategicLoop(runtime, {judging: {mode: "manual"}});
        const done = waitForEvent(runtime.bus, "DialogueComplete");
        const seen: string[] = [];
        runtime.bus.subscribe({type: "user"}, (e) => void (e.type === "user" && seen.push(e.name)));
        const completed: string[] = [];
        runtime.bus.subscribe({type: "chatCompleted"}, (e) => void (e.type === "chatCompleted" && completed.push(`${e.persona}:${e.interactionId}`)));
        runtime.bus.publish(makeEvent({type: "user", persona: null, name: "UserQuestion", payload: "Why is the sky blue?"}));
        const dialogue = await done;
        expect(seen).toEqual(["UserQuestion", "LogicalAnalysisComplete", "DialogueComplete"]);
        const payload = dialogue.payload as {personas: string[], messages: {role: string, content: string}[], interactionId: string};
        expect(payload.personas.sort()).toEqual(["BRICK", "ROBIN"]);
        expect(payload.messages[0]).toEqual({role: "user", content: "Why is the sky blue?"});
        expect(payload.messages[1]!.content).toMatch(/^BRICK: ./);
        expect(payload.messages[2]!.content).toMatch(/^ROBIN: ./);
        // Offered to the Oracle: an interaction completed for each participant, which the strategic loop judges.
        expect(completed).toContain(`BRICK:${payload.interactionId}`);
        expect(completed).toContain(`ROBIN:${payload.interactionId}`);
        const judged = await loop.judgePending();
        const dialogueVerdicts = judged.filter((j) => j.interactionId === payload.interactionId);
        expect(dialogueVerdicts.map((j) => j.persona).sort()).toEqual(["BRICK", "ROBIN"]);
        expect(dialogueVerdicts.every((j) => j.ok)).toBe(true);
        await loop.dispose();
        for (const name of ["BRICK", "ROBIN"]) {
            const scrapbook = runtime.manager.get(name).record.scrapbook;
            expect(scrapbook.find((e) => e.id === payload.interactionId)?.kind).toBe("bus");
            expect(scrapbook.some((e) => e.kind === "chat")).toBe(true);
        }
    });
});
