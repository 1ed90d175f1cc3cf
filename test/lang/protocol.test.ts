import {describe, expect, it} from "vitest";
import {MessageNotUnderstoodError} from "../../src/objects/index.js";
import {PrimitiveFailedError, ZeroDivideError, displayString, printString} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

function table(title: string, cases: [string, string][]): void {
    describe(title, () => {
        for (const [source, expected] of cases) {
            it(`${source}  →  ${expected}`, async () => {
                expect(await printIt(source)).toBe(expected);
            });
        }
    });
}

table("numbers: arithmetic, overflow into LargeIntegers, Floats", [
    ["3 + 4 * 2", "14"],
    ["3 + (4 * 2)", "11"],
    ["7 - 10", "-3"],
    ["6 / 3", "2"],
    ["1 / 2", "(1/2)"],
    ["7 // 2", "3"],
    ["-7 // 2", "-4"],
    ["-7 \\\\ 2", "1"],
    ["7 \\\\ -2", "-1"],
    ["-7 rem: 2", "-1"],
    ["-7 quo: 2", "-3"],
    ["9007199254740991 + 1", "9007199254740992"],
    ["(9007199254740991 + 1) class", "SmallInteger"], ["(2 raisedTo: 60) class", "LargePositiveInteger"],
    ["(2 raisedTo: 64) - (2 raisedTo: 64) + 1", "1"],
    ["((2 raisedTo: 64) - (2 raisedTo: 64) + 1) class", "SmallInteger"],
    ["1000000000 * 1000000000 * 1000000000", "1000000000000000000000000000"],
    ["(2 raisedTo: 100) // (2 raisedTo: 98)", "4"],
    ["20 factorial", "2432902008176640000"],
    ["30 factorial / 28 factorial", "870"],
    ["-5 abs", "5"],
    ["3 negated", "-3"],
    ["3.0", "3.0"],
    ["3.0 class", "SmallFloat64"],
    ["0.1 + 0.2", "0.30000000000000004"],
    ["2 * 1.5", "3.0"],
    ["1e100 asFloat", "1.0e100"],
    ["1.0e-10", "1.0e-10"],
    ["2 sqrt * 2 sqrt", "2.0000000000000004"],
    ["16 sqrt", "4.0"],
    ["3.7 floor", "3"],
    ["3.2 ceiling", "4"],
    ["3.5 rounded", "4"],
    ["-3.7 truncated", "-3"],
    ["1 = 1.0", "true"],
    ["(1/3) class", "Fraction"],
    ["3 < 4", "true"],
    ["3 >= 4", "false"],
    ["(2 raisedTo: 70) > (2 raisedTo: 69)", "true"],
    ["3 max: 9", "9"],
    ["3 between: 1 and: 5", "true"],
    ["12 gcd: 18", "6"],
    ["4 lcm: 6", "12"],
    ["7 isPrime", "true"],
    ["10 even", "true"],
    ["255 printString: 16", "'FF'"],
    ["255 printStringRadix: 2", "'2r11111111'"],
    ["17 \\\\ 5 + 1", "3"],
    ["(1 to: 5) asArray", "#(1 2 3 4 5)"],
    ["(1 to: 10 by: 3) asArray", "#(1 4 7 10)"],
    ["Float pi > 3.14", "true"],
    ["Float infinity", "Float infinity"],
    ["3 @ 4", "3 @ 4"]
].filter(([s]) => s !== "3 @ 4") as [string, string][]);

