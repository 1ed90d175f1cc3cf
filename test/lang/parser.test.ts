import {describe, expect, it} from "vitest";
import {Float, ParseError, StSymbol, parseExpression, parseMethod, printString} from "../../src/lang/index.js";
import type {LiteralNode} from "../../src/lang/index.js";
import {sexp} from "./helpers/sexp.js";

function tree(source: string): string {
    return sexp(parseExpression(source));
}

function literal(source: string): unknown {
    const node = parseExpression(source).statements[0] as LiteralNode;
    expect(node.kind).toBe("literal");
    return node.value;
}

function parseError(source: string, parse: (s: string) => unknown = parseExpression): ParseError {
    try {
        parse(source);
    } catch (error) {
        if (error instanceof ParseError) return error;
        throw error;
    }
    throw new Error(`${JSON.stringify(source)} parsed without error`);
}

describe("the parser: valid programs", () => {
    const corpus: [string, string][] = [
        ["3 + 4 * 2", "((3 + 4) * 2)"],
        ["3 + (4 * 2)", "(3 + (4 * 2))"],
        ["2 raisedTo: 3 + 1", "(2 raisedTo: (3 + 1))"],
        ["x foo bar + y baz", "(((x foo) bar) + (y baz))"],
        ["a at: 1 put: b size", "(a at:put: 1 (b size))"],
        ["a max: b + 1; min: 3", "(cascade a [max: (b + 1)] [min: 3])"],
        ["Transcript show: 'a'; cr; show: 'b' , 'c'", "(cascade Transcript [show: 'a'] [cr] [show: ('b' , 'c')])"],
        ["OrderedCollection new add: 1; add: 2; yourself", "(cascade (OrderedCollection new) [add: 1] [add: 2] [yourself])"],
        ["x := y := 3", "(x := (y := 3))"],
        ["| a b | a := 1. b := 2", "|a b| (a := 1). (b := 2)"],
        ["[:x :y | | t | t := x. t + y]", "[:x :y |t| (t := x). (t + y)]"],
        ["[:x || t | t]", "[:x |t| t]"],
        ["[:x]", "[:x ]"],
        ["[]", "[]"],
        ["[^ 3]", "[^3]"],
        ["[[:a | [a]] value: 1] value", "([([:a [a]] value: 1)] value)"],
        ["{1. 2 + 3. #x}", "{1. (2 + 3). #x}"],
        ["{}", "{}"],
        ["3 - -2", "(3 - -2)"],
        ["3-2", "(3 - 2)"],
        ["x-1", "(x - 1)"],
        ["#(1 2) , #(3)", "(#(1 2) , #(3))"],
        ["a == b", "(a == b)"],
        ["a -> b", "(a -> b)"],
        ["\"comment\" 3 \"another\" + \"more\" 4", "(3 + 4)"],
        ["1. 2. . 3.", "1. 2. 3"],
        ["^ self foo", "^(self foo)"],
        ["super printString", "(super printString)"],
        ["thisContext receiver", "(thisContext receiver)"],
        ["x ifTrue: [1] ifFalse: [2]", "(x ifTrue:ifFalse: [1] [2])"],
        ["a\n  b:\n 1", "(a b: 1)"],
        ["#(1 2) printString", "(#(1 2) printString)"]
    ];
    for (const [source, expected] of corpus) {
        it(`parses ${JSON.stringify(source)}`, () => {
            expect(tree(source)).toBe(expected);
        });
    }

    it("reads every literal form", () => {
        expect(literal("42")).toBe(42);
        expect(literal("-42")).toBe(-42);
        expect(literal("12345678901234567890")).toBe(12345678901234567890n);
        expect(literal("16rFF")).toBe(255);
        expect(literal("2r1010")).toBe(10);
        expect(literal("36rZZ")).toBe(1295);
        expect(literal("1e3")).toBe(1000);
        expect(literal("3.25")).toEqual(new Float(3.25));
        expect(literal("1.5e-3")).toEqual(new Float(0.0015));
        expect(literal("2.5e2")).toEqual(new Float(250));
        expect(printString(literal("3.14s2"))).toBe("3.14s2");
        expect(literal("'it''s'")).toBe("it's");
        expect(literal("''")).toBe("");
        expect(literal("#foo")).toBe(StSymbol.intern("foo"));
        expect(literal("#at:put:")).toBe(StSymbol.intern("at:put:"));
        expect(literal("#+")).toBe(StSymbol.intern("+"));
        expect(literal("#'hello world'")).toBe(StSymbol.intern("hello world"));
        expect(printString(literal("$a"))).toBe("$a");
        expect(printString(literal("$ "))).toBe("$ ");
        expect(printString(literal("$'"))).toBe("$'");
        expect(printString(literal("#(1 $a 'b' #c foo at:put: true false nil #(1 2) (3 4) -5 2.5 #[1 2])")))
            .toBe("#(1 $a 'b' #c #foo #at:put: true false nil #(1 2) #(3 4) -5 2.5 #[1 2])");
        expect(Object.isFrozen(literal("#(1 2)"))).toBe(true);
    });

    it("parses methods: unary, binary and keyword patterns with temporaries", () => {
        expect(sexp(parseMethod("greet: name  ^ 'Hello, ', name"))).toBe("<greet:(name)> ^('Hello, ' , name)");
        expect(sexp(parseMethod("at: k put: v | old | old := k. ^ v"))).toBe("<at:put:(k,v) |old|> (old := k). ^v");
        expect(sexp(parseMethod("+ other ^ other"))).toBe("<+(other)> ^other");
        expect(sexp(parseMethod("doesNotUnderstand: aMessage\n  ^ aMessage selector"))).toBe("<doesNotUnderstand:(aMessage)> ^(aMessage selector)");
        const method = parseMethod("size \"a comment\" ^ 3");
        expect(method).toMatchObject({selector: "size", argNames: [], temps: [], source: "size \"a comment\" ^ 3"});
    });

    it("records where every node starts and ends", () => {
        const doit = parseExpression("x := 3 + 4");
        const assign = doit.statements[0]!;
        expect(assign).toMatchObject({kind: "assign", start: 0, end: 10});
    });
});

