import {describe, expect, it} from "vitest";
import {makeEvent} from "../../../src/index.js";
import {appendEvent} from "../../../src/ui/state/transcriptLog.js";

describe("appendEvent", () => {
    it("adds one line per event with its severity, and keeps at most the limit", () => {
        let lines = appendEvent([], makeEvent({type: "sendFailed", persona: "BRICK", selector: "fly", error: "no wings"}));
        lines = appendEvent(lines, makeEvent({type: "slotChanged", persona: "BRICK", slot: "mood"}));
        expect(lines.map((l) => l.severity)).toEqual(["error", "info"]);
        expect(lines[0]!.text).toMatch(/BRICK sendFailed #fly: no wings$/);
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
        expect(lines.map((l) => l.text.split(" ").slice(1, 3).join(" "))).toEqual(["BRICK forgeProgress", "ROBIN forgeProgress", "BRICK forgeFinished", "BRICK forgeProgress"]);
    });
});