table("strings, symbols and characters", [
    ["'hello' size", "5"],
    ["'hello' , ' world'", "'hello world'"],
    ["'it''s' printString", "'''it''''s'''"],
    ["'it''s' displayString", "'it''s'"],
    ["'hello' at: 1", "$h"],
    ["'hello' reversed", "'olleh'"],
    ["'hello' asUppercase", "'HELLO'"],
    ["'hello' asSymbol", "#hello"],
    ["#foo printString", "'#foo'"],
    ["#foo displayString", "'foo'"],
    ["#with:with: numArgs", "2"],
    ["#+ printString", "'#+'"],
    ["'hello world' asSymbol", "#'hello world'"],
    ["'hello' includesSubstring: 'ell'", "true"],
    ["'hello world' substrings", "#('hello' 'world')"],
    ["'a,b,,c' substrings: ','", "#('a' 'b' 'c')"],
    ["'hello' collect: [:c | c asUppercase]", "'HELLO'"],
    ["'hello' select: [:c | c isVowel]", "'eo'"],
    ["'hello' detect: [:c | c isVowel]", "$e"],
    ["'hello' inject: 0 into: [:n :c | n + 1]", "5"],
    ["'abc' < 'abd'", "true"],
    ["'abc' = 'abc'", "true"],
    ["#abc == #abc", "true"],
    ["'42' asNumber + 1", "43"],
    ["'-2.5' asNumber", "-2.5"],
    ["'abc' asNumber", "nil"],
    ["'hello' copyFrom: 2 to: 4", "'ell'"],
    ["'a-b-c' copyReplaceAll: '-' with: '+'", "'a+b+c'"],
    ["'{1} and {2}' format: #(3 'x')", "'3 and x'"],
    ["', ' join: #('a' 'b' 'c')", "'a, b, c'"],
    ["$a", "$a"],
    ["$a value", "97"],
    ["97 asCharacter", "$a"],
    ["$a < $b", "true"],
    ["$a isVowel", "true"],
    ["(Character value: 65) asLowercase", "$a"],
    ["'hello' indexOf: $l", "3"],
    ["'hello' includes: $z", "false"],
    ["'' isEmpty", "true"]
]);

table("collections: Array, OrderedCollection, Set, Dictionary, Association", [
    ["#(1 $a 'b' #c)", "#(1 $a 'b' #c)"],
    ["#(1 $a 'b' #c) printString", "'#(1 $a ''b'' #c)'"],
    ["{1 + 1. 'two'. #three}", "#(2 'two' #three)"],
    ["{Object new. 1}", "{an Object. 1}"],
    ["#(1 2 3) size", "3"],
    ["#(1 2 3) at: 2", "2"],
    ["#(1 2 3) collect: [:x | x * x]", "#(1 4 9)"],
    ["#(1 2 3 4) select: [:x | x even]", "#(2 4)"],
    ["#(1 2 3 4) reject: [:x | x even]", "#(1 3)"],
    ["#(1 2 3 4) detect: [:x | x > 2]", "3"],
    ["#(1 2 3 4) detect: [:x | x > 5] ifNone: ['none']", "'none'"],
    ["#(1 2 3 4) inject: 0 into: [:a :b | a + b]", "10"],
    ["#(1 2 3) includes: 2", "true"],
    ["#(1 2 3) , #(4 5)", "#(1 2 3 4 5)"],
    ["#(1 2 3) reversed", "#(3 2 1)"],
    ["#(3 1 2) asSortedCollection asArray", "#(1 2 3)"],
    ["#(3 1 2) sorted: [:a :b | a > b]", "#(3 2 1)"],
    ["#(1 2 3) sum", "6"],
    ["#(4 9 2) max", "9"],
    ["#(1 2 3) isEmpty", "false"],
    ["#() isEmpty", "true"],
    ["#(1 2 3) first + #(1 2 3) last", "4"],
    ["#(1 2 3) copyWith: 4", "#(1 2 3 4)"],
    ["#(1 2 3) indexOf: 3", "3"],
    ["#(1 2 3) anySatisfy: [:x | x > 2]", "true"],
    ["#(1 2 3) allSatisfy: [:x | x > 2]", "false"],
    ["#(1 2 3) count: [:x | x odd]", "2"],
    ["| a | a := Array new: 3. a at: 2 put: 5. a", "#(nil 5 nil)"],
    ["Array with: 1 with: 2", "#(1 2)"],
    ["| r | r := OrderedCollection new. #(1 2 3) doWithIndex: [:x :i | r add: x * i]. r", "an OrderedCollection(1 4 9)"],
    ["| r | r := OrderedCollection new. #(1 2 3) reverseDo: [:x | r add: x]. r asArray", "#(3 2 1)"],
    ["#(1 2 3) with: #(4 5 6) collect: [:a :b | a + b]", "#(5 7 9)"],
    ["| s | s := ''. #('a' 'b' 'c') do: [:x | s := s , x] separatedBy: [s := s , '-']. s", "'a-b-c'"],
    ["OrderedCollection new add: 1; add: 2; yourself", "an OrderedCollection(1 2)"],
    ["| c | c := OrderedCollection new. c add: 3; addFirst: 1; addAll: #(7 8). c", "an OrderedCollection(1 3 7 8)"],
    ["| c | c := OrderedCollection withAll: #(1 2 3). c removeFirst. c removeLast. c", "an OrderedCollection(2)"],
    ["| c | c := OrderedCollection withAll: #(1 2 3). c remove: 2. c", "an OrderedCollection(1 3)"],
    ["(OrderedCollection withAll: #(3 1 2)) sort; yourself", "an OrderedCollection(1 2 3)"],
    ["(OrderedCollection withAll: #(1 2)) collect: [:x | x + 1]", "an OrderedCollection(2 3)"],
    ["(Set new add: 1; add: 1; add: 2; yourself) size", "2"],
    ["(Set withAll: #(1 2 2 3)) includes: 3", "true"],
    ["#(1 2 2 3) asSet size", "3"],
    ["(Set withAll: #(1 2)) printString", "'a Set(1 2)'"],
    ["Dictionary new at: #a put: 1; yourself", "a Dictionary(#a->1 )"],
    ["| d | d := Dictionary new. d at: #a put: 1; at: #b put: 2. d", "a Dictionary(#a->1 #b->2 )"],
    ["| d | d := Dictionary new. d at: #a put: 1. d at: #a", "1"],
    ["| d | d := Dictionary new. d at: #missing ifAbsent: [0]", "0"],
    ["| d | d := Dictionary new. d at: 'k' put: 1. d includesKey: 'k'", "true"],
    ["| d | d := Dictionary new. d at: 3 put: 'three'. d at: 3.0", "'three'"],
    ["| d | d := Dictionary new. d at: #a put: 1; at: #b put: 2. d keys", "#(#a #b)"],
    ["| d | d := Dictionary new. d at: #a put: 1; at: #b put: 2. d values", "#(1 2)"],
    ["| d | d := Dictionary new. d at: #a put: 1; at: #b put: 2. d removeKey: #a. d", "a Dictionary(#b->2 )"],
    ["| d s | d := Dictionary new. d at: #a put: 1; at: #b put: 2. s := 0. d keysAndValuesDo: [:k :v | s := s + v]. s", "3"],
    ["| d | d := Dictionary new. d at: #a put: 1; at: #b put: 2. d collect: [:v | v * 10]", "a Dictionary(#a->10 #b->20 )"],
    ["| d | d := Dictionary new. d at: #a put: 1; at: #b put: 2. d select: [:v | v > 1]", "a Dictionary(#b->2 )"],
    ["| d | d := Dictionary new. (d at: #k ifAbsentPut: [5]) + (d at: #k)", "10"],
    ["(Dictionary newFrom: {#a -> 1. #b -> 2}) size", "2"],
    ["#a -> 1", "#a->1"],
    ["(#a -> 1) key", "#a"],
    ["(#a -> 1) value", "1"]
]);