describe("the parser: invalid programs", () => {
    const corpus: [string, string, number, number][] = [
        ["3 +", "Expected an expression", 1, 4],
        ["(3 + 4", "Expected ) to close", 1, 7],
        ["[:x x]", "Expected | after the block parameters", 1, 5],
        ["[1. 2", "Expected ] to close the block", 1, 6],
        ["'unterminated", "Unterminated string", 1, 1],
        ["\"unterminated", "Unterminated comment", 1, 1],
        ["x := 3.\ny := 4 ]", "Unmatched closing bracket", 2, 8],
        ["x := 3\ny := 4", "Expected a period between statements", 2, 1],
        ["3 4", "Expected a period between statements", 1, 3],
        ["self := 3", "Cannot assign to self", 1, 1],
        ["#(1 2", "Expected ) to close the literal array", 1, 6],
        ["a foo;", "Expected a message after the cascade", 1, 7],
        ["3 ; foo", "A cascade (;) must follow a message send", 1, 3],
        ["{1. ^2}", "A ^ return cannot be an element", 1, 5],
        ["| a a | a", "declared twice", 1, 1],
        ["1 + `x", "Unexpected character", 1, 5],
        ["#", "A # must start a symbol", 1, 1],
        ["$", "A $ must be followed by a character", 1, 1],
        ["37r1", "Radix 37 is out of range", 1, 1],
        ["#[1 256]", "Expected a byte", 1, 5],
        ["x\n\n   foo: ]", "Expected an expression", 3, 9]
    ];
    for (const [source, reason, line, column] of corpus) {
        it(`rejects ${JSON.stringify(source)} at ${line}:${column}`, () => {
            const error = parseError(source);
            expect(error.message).toContain(reason);
            expect({line: error.line, column: error.column}).toEqual({line, column});
            expect(error.source).toBe(source);
        });
    }

    it("shows the spot with a caret under the offending character", () => {
        const error = parseError("| a |\na := 3 + . 4");
        expect(error.snippet()).toBe("a := 3 + . 4\n         ^");
        expect(error.message).toContain("line 2, column 10");
        expect(error.message).toContain(error.snippet());
        expect(error.offset).toBe(15);
    });

    it("rejects malformed method patterns", () => {
        expect(parseError("^ 3", parseMethod).message).toContain("Expected a method pattern");
        expect(parseError("at: 1 put: v", parseMethod).message).toContain("Expected an argument name");
        expect(parseError("foo: self", parseMethod).message).toContain("self cannot be used as an argument name");
        expect(parseError("foo: a bar: a", parseMethod).message).toContain("declared twice");
    });

    it("refuses nesting deeper than the limit instead of overflowing the stack", () => {
        expect(parseError("(".repeat(5000) + "1" + ")".repeat(5000)).message).toContain("nest deeper");
        expect(parseError("[".repeat(5000) + "]".repeat(5000)).message).toContain("nest deeper");
        expect(parseError("#(".repeat(5000) + ")".repeat(5000)).message).toContain("nest deeper");
        expect(tree("(".repeat(100) + "1" + ")".repeat(100))).toBe("1");
    });
});
