import {describe, expect, it} from "vitest";
import {contentId, isHeldOut, normalizedContent} from "../../src/oracle/index.js";

describe("the held-out split and duplicate detection", () => {
    it("holds out a fixed fraction, the same samples every time", () => {
        const ids = Array.from({length: 4000}, (_, i) => `sample-${i}`);
        const held = ids.filter((id) => isHeldOut(id, 0.1));
        expect(held.length / ids.length).toBeGreaterThan(0.085);
        expect(held.length / ids.length).toBeLessThan(0.115);
        expect(ids.filter((id) => isHeldOut(id, 0.1))).toEqual(held);
        // A larger fraction keeps every sample already held out: the validation set only grows.
        const more = new Set(ids.filter((id) => isHeldOut(id, 0.3)));
        expect(held.every((id) => more.has(id))).toBe(true);
        expect(ids.some((id) => isHeldOut(id, 0))).toBe(false);
    });

    it("treats case, spacing and the system prompt as the same content", () => {
        const a = [{role: "system" as const, content: "You are BRICK."}, {role: "user" as const, content: "Hello  there"}, {role: "assistant" as const, content: "Premise:\nhi."}];
        const b = [{role: "user" as const, content: " hello there "}, {role: "assistant" as const, content: "premise: HI."}];
        const c = [{role: "user" as const, content: "hello there"}, {role: "assistant" as const, content: "premise: hi!"}];
        expect(normalizedContent(a)).toBe(normalizedContent(b));
        expect(contentId(a)).toBe(contentId(b));
        expect(contentId(a)).not.toBe(contentId(c));
    });
});
