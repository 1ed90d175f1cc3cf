import {describe, expect, it} from "vitest";
import type {GoldenSample} from "../../src/objects/index.js";
import {GoldenSampleError, goldenToJsonl, parseGoldenJsonl} from "../../src/oracle/index.js";

const sample = (user: string, reply: string): GoldenSample => ({
    id: user, heldOut: false, messages: [{role: "user", content: user}, {role: "assistant", content: reply}],
    provenance: {interactionId: "i", judge: "ALFRED", model: null, adapter: null, scores: null, at: new Date(0)}
});

describe("golden JSONL for TRL, Unsloth and OpenAI fine-tuning", () => {
    it("writes one {messages} object a line and reads it back", () => {
        const samples = [sample("Go first?", "Premise one: yes."), sample("Tea?", "Leaves, \"steeped\".\nTwo lines.")];
        for (const format of ["chatml", "openai"] as const) {
            const text = goldenToJsonl(samples, format);
            const lines = text.trimEnd().split("\n");
            expect(lines).toHaveLength(2);
            expect(JSON.parse(lines[0]!)).toEqual({messages: [{role: "user", content: "Go first?"}, {role: "assistant", content: "Premise one: yes."}]});
            expect(parseGoldenJsonl(text, format)).toEqual(samples.map((s) => s.messages));
        }
    });

    it("prepends a system prompt when asked", () => {
        const line = JSON.parse(goldenToJsonl([sample("a", "b")], "openai", {system: "You are BRICK."}).trim()) as {messages: {role: string}[]};
        expect(line.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    });

    it("refuses a malformed line, naming it", () => {
        const good = goldenToJsonl([sample("a", "b")], "chatml");
        expect(() => parseGoldenJsonl(good + "{oops\n", "chatml")).toThrow(/line 2: .*not JSON/);
        expect(() => parseGoldenJsonl(good + JSON.stringify({text: "hi"}), "chatml")).toThrow(/line 2: .*"messages"/);
        expect(() => parseGoldenJsonl(JSON.stringify({messages: [{role: "user", content: "a"}]}), "openai")).toThrow(/last message is not an assistant reply/);
        expect(() => parseGoldenJsonl(JSON.stringify({messages: [{role: "tool", content: "a"}]}), "openai")).toThrow(GoldenSampleError);
        expect(() => parseGoldenJsonl(JSON.stringify({messages: [{role: "user", content: "a"}, {role: "assistant", content: "  "}]}), "openai")).toThrow(/empty/);
    });
});
