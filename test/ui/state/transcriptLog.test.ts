import {describe, expect, it} from "vitest";
import {makeEvent} from "../../../src/index.js";
import {appendEvent} from "../../../src/ui/state/transcriptLog.js";
import {eventText} from "../../../src/ui/state/eventText.js";

describe("appendEvent", () => {
    it("adds one line per event with its severity, and keeps at most the limit", () => {
        let lines = appendEvent([], makeEvent({type: "sendFailed", persona: "BRICK", selector: "fly", error: "no wings"}));
        lines = appendEvent(lines, makeEvent({type: "slotChanged", persona: "BRICK", slot: "mood"}));
        expect(lines.map((l) => l.severity)).toEqual(["error", "info"]);
        expect(lines[0]!.text).toMatch(/^\d\d:\d\d:\d\d BRICK #fly failed: no wings$/);
        for (let i = 0; i < 10; i++) lines = appendEvent(lines, makeEvent({type: "transcript", persona: null, text: `t${i}`}), 5);
        expect(lines).toHaveLength(5);
        expect(lines[4]!.text).toMatch(/t9$/);
    });

    it("keeps one live line for a run of forge progress, per persona", () => {
        const progress = (persona: string, step: number) => makeEvent({type: "forgeProgress", persona, step, total: 10, loss: 1 / step, tokensPerSecond: null});
        let lines = appendEvent([], progress("BRICK", 1));
        lines = appendEvent(lines, progress("BRICK", 2));
        lines = appendEvent(lines, progress("BRICK", 3));
        expect(lines).toHaveLength(1);
        expect(lines[0]!.text).toContain("step 3/10");
        lines = appendEvent(lines, progress("ROBIN", 1));
        lines = appendEvent(lines, makeEvent({type: "forgeFinished", persona: "BRICK", ok: true, artifact: "a.gguf", message: "done"}));
        lines = appendEvent(lines, progress("BRICK", 4));
        expect(lines.map((l) => `${l.persona} ${l.type}`)).toEqual(["BRICK forgeProgress", "ROBIN forgeProgress", "BRICK forgeFinished", "BRICK forgeProgress"]);
    });
});

describe("readable figures", () => {
    it("says durations, sizes, rates and losses as a person reads them", () => {
        expect(eventText(makeEvent({type: "chatCompleted", persona: "BRICK", interactionId: "x", tokens: 42, ms: 1312.456789}))).toMatch(/BRICK replied: 42 tokens in 1\.3 s \(32 tok\/s\)$/);
        expect(eventText(makeEvent({type: "imageSaved", persona: null, path: "/a/b/w.image.json", bytes: 14_540, ms: 35.2}))).toMatch(/\* image saved: w\.image\.json, 14\.2 KB in 35 ms$/);
        expect(eventText(makeEvent({type: "forgeProgress", persona: "ROBIN", step: 5, total: 10, loss: 1.234567, tokensPerSecond: 812.3}))).toMatch(/ROBIN forge █████░░░░░ step 5\/10 · loss 1\.235 · 812 tok\/s$/);
    });

    it("writes a verdict with its judge, axes, threshold and rationale", () => {
        const text = eventText(makeEvent({type: "verdict", persona: "BRICK", interactionId: "0123456789", judge: "ALFRED", golden: 3.75, threshold: 4.5, curated: false, axes: {
            logical_rigor: {score: 4, rationale: "Each step follows."}, creative_synthesis: {score: 3, rationale: ""},
            dissonance_resolution: {score: 4, rationale: ""}, task_efficacy: {score: 4, rationale: ""}
        }}));
        expect(text).toMatch(/BRICK judged by ALFRED: 3\.75 < 4\.5 \(rigor 4 · synthesis 3 · dissonance 4 · efficacy 4\) · “Each step follows\.” · 01234567$/);
        const golden = eventText(makeEvent({type: "verdict", persona: "ROBIN", interactionId: "abc", judge: "Architect", golden: 5, threshold: 4.5, curated: true,
            axes: {logical_rigor: {score: 5, rationale: "Overall rating by Architect."}}}));
        expect(golden).toMatch(/ROBIN judged by Architect: 5\.00 ≥ 4\.5 → golden sample \(rigor 5\) · abc$/);
    });
});