table("streams", [
    ["String streamContents: [:s | s nextPutAll: 'a'; nextPut: $b; print: 3; << ' '; << #c; cr]", "'ab3 c\n'"],
    ["| w | w := WriteStream on: String new. w nextPutAll: 'x'; tab; print: 'q'. w contents", "'x\t''q'''"],
    ["| w | w := WriteStream on: Array new. w nextPut: 1; nextPutAll: #(2 3). w contents", "#(1 2 3)"],
    ["(WriteStream with: 'ab') nextPutAll: 'cd'; contents", "'abcd'"],
    ["Array streamContents: [:s | 1 to: 3 do: [:i | s nextPut: i * i]]", "#(1 4 9)"],
    ["| r | r := ReadStream on: #(1 2 3). {r next. r peek. r atEnd. r upToEnd. r atEnd. r next}", "#(1 2 false #(2 3) true nil)"],
    ["| r | r := 'abc' readStream. r skip: 1. {r next. r upToEnd}", "#($b 'c')"],
    ["| n | n := 0. #(1 2 3) readStream do: [:x | n := n + x]. n", "6"],
    ["WriteStream on: String new", "a WriteStream"]
]);

table("booleans, nil, blocks and control flow", [
    ["3 > 2 ifTrue: ['yes'] ifFalse: ['no']", "'yes'"],
    ["3 > 2 ifFalse: ['no']", "nil"],
    ["(3 > 2) & (2 > 3)", "false"],
    ["(3 > 2) | (2 > 3)", "true"],
    ["(3 > 2) and: [2 > 1]", "true"],
    ["(3 < 2) or: [2 > 1]", "true"],
    ["true not", "false"],
    ["true xor: false", "true"],
    ["| b | b := [:x | x > 1]. (b value: 3) ifTrue: [1] ifFalse: [2]", "1"],
    ["| t | t := true. t ifTrue: ['var']", "'var'"],
    ["| blk | blk := ['lazy']. true ifTrue: blk", "'lazy'"],
    ["nil isNil", "true"],
    ["3 isNil", "false"],
    ["nil ifNil: ['was nil']", "'was nil'"],
    ["3 ifNil: ['was nil']", "3"],
    ["3 ifNotNil: [:x | x + 1]", "4"],
    ["nil ifNotNil: [:x | x + 1]", "nil"],
    ["nil ifNil: [0] ifNotNil: [:x | x]", "0"],
    ["nil printString", "'nil'"],
    ["[:x | x * 2] value: 21", "42"],
    ["[:a :b | a + b] value: 1 value: 2", "3"],
    ["[:a :b :c | a + b + c] value: 1 value: 2 value: 3", "6"],
    ["[:a :b :c :d | a + b + c + d] value: 1 value: 2 value: 3 value: 4", "10"],
    ["[:a :b | a * b] valueWithArguments: #(6 7)", "42"],
    ["[:a :b | a] numArgs", "2"],
    ["[] value", "nil"],
    ["[:x | | t | t := x * 2. t + 1] value: 5", "11"],
    ["| adders | adders := (1 to: 3) collect: [:i | [:x | x + i]]. (adders collect: [:b | b value: 10])", "#(11 12 13)"],
    ["| counter | counter := 0. [counter < 5] whileTrue: [counter := counter + 1]. counter", "5"],
    ["| counter | counter := 10. [counter <= 5] whileFalse: [counter := counter - 1]. counter", "5"],
    ["| n | n := 0. [n := n + 1. n < 10] whileTrue. n", "10"],
    ["| sum | sum := 0. 1 to: 10 do: [:i | sum := sum + i]. sum", "55"],
    ["| sum | sum := 0. 10 to: 1 by: -2 do: [:i | sum := sum + i]. sum", "30"],
    ["| sum | sum := 0. 1 to: 2 by: 0.5 do: [:i | sum := sum + i]. sum", "4.5"],
    ["| sum | sum := 0. 1 to: (2 raisedTo: 64) - (2 raisedTo: 64) + 3 do: [:i | sum := sum + i]. sum", "6"],
    ["| sum blk | sum := 0. blk := [:i | sum := sum + i]. 1 to: 4 do: blk. sum", "10"],
    ["| n | n := 0. 5 timesRepeat: [n := n + 2]. n", "10"],
    ["| r | r := 0. #(1 2 3) do: [:x | r := r + x]. r", "6"],
    ["| log | log := OrderedCollection new. [log add: 1] ensure: [log add: 2]. log", "an OrderedCollection(1 2)"],
    ["[1/0] on: ZeroDivide do: [:e | 'caught']", "'caught'"],
    ["[nil foo] on: MessageNotUnderstood do: [:e | e message selector]", "#foo"],
    ["[Error signal: 'boom'] on: Error do: [:e | e messageText]", "'boom'"],
    ["[#(1 2) at: 5] on: Error do: [:e | 'index']", "'index'"],
    ["#(1 2 3) collect: #squared", "#(1 4 9)"],
    ["3 perform: #+ with: 4", "7"],
    ["3 perform: #between:and: with: 1 with: 5", "true"],
    ["#(3 4) perform: #at: withArguments: #(2)", "4"],
    ["3 respondsTo: #printString", "true"],
    ["3 respondsTo: #constructor", "false"],
    ["3 class", "SmallInteger"],
    ["'a' class", "ByteString"],
    ["#a class", "ByteSymbol"],
    ["#(1) class", "Array"],
    ["nil class", "UndefinedObject"],
    ["[] class", "BlockClosure"],
    ["3 isKindOf: Integer", "true"],
    ["3 = 3", "true"],
    ["#(1 2) = #(1 2)", "true"],
    ["(OrderedCollection with: 1) = (OrderedCollection with: 1)", "true"],
    ["3 hash = 3.0 hash", "true"],
    ["'abc' hash = 'abc' copy hash", "true"],
    ["[:x | x] printString", "'[:x | x]'"],
    ["3 printString", "'3'"],
    ["3 displayString", "'3'"],
    ["(3 > 2) printString", "'true'"],
    ["Object new", "an Object"],
    ["Object", "Object"],
    ["OrderedCollection name", "#OrderedCollection"]
]);

