import {describe, expect, it} from "vitest";
import {send} from "../../src/objects/index.js";
import {codec} from "../../src/image/index.js";
import {decodeValue, encodeValue, printString, toHost} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

/**
 * Strings you can change, as in Pharo 11: literals are read-only (ModificationForbidden), and every
 * String a send makes (copy, `,`, String new:, streamContents:, printString, asString of a Symbol…)
 * is a new one that at:put:, replaceAll:with:, replaceFrom:to:with: change in place.
 */
describe("strings you can change", () => {
    it.each([
        ["'abc' copy at: 1 put: $X; yourself", "'Xbc'"],
        ["| s | s := 'ab' , 'c'. s at: 3 put: $Z. s", "'abZ'"],
        ["| s | s := #abc asString. s at: 1 put: $x. s", "'xbc'"],
        ["| s | s := 42 printString. s at: 1 put: $5. s", "'52'"],
        ["| s | s := 'abc' asUppercase. s at: 1 put: $a. s", "'aBC'"],
        ["| s | s := String streamContents: [:w | w nextPutAll: 'hi']. s at: 2 put: $o. s", "'ho'"],
        ["| w s | w := WriteStream on: String new. w nextPutAll: 'ab'; nextPut: $c. s := w contents. s at: 1 put: $z. s", "'zbc'"],
        ["| s | s := ('a b' substrings) first. s at: 1 put: $q. s", "'q'"],
        ["| s | s := (String new: 2) atAllPut: $k; yourself. s", "'kk'"],
        ["(String new: 3) first value", "0"],
        ["(String new: 2) = (String with: (Character value: 0) with: (Character value: 0))", "true"],
        ["'hello world' copy replaceAll: $o with: $0; yourself", "'hell0 w0rld'"],
        ["'abcdef' copy replaceFrom: 2 to: 4 with: 'XYZ'; yourself", "'aXYZef'"],
        ["'abcdef' copy replaceFrom: 1 to: 2 with: 'uvwxyz' startingAt: 3; yourself", "'wxcdef'"],
        ["'abc' copy translateToUppercase; yourself", "'ABC'"],
        ["'abc' copy swap: 1 with: 3; yourself", "'cba'"],
        ["'hello' copy sort; yourself", "'ehllo'"],
        ["'hello' copy sort: [:a :b | a >= b]; yourself", "'ollhe'"],
        ["| s t | s := 'abc' copy. t := s. t at: 1 put: $Q. s", "'Qbc'"],
        ["| s | s := 'abc' copy. s copy at: 1 put: $Q. s", "'abc'"],
        ["| s | s := 'abc' copy. s asString == s", "true"],
        ["'abc' copy class", "ByteString"],
        ["'abc' copy isString", "true"],
        ["{'a' copy. 'b' , 'c'}", "#('a' 'bc')"],
        ["'it''s' copy printString", "'''it''''s'''"],
        ["'abc' copy displayString", "'abc'"],
        ["'abc' copy size", "3"],
        ["'abc' copy reversed", "'cba'"],
        ["'abc' copy , 'def' copy", "'abcdef'"],
        ["('abc' copy collect: [:c | c asUppercase]) class", "ByteString"],
        ["'abc' copy asSymbol == #abc", "true"],
        ["('a:b' copy subStrings: ':') last", "'b'"],
        ["('abc' copy includesSubstring: 'bc' copy)", "true"]
    ])("%s ==> %s", async (source, expected) => {
        expect(await printIt(source)).toBe(expected);
    });

    it("compares by contents, hashes by contents and keeps identity apart", async () => {
        expect(await printIt("'abc' copy = 'abc'")).toBe("true");
        expect(await printIt("'abc' = 'abc' copy")).toBe("true");
        expect(await printIt("'abc' copy == 'abc'")).toBe("false");
        expect(await printIt("| s | s := 'abc' copy. s == s")).toBe("true");
        expect(await printIt("'abc' copy hash = 'abc' hash")).toBe("true");
        // Pharo 11: String>>= asks isString (a Symbol is one); Symbol>>= is identity.
        expect(await printIt("'abc' = #abc")).toBe("true");
        expect(await printIt("'abc' copy = #abc")).toBe("true");
        expect(await printIt("#abc = 'abc'")).toBe("false");
        expect(await printIt("#abc = 'abc' copy")).toBe("false");
        expect(await printIt("'abc' copy < 'abd' copy")).toBe("true");
        expect(await printIt("(Set new add: 'a'; add: 'a' copy; add: 'a' , ''; yourself) size")).toBe("1");
        expect(await printIt("| d | d := Dictionary new. d at: 'k' copy put: 1. d at: 'k'")).toBe("1");
        expect(await printIt("| d | d := Dictionary new. d at: 'k' put: 1. d at: 'k' copy")).toBe("1");
        expect(await printIt("#('a' 'b') includes: 'b' copy")).toBe("true");
        expect(await printIt("#('a' 'b') indexOf: 'b' copy")).toBe("2");
        expect(await printIt("(OrderedCollection with: 'x' copy with: 'x') occurrencesOf: 'x'")).toBe("2");
        expect(await printIt("('abc' copy -> 1) key = 'abc'")).toBe("true");
    });

    it("refuses to change a literal or a Symbol with ModificationForbidden, which a handler can catch", async () => {
        expect(await printIt("['abc' at: 1 put: $X] on: ModificationForbidden do: [:e | e messageText]"))
            .toBe("'Modification forbidden: ''abc'' is read-only, hence its field 1 cannot be modified with $X'");
        expect(await printIt("['hello world' replaceAll: $o with: $0] on: Error do: [:e | e class]")).toBe("ModificationForbidden");
        expect(await printIt("[#abc at: 1 put: $x] on: ModificationForbidden do: [:e | #refused]")).toBe("#refused");
        expect(await printIt("['abc' replaceFrom: 1 to: 1 with: 'z'] on: ModificationForbidden do: [:e | #refused]")).toBe("#refused");
        const error = await errorOf("'abc' at: 1 put: $X");
        expect((error as {userError?: boolean}).userError).toBe(true);
        expect(error.message).toContain("'abc' is read-only");
        expect(error.message).toContain("change a copy");
        // A literal is unchanged by the refusal, and a method's literal stays the same for the next run.
        const w = new LangTestWorld();
        w.add("BRICK", ["lit ^ 'abc'", "poke ^ self lit copy at: 1 put: $Z; yourself"]);
        expect(await printIt("BRICK poke", w)).toBe("'Zbc'");
        expect(await printIt("BRICK lit", w)).toBe("'abc'");
    });

    it("says clearly what is wrong with an index or an element", async () => {
        expect((await errorOf("'abc' copy at: 4 put: $x")).message).toContain("index 4 is out of bounds");
        expect((await errorOf("'abc' copy at: 1 put: 65")).message).toContain("a String holds Characters, not 65");
        expect((await errorOf("'abc' copy replaceFrom: 2 to: 5 with: 'wxyz'")).message).toContain("2 to 5 is outside 1 to 3");
        expect((await errorOf("'abc' copy replaceFrom: 1 to: 3 with: 'xy'")).message).toContain("do not fit");
        expect((await errorOf("'abc' copy at: 1 put: (Character value: 128512)")).message).toContain("beyond U+FFFF");
        for (const source of ["'abc' copy at: 4 put: $x", "'abc' copy at: 1 put: 65", "'abc' copy replaceFrom: 2 to: 5 with: 'wxyz'"])
            expect((await errorOf(source) as {userError?: boolean}).userError).toBe(true);
    });

    it("reaches no host property through a String", async () => {
        for (const selector of ["constructor", "toString", "toJSON", "text", "codes", "units", "__proto__", "valueOf"])
            expect(await printIt(`'abc' copy respondsTo: #${selector}`)).toBe("false");
        expect((await errorOf("'abc' copy perform: #constructor")).message).toMatch(/does not understand #constructor/);
        expect((await errorOf("'abc' copy instVarNamed: 'text'")).message).toContain("has no named instance variables");
    });

    it("crosses to the host as text, and keeps its identity between Smalltalk methods", async () => {
        const w = new LangTestWorld();
        w.add("BRICK", ["poke: s  s at: 1 put: $Z. ^ s", "shout: s  ^ s asUppercase"]);
        expect(await printIt("| s | s := 'abc' copy. (BRICK poke: s) == s", w)).toBe("true");
        expect(await printIt("| s | s := 'abc' copy. BRICK poke: s. s", w)).toBe("'Zbc'");
        // Called from TypeScript, a method's String answer is host text.
        expect(send(w.byName("BRICK")!, "shout:", ["abc"])).toBe("ABC");
        // What a run answers to the host is text; the run's own variables keep the object.
        expect(await w.interpreter.evaluate("'ab' , 'c'")).toBe("abc");
        const bindings = new Map<string, unknown>();
        await w.interpreter.evaluate("s := 'abc' copy", {bindings});
        expect(toHost(bindings.get("s"))).toBe("abc");
        expect(toHost([bindings.get("s")])).toEqual(["abc"]);
        expect(await printIt("s at: 2 put: $-. s", w, bindings)).toBe("'a-c'");
        await w.interpreter.evaluate("Transcript show: s; show: 3 printString", {bindings});
        expect(w.transcript.join("")).toBe("a-c3");
    });

    it("round-trips through the value codec with its identity, still changeable; a literal stays read-only", async () => {
        const w = new LangTestWorld();
        const bindings = new Map<string, unknown>();
        await w.interpreter.evaluate("s := 'abc' copy. pair := Array with: s with: s with: 'lit' with: (OrderedCollection with: s)", {bindings});
        const plain = codec.parse(codec.stringify(encodeValue(bindings.get("pair"))));
        bindings.set("back", decodeValue(plain));
        expect(await printIt("back", w, bindings)).toBe("{'abc'. 'abc'. 'lit'. an OrderedCollection('abc')}");
        expect(await printIt("(back at: 1) == (back at: 2)", w, bindings)).toBe("true");
        expect(await printIt("(back at: 4) first == (back at: 1)", w, bindings)).toBe("true");
        expect(await printIt("(back at: 1) at: 1 put: $X. back at: 2", w, bindings)).toBe("'Xbc'");
        expect(await printIt("(back at: 1) == s", w, bindings)).toBe("false");
        expect(await printIt("[(back at: 3) at: 1 put: $X] on: ModificationForbidden do: [:e | #readOnly]", w, bindings)).toBe("#readOnly");
        expect(printString(decodeValue({$st: "String", text: "it's"}))).toBe("'it''s'");
    });
});
