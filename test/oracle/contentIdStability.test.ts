import {createHash} from "node:crypto";
import {describe, expect, it} from "vitest";
import type {ChatMessage} from "../../src/objects/index.js";
import {contentId, isHeldOut, normalizedContent} from "../../src/oracle/index.js";
import {mulberry32} from "../helpers/mulberry32.js";

/**
 * Content ids and the held-out split are stored in users' images: they must never change. These are
 * their definitions, written the plain way (as they were first computed); the code may compute them
 * any faster way that gives the same results on every text.
 */
function referenceContent(messages: readonly ChatMessage[]): string {
    return JSON.stringify(messages.filter((m) => m.role !== "system")
        .map((m) => [m.role, m.content.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim()]));
}

function referenceId(messages: readonly ChatMessage[]): string {
    return createHash("sha256").update(referenceContent(messages)).digest().toString("hex", 0, 8);
}

function referenceHeldOut(id: string, fraction: number): boolean {
    if (fraction <= 0) return false;
    return createHash("sha256").update(`held-out:${id}`).digest().readUInt32BE(0) / 0x1_0000_0000 < fraction;
}

// Every kind of character the normalization treats specially: white space of all kinds (runs, single,
// leading, trailing), letters that fold or NFKC-normalize, quotes and escapes, surrogates.
const alphabet = ["a", "B", "z", " ", " ", "  ", "\t", "\n", "\r\n", "\u00a0", "\u2003", "\u3000", "\u2028", "\ufeff", "\v", "\f",
    "É", "é", "ß", "İ", "Ａ", "ﬁ", "①", "😀", "\ud800", "\udc00", "\"", "\\", "\u0001", "<", ":", ".", "Fact:", "x y", " \t ", "\n\n"];

function randomText(random: () => number): string {
    let text = "";
    const length = Math.floor(random() * 12);
    for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
    return text;
}

describe("content ids and the held-out split never change", () => {
    it("equal their plain definitions on 3,000 random conversations, with every kind of white space and folding", () => {
        const random = mulberry32(20);
        for (let i = 0; i < 3000; i++) {
            const messages: ChatMessage[] = [
                ...(random() < 0.5 ? [{role: "system" as const, content: randomText(random)}] : []),
                {role: "user", content: randomText(random)},
                {role: "assistant", content: randomText(random)},
                ...(random() < 0.3 ? [{role: "user" as const, content: randomText(random)}, {role: "assistant" as const, content: randomText(random)}] : [])
            ];
            expect(normalizedContent(messages)).toBe(referenceContent(messages));
            const id = contentId(messages);
            expect(id).toBe(referenceId(messages));
            for (const fraction of [0, 0.1, 0.5, 1]) expect(isHeldOut(id, fraction)).toBe(referenceHeldOut(id, fraction));
        }
    });

    it("equal their plain definitions on 3,000 random ASCII conversations, every one of its 128 characters", () => {
        const random = mulberry32(21);
        const special = " \t\n\v\f\r\"\\\b\u0000\u001f\u007fAZaz";
        const ascii = (): string => {
            let text = "";
            for (let i = Math.floor(random() * 30); i > 0; i--) {
                // Half white space and the characters JSON escapes, half any ASCII character.
                text += random() < 0.5 ? special[Math.floor(random() * special.length)]! : String.fromCharCode(Math.floor(random() * 128));
            }
            return text;
        };
        for (let i = 0; i < 3000; i++) {
            const messages: ChatMessage[] = [{role: "system", content: ascii()}, {role: "user", content: ascii()}, {role: "assistant", content: ascii()}];
            if (random() < 0.3) messages.push({role: "user", content: `${ascii()}é`}, {role: "assistant", content: ascii()});
            expect(contentId(messages), JSON.stringify(messages)).toBe(referenceId(messages));
        }
    });

    it("keep the ids and sides that images already hold", () => {
        const messages: ChatMessage[] = [{role: "system", content: "You are BRICK."}, {role: "user", content: "Hello  there"},
            {role: "assistant", content: "Premise:\nhi."}];
        expect(contentId(messages)).toBe("0a3c93fcf5a8c3c7");
        expect(["sample-000000", "sample-000001", "sample-000002", "sample-000003", "0f3e0c1b2a4d5e6f"].map((id) => isHeldOut(id, 0.5)))
            .toEqual([true, true, false, false, false]);
    });
});