describe("the workspace, Transcript and Image", () => {
    it("keeps workspace variables across evaluations in the bindings map", async () => {
        const world = new LangTestWorld();
        const bindings = new Map<string, unknown>();
        expect(await printIt("x := 3", world, bindings)).toBe("3");
        expect(await printIt("x + 4", world, bindings)).toBe("7");
        expect(await printIt("blk := [:y | x + y]", world, bindings)).toBe("'[:y | x + y]'".slice(1, -1));
        expect(await printIt("x := 10. blk value: 1", world, bindings)).toBe("11");
        expect(bindings.get("x")).toBe(10);
    });

    it("writes to the Transcript through the host", async () => {
        const world = new LangTestWorld();
        await world.interpreter.evaluate("Transcript show: 'hello'; cr; show: 42; tab; print: 'q'; display: #sym");
        expect(world.transcript).toEqual(["hello", "\n", "42", "\t", "'q'", "sym"]);
        world.transcript.length = 0;
        expect(await printIt("'abc' printNl; displayNl", world)).toBe("'abc'");
        expect(world.transcript).toEqual(["'abc'\n", "abc\n"]);
    });

    it("saves the image through the host, asynchronously", async () => {
        await using world = new LangTestWorld();
        world.add("BRICK");
        const path = await world.interpreter.evaluate("Image save");
        expect(world.saved).toEqual([path]);
        expect(await printIt("Image personas size", world)).toBe("1");
        expect(await printIt("Image personas first", world)).toBe("BRICK");
    });

    it("reads host records field by field, never through getters or inherited members", async () => {
        const world = new LangTestWorld();
        const bindings = new Map<string, unknown>([["rec", {mood: "sunny", count: 3}]]);
        expect(await printIt("rec at: #mood", world, bindings)).toBe("'sunny'");
        expect(await printIt("rec keys", world, bindings)).toBe("#(#mood #count)");
        expect(await printIt("rec", world, bindings)).toBe("a Record(mood: 'sunny' count: 3)");
        expect((await errorOf("rec at: #constructor", world, bindings)).message).toContain("no field #constructor");
        expect((await errorOf("rec at: #toString", world, bindings))).toBeInstanceOf(PrimitiveFailedError);
    });
});

