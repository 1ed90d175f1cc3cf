import {describe, expect, it} from "vitest";
import {freshHistory, historyStep} from "../../../src/ui/state/history.js";

describe("historyStep", () => {
    const history = ["1 + 1", "BRICK name", "ROBIN name"];

    it("walks back to the oldest entry and forward again to the draft being typed", () => {
        const a = historyStep(history, freshHistory, "draft", "older")!;
        expect(a.text).toBe("ROBIN name");
        const b = historyStep(history, a.cursor, a.text, "older")!;
        const c = historyStep(history, b.cursor, b.text, "older")!;
        expect(c.text).toBe("1 + 1");
        expect(historyStep(history, c.cursor, c.text, "older")).toBeNull();
        const d = historyStep(history, c.cursor, c.text, "newer")!;
        expect(d.text).toBe("BRICK name");
        const e = historyStep(history, historyStep(history, d.cursor, d.text, "newer")!.cursor, "", "newer")!;
        expect(e.text).toBe("draft");
        expect(e.cursor.index).toBeNull();
    });

    it("has nowhere to go in an empty history or below the draft", () => {
        expect(historyStep([], freshHistory, "x", "older")).toBeNull();
        expect(historyStep(history, freshHistory, "x", "newer")).toBeNull();
    });
});
