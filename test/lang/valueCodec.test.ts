import {describe, expect, it} from "vitest";
import {codec} from "../../src/image/index.js";
import {ValueNotStorableError, decodeValue, encodeValue, printString} from "../../src/lang/index.js";
import {everyKind} from "./helpers/everyKind.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";

/** Evaluates `source`, stores its value through the image's own codec (as a journal line would), and answers the decoded value. */
async function roundTrip(source: string, w = new LangTestWorld()): Promise<{before: unknown, after: unknown, plain: unknown}> {
    const before = await w.interpreter.evaluate(source);
    const plain = codec.parse(codec.stringify(encodeValue(before)));
    const after = decodeValue(plain, {compileBlock: (s) => w.interpreter.blockFromSource(s), classNamed: (name) => w.interpreter.classNamed(name)});
    return {before, after, plain};
}

describe("the value codec: every kind keeps its class through plain, journal-safe data", () => {
    it.each(everyKind)("%s", async (source, printed) => {
        const {before, after} = await roundTrip(source);
        expect(printString(before)).toBe(printed);
        expect(printString(after)).toBe(printed);
        const w = new LangTestWorld();
        const classOf = async (v: unknown) => printString(await w.interpreter.evaluate("x class", {bindings: new Map([["x", v]])}));
        expect(await classOf(after)).toBe(await classOf(before));
    });

    it("keeps identity and cycles inside a value", async () => {
        const w = new LangTestWorld();
        const bindings = new Map<string, unknown>();
        await w.interpreter.evaluate("shared := OrderedCollection with: 1. pair := Array with: shared with: shared. ring := OrderedCollection new. ring add: ring; add: pair", {bindings});
        const plain = codec.parse(codec.stringify(encodeValue(bindings.get("ring"))));
        bindings.set("back", decodeValue(plain));
        expect(printString(await w.interpreter.evaluate("back first == back", {bindings}))).toBe("true");
        expect(printString(await w.interpreter.evaluate("(back at: 2) first == (back at: 2) last", {bindings}))).toBe("true");
        expect(printString(await w.interpreter.evaluate("(back at: 2) first", {bindings}))).toBe("an OrderedCollection(1)");
    });

    it("reads what older images hold as before: arrays, Maps, Sets, records, numbers", () => {
        expect(printString(decodeValue([1, "a", 2.5]))).toBe("#(1 'a' 2.5)");
        expect(printString(decodeValue(new Map([["tea", 3]])))).toBe("a Dictionary('tea'->3 )");
        expect(printString(decodeValue(new Set([1])))).toBe("a Set(1)");
        expect(printString(decodeValue({a: 1}))).toBe("a Record(a: 1)");
        expect(printString(decodeValue(7))).toBe("7");
        expect(printString(decodeValue(0.5))).toBe("0.5");
        // A record of the host that has a "$st" key of its own is stored wrapped, never read as a tag.
        expect(decodeValue(codec.parse(codec.stringify(encodeValue({$st: "Symbol", name: "x"}))))).toEqual({$st: "Symbol", name: "x"});
    });

    it("refuses what cannot be stored, naming it", async () => {
        const w = new LangTestWorld();
        const value = async (source: string) => w.interpreter.evaluate(source);
        expect(() => encodeValue(value)).toThrow(ValueNotStorableError);
        expect(() => encodeValue(new Map())).toThrow(/a HostObject/);
        const closure = await value("| y | y := 2. [:x | x * y]");
        expect(() => encodeValue(closure)).toThrow(/uses variables of the code that made it/);
        expect(() => encodeValue(closure)).toThrow(ValueNotStorableError);
        const selfish = await value("[self]");
        expect(() => encodeValue(selfish)).toThrow(ValueNotStorableError);
        expect(() => encodeValue(Array.from({length: 1}, () => new WeakMap()))).toThrow(ValueNotStorableError);
    });
});