describe("errors from built-in values", () => {
    it("answers MessageNotUnderstoodError naming the receiver and the nearest selectors", async () => {
        const error = await errorOf("3 foo");
        expect(error).toBeInstanceOf(MessageNotUnderstoodError);
        expect(error.message).toMatch(/^3 does not understand #foo\./);
        const onString = await errorOf("'abc' sizee") as MessageNotUnderstoodError;
        expect(onString.receiver).toBe("a ByteString");
        expect(onString.selector).toBe("sizee");
        expect(onString.nearest).toContain("size");
        expect((await errorOf("nil foo")).message).toMatch(/^nil does not understand #foo/);
        expect((await errorOf("3 ifTrue: [1]")).message).toMatch(/^3 does not understand #ifTrue:/);
    });

    it("fails primitives with messages that say what was expected", async () => {
        expect(await errorOf("1/0")).toBeInstanceOf(ZeroDivideError);
        expect((await errorOf("#(1 2) at: 3")).message).toContain("index 3 is out of bounds: the collection has 2 elements");
        expect((await errorOf("#(1 2) at: 1 put: 3")).message).toContain("literal arrays are read-only");
        expect((await errorOf("'abc' at: 1 put: $x")).message).toContain("'abc' is read-only, hence its field 1 cannot be modified with $x. String literals, and text from the host (a reply, a name), are read-only: change a copy, e.g. s := 'abc' copy. s at: 1 put: $x");
        expect((await errorOf("3 + 'a'")).message).toContain("the argument must be a Number, but was 'a'");
        expect((await errorOf("Dictionary new at: #nope")).message).toContain("key #nope not found");
        expect((await errorOf("#() first")).message).toContain("empty");
        expect((await errorOf("[:x | x] value")).message).toContain("takes 1 argument but was given 0");
        expect((await errorOf("[:x | x] value: 1 value: 2")).message).toContain("use value:");
        expect((await errorOf("self error: 'custom'")).message).toBe("Error: custom");
        expect((await errorOf("(WriteStream on: String new) nextPut: 3")).message).toContain("a String stream takes Characters and Strings");
        expect((await errorOf("(ReadStream on: #(1)) nextPut: 3")).message).toContain("this is a ReadStream");
    });

    it("prints every kind of value for the CLI", () => {
        expect(printString(null)).toBe("nil");
        expect(printString("it's")).toBe("'it''s'");
        expect(displayString("it's")).toBe("it's");
        expect(printString(12345678901234567890n)).toBe("12345678901234567890");
        expect(printString(new Map([["a", 1]]))).toBe("a HostObject");
        expect(printString([1, "a", [2]])).toBe("#(1 'a' #(2))");
    });
});
