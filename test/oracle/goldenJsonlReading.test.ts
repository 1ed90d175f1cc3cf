import {describe, expect, it} from "vitest";
import {GoldenSampleError, parseChatml, parseGoldenJsonl} from "../../src/oracle/index.js";
import {mulberry32} from "../helpers/mulberry32.js";

/** ChatML read the plain way (a sticky regular expression, then the conversation's checks), as it first was. */
function referenceChatml(text: string): unknown {
    const turn = /<\|im_start\|>([a-z]+)\n([\s\S]*?)<\|im_end\|>\n?/y;
    const messages: {role: string, content: string}[] = [];
    let at = 0;
    while (at < text.length) {
        turn.lastIndex = at;
        const match = turn.exec(text);
        if (match == null) {
            if (text.slice(at).trim() === "") break;
            return `not ChatML after character ${at}`;
        }
        messages.push({role: match[1]!, content: match[2]!});
        at = turn.lastIndex;
    }
    for (const [i, {role}] of messages.entries()) {
        if (!["system", "user", "assistant"].includes(role)) return `message ${i} has the role ${JSON.stringify(role)}`;
        if (role === "system" && i !== 0) return `message ${i} is a system message after the first`;
    }
    if (!messages.some((m) => m.role === "user")) return "it has no user message";
    if (messages.at(-1)?.role !== "assistant") return "its last message is not an assistant reply";
    if (messages.at(-1)!.content.trim() === "") return "its last assistant reply is empty";
    return messages;
}

function outcome(text: string): unknown {
    try {
        return parseChatml(text).map(({role, content}) => ({role, content}));
    } catch (error) {
        if (!(error instanceof GoldenSampleError)) throw error;
        return error.reason.replace(/^its "text" is (not ChatML after character \d+).*$/, "$1");
    }
}

const fragments = ["<|im_start|>", "<|im_end|>", "user", "assistant", "system", "tool", "User", "\n", "\r\n", " ", "\t", "hi", "Fact: ",
    "<|im_start|>user\n", "<|im_start|>assistant\n", "<|im_start|>system\n", "<|im_end|>\n", "<|im_", "|>", "é😀", "\"", "\\"];

describe("reading golden JSONL", () => {
    it("reads ChatML text exactly as the regular expression did, turns and errors, on 5,000 random texts", () => {
        const random = mulberry32(7);
        let conversations = 0;
        for (let i = 0; i < 5000; i++) {
            let text = "";
            // Mostly well-formed turns, with random fragments between and inside them.
            const turns = Math.floor(random() * 4);
            for (let t = 0; t < turns; t++) {
                const role = ["user", "assistant", "system", "user", "assistant"][Math.floor(random() * 5)]!;
                text += `<|im_start|>${role}\n`;
                for (let f = Math.floor(random() * 4); f > 0; f--) text += fragments[Math.floor(random() * fragments.length)];
                text += random() < 0.9 ? "<|im_end|>" : "";
                if (random() < 0.8) text += "\n";
            }
            if (random() < 0.3) for (let f = Math.floor(random() * 3); f > 0; f--) text += fragments[Math.floor(random() * fragments.length)];
            const expected = referenceChatml(text);
            if (Array.isArray(expected)) conversations++;
            expect(outcome(text), JSON.stringify(text)).toEqual(expected);
        }
        // Enough of both: texts that read and texts refused for each reason.
        expect(conversations).toBeGreaterThan(100);
    });

    it("numbers lines as split(/\\r?\\n/) does: CRLF, blank and white lines, a last line without a newline", () => {
        const line = (user: string) => JSON.stringify({messages: [{role: "user", content: user}, {role: "assistant", content: "ok"}]});
        const text = `${line("a")}\r\n\r\n   \n{bad\r\r\n${line("c")}`;
        expect(() => parseGoldenJsonl(text, "openai")).toThrow(/^line 4: not a usable golden sample: it is not valid JSON/);
        const fine = `${line("a")}\r\n\n \t\n${line("b")}\n${line("c")}`;
        expect(parseGoldenJsonl(fine, "openai").map((c) => c.messages[0]!.content)).toEqual(["a", "b", "c"]);
        expect(() => parseGoldenJsonl(`${fine}\n\n{"messages": [{"role": "user", "content": "x"}]}\n`, "openai"))
            .toThrow(/^line 7: not a usable golden sample: its last message is not an assistant reply/);
        expect(parseGoldenJsonl("", "openai")).toEqual([]);
    });

    it("says where a line is not JSON without quoting its bytes (Node's own message quotes them)", () => {
        let message = "";
        try {
            parseGoldenJsonl('{"messages": [secret-words-of-the-file]}\n', "openai");
        } catch (error) {
            message = (error as Error).message;
        }
        expect(message).toMatch(/^line 1: not a usable golden sample: it is not valid JSON/);
        expect(message).not.toContain("secret");
        expect(() => parseGoldenJsonl('{"messages": [', "openai")).toThrow(/it ends before the JSON value is complete/);
    });
});
