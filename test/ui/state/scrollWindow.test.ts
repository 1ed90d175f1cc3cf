import {describe, expect, it} from "vitest";
import {scrollWindow} from "../../../src/ui/state/scrollWindow.js";
import {layoutFor} from "../../../src/ui/state/layout.js";

describe("scrollWindow", () => {
    it("keeps the selection in view and reports its position", () => {
        expect(scrollWindow(5, 2, 10)).toEqual({start: 0, end: 5, position: "3/5"});
        const far = scrollWindow(300, 150, 9);
        expect(far.start).toBeLessThanOrEqual(150);
        expect(far.end).toBeGreaterThan(150);
        expect(far.end - far.start).toBe(9);
        expect(far.position).toBe("151/300");
        expect(scrollWindow(300, 299, 9)).toEqual({start: 291, end: 300, position: "300/300"});
        expect(scrollWindow(0, 0, 9).position).toBe("0/0");
    });
});

describe("layoutFor", () => {
    it("fits 80×24 exactly, one row short of the terminal", () => {
        const l = layoutFor(80, 24);
        expect(l.height).toBe(23);
        // The tab line, the columns, the Transcript, the Playground, the status bar.
        expect(l.tabHeight + l.browserHeight + l.transcriptHeight + l.playgroundHeight + 1).toBe(23);
        expect(l.toolHeight).toBe(l.browserHeight + l.playgroundHeight);
        expect(l.personasWidth + l.categoriesWidth + l.itemsWidth + l.inspectorWidth).toBe(80);
        expect(l.tooSmall).toBe(false);
    });

    it("gives extra room to the panes on a bigger terminal", () => {
        const small = layoutFor(80, 24);
        const big = layoutFor(160, 50);
        expect(big.browserHeight).toBeGreaterThan(small.browserHeight);
        expect(big.transcriptHeight).toBeGreaterThan(small.transcriptHeight);
        expect(big.itemsWidth).toBeGreaterThan(small.itemsWidth);
        expect(big.personasWidth + big.categoriesWidth + big.itemsWidth + big.inspectorWidth).toBe(160);
        expect(layoutFor(40, 10).tooSmall).toBe(true);
    });
});
