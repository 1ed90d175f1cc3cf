import {describe, expect, it} from "vitest";
import {backspace, bufferOf, emptyBuffer, insertNewline, insertText, moveCursor, onFirstLine, onLastLine, textOf} from "../../../src/ui/state/textBuffer.js";

describe("textBuffer", () => {
    it("types, breaks lines and joins them again with backspace", () => {
        let b = insertText(emptyBuffer, "3 + ");
        b = insertNewline(b);
        b = insertText(b, "4");
        expect(textOf(b)).toBe("3 + \n4");
        expect([b.row, b.col]).toEqual([1, 1]);
        b = backspace(backspace(b));
        expect(textOf(b)).toBe("3 + ");
        expect([b.row, b.col]).toEqual([0, 4]);
    });

    it("inserts a multi-line paste in the middle of a line, with CRLF normalised", () => {
        const b = insertText(moveCursor(bufferOf("ab"), "left"), "1\r\n2\r\n3");
        expect(textOf(b)).toBe("a1\n2\n3b");
        expect([b.row, b.col]).toEqual([2, 1]);
    });

    it("moves the cursor across lines and clamps the column", () => {
        let b = bufferOf("long line\nx");
        expect(onLastLine(b)).toBe(true);
        b = moveCursor(b, "up");
        expect([b.row, b.col]).toEqual([0, 1]);
        expect(onFirstLine(b)).toBe(true);
        b = moveCursor(moveCursor(b, "end"), "down");
        expect([b.row, b.col]).toEqual([1, 1]);
        b = moveCursor(moveCursor(b, "home"), "left");
        expect([b.row, b.col]).toEqual([0, 9]);
        expect(moveCursor(emptyBuffer, "left")).toBe(emptyBuffer);
        expect(backspace(emptyBuffer)).toBe(emptyBuffer);
    });
});

describe("splitChunk", () => {
    it("splits a burst of input into text runs and one key per control character", async () => {
        const {splitChunk} = await import("../../../src/ui/state/splitChunk.js");
        const key = {upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
            return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false};
        const parts = splitChunk("\t\tab c\r\u0010", key);
        expect(parts.map((p) => [p.input, p.key.tab, p.key.return, p.key.ctrl])).toEqual([
            ["", true, false, false], ["", true, false, false], ["ab c", false, false, false], ["", false, true, false], ["p", false, false, true]
        ]);
        expect(splitChunk("plain text", key)).toEqual([{input: "plain text", key}]);
    });
});
