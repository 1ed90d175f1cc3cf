import {describe, expect, it} from "vitest";
import type {GoldenSample} from "../../src/objects/index.js";
import {GoldenSampleError, goldenToJsonl, parseGoldenJsonl} from "../../src/oracle/index.js";

const sample = (user: string, reply: string): GoldenSample => ({
    id: user, heldOut: false, messages: [{role: "user", content: user}, {role: "assistant", content: reply}],
    provenance: {interactionId: "i", judge: "ALFRED", model: null, adapter: null, scores: null, at: new Date(0)}
});

const scores = {judge: "ALFRED", golden: 4.6, axes: {logical_rigor: {score: 5, rationale: "Premises stated; conclusion follows."}}};

describe("golden JSONL for TRL, Unsloth and OpenAI fine-tuning", () => {
    it("writes `messages` (openai) and real ChatML text (chatml) a line, with scores and provenance, and reads both back", () => {
        const samples = [{...sample("Go first?", "Premise one: yes."), provenance: {...sample("", "").provenance, scores}},
            sample("Tea?", "Leaves, \"steeped\".\nTwo lines.")];
        const openai = goldenToJsonl(samples, "openai").trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(openai).toHaveLength(2);
        expect(openai[0]!["messages"]).toEqual([{role: "user", content: "Go first?"}, {role: "assistant", content: "Premise one: yes."}]);
        expect(openai[0]!["metadata"]).toEqual({id: "Go first?", heldOut: false, judge: "ALFRED", interactionId: "i", model: null, adapter: null,
            at: "1970-01-01T00:00:00.000Z", scores});

        const chatml = goldenToJsonl(samples, "chatml", {system: "You are BRICK."}).trimEnd().split("\n").map((l) => JSON.parse(l) as Record<string, unknown>);
        expect(chatml[1]!["text"]).toBe("<|im_start|>system\nYou are BRICK.<|im_end|>\n<|im_start|>user\nTea?<|im_end|>\n" +
            "<|im_start|>assistant\nLeaves, \"steeped\".\nTwo lines.<|im_end|>\n");
        expect(chatml[1]!["metadata"]).toMatchObject({judge: "ALFRED", scores: null});

        for (const format of ["chatml", "openai"] as const) {
            const back = parseGoldenJsonl(goldenToJsonl(samples, format), format);
            expect(back.map((c) => c.messages)).toEqual(samples.map((s) => s.messages));
            expect(back.map((c) => c.scores)).toEqual([scores, null]);
        }
    });

    it("prepends a system prompt when asked", () => {
        const line = JSON.parse(goldenToJsonl([sample("a", "b")], "openai", {system: "You are BRICK."}).trim()) as {messages: {role: string}[]};
        expect(line.messages.map((m) => m.role)).toEqual(["system", "user", "assistant"]);
    });

    it("refuses a malformed line, naming it", () => {
        const good = goldenToJsonl([sample("a", "b")], "chatml");
        expect(() => parseGoldenJsonl(good + "{oops\n", "chatml")).toThrow(/line 2: .*not valid JSON/);
        expect(() => parseGoldenJsonl(good + JSON.stringify({text: "hi"}), "chatml")).toThrow(/line 2: .*not ChatML after character 0/);
        expect(() => parseGoldenJsonl(good + JSON.stringify({prompt: "hi"}), "chatml")).toThrow(/line 2: .*neither a "messages" list nor a ChatML "text"/);
        expect(() => parseGoldenJsonl(JSON.stringify({messages: [{role: "user", content: "a"}]}), "openai")).toThrow(/last message is not an assistant reply/);
        expect(() => parseGoldenJsonl(JSON.stringify({messages: [{role: "tool", content: "a"}]}), "openai")).toThrow(GoldenSampleError);
        expect(() => parseGoldenJsonl(JSON.stringify({messages: [{role: "user", content: "a"}, {role: "assistant", content: "  "}]}), "openai")).toThrow(/empty/);
    });
});
