import {describe, expect, it} from "vitest";
import {MessageNotUnderstoodError} from "../../src/objects/index.js";
import {ParseError, SmalltalkRuntimeError, displayString, printString} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {mulberry32} from "../helpers/mulberry32.js";

const prng = mulberry32;

const corpus = [
    "3 + 4 * 2", "| a b | a := 3. b := a + 1. ^ a * b", "#(1 $a 'b' #c #(1 2)) collect: [:x | x printString]",
    "OrderedCollection new add: 1; add: 2; yourself", "| d | d := Dictionary new. d at: #k put: 3. d at: #k",
    "[:x :y | | t | t := x + y. t * 2] value: 1 value: 2", "1 to: 10 do: [:i | i printString]",
    "#(3 1 2) asSortedCollection asArray", "'hello' reversed asUppercase , ' world'", "(1 to: 5) inject: 0 into: [:a :b | a + b]",
    "[1/0] on: ZeroDivide do: [:e | e messageText]", "BRICK greet: 'x'", "BRICK at: #mood put: 'sunny'", "BRICK fact: 5",
    "ROBIN frobnicate: 3", "{1. 2 + 3. #x -> 4}", "3 > 2 ifTrue: ['yes'] ifFalse: ['no']", "nil ifNil: [1] ifNotNil: [:x | x]",
    "| n | n := 0. [n < 10] whileTrue: [n := n + 1]. n", "16rFF printString: 2", "2 raisedTo: 100", "1e10 sqrt",
    "thisContext tempNames", "Transcript show: 'x'; cr", "#(1 2 3) detect: [:x | x > 5] ifNone: [nil]", "$a asInteger + 1",
    "(Set withAll: #(1 2 2)) size", "[:x | ^ x] value: 3", "| b | b := [:k | k]. b numArgs", "3 perform: #+ with: 4",
    "'a,b' substrings: ','", "-7 \\\\ 2", "100 factorial printString size", "(2/3) printString", "#sym , 'str'",
    "| s | s := 0. #(1 2 3) doWithIndex: [:e :i | s := s + (e * i)]. s", "super printString", "self class",
    "[:a | a] valueWithArguments: #(1)", "Object new printString", "1.5e3 rounded", "#(1 2) , 'ab'",
    "String streamContents: [:s | s print: 3; nextPutAll: 'x']", "(ReadStream on: #(1 2)) next", "BRICK isNil",
    "BRICK perform: #fact: with: 3", "| bs | bs := OrderedCollection new. 1 to: 3 do: [:i | bs add: [i]]. bs", "[:x | x] ensure: [1]"
];

const tokens = [
    "3", "-4", "0", "1.5", "2r101", "16rFF", "1e3", "12345678901234567890", "'str'", "''", "#sym", "#at:put:", "#+", "$a", "$ ",
    "#(1 2)", "#()", "{", "}", "(", ")", "[", "]", ":x", ":y", "|", "||", ".", ";", "^", ":=", "x", "y", "self", "super", "nil",
    "true", "false", "thisContext", "BRICK", "ROBIN", "Transcript", "Object", "Array", "OrderedCollection", "Dictionary", "Set",
    "+", "-", "*", "/", "//", "\\\\", "<", ">", "=", "==", "~=", ",", "->", "@", "&",
    "printString", "size", "value", "value:", "at:", "put:", "at:put:", "do:", "collect:", "select:", "inject:", "into:",
    "ifTrue:", "ifFalse:", "whileTrue:", "whileTrue", "to:", "do:", "timesRepeat:", "new", "new:", "add:", "yourself", "reversed",
    "isNil", "ifNil:", "and:", "or:", "not", "perform:", "with:", "class", "name", "constructor", "__proto__", "greet:", "fact:",
    "\"comment\"", "'unterminated", "\"open", "#", "$", "`", "!", "e", "r", "s", "\n", " "
];

function randomTokens(random: () => number): string {
    const n = 1 + Math.floor(random() * 14);
    const parts: string[] = [];
    for (let i = 0; i < n; i++) parts.push(tokens[Math.floor(random() * tokens.length)]!);
    return parts.join(random() < 0.8 ? " " : "");
}

function mutate(source: string, random: () => number): string {
    let text = source;
    const edits = 1 + Math.floor(random() * 4);
    for (let e = 0; e < edits; e++) {
        const at = Math.floor(random() * (text.length + 1));
        const choice = random();
        if (choice < 0.3) text = text.slice(0, at) + text.slice(at + 1 + Math.floor(random() * 3));
        else if (choice < 0.6) text = text.slice(0, at) + tokens[Math.floor(random() * tokens.length)]! + text.slice(at);
        else if (choice < 0.8) {
            const other = corpus[Math.floor(random() * corpus.length)]!;
            const from = Math.floor(random() * other.length);
            text = text.slice(0, at) + other.slice(from, from + 1 + Math.floor(random() * 12)) + text.slice(at);
        } else text = text.slice(0, at) + String.fromCharCode(32 + Math.floor(random() * 95)) + text.slice(at);
    }
    return text;
}

/** A random well-formed expression, so the interpreter (not only the parser) is exercised. */
function expression(random: () => number, depth: number): string {
    const literals = ["3", "-2", "0", "1.5", "'ab'", "#s", "$c", "#(1 2 3)", "nil", "true", "x", "(2 raisedTo: 70)", "BRICK", "{1. 'a'}"];
    if (depth > 3 || random() < 0.3) return literals[Math.floor(random() * literals.length)]!;
    const receiver = expression(random, depth + 1);
    const arg = () => expression(random, depth + 1);
    const block = (args: number) => `[${[":a", ":b"].slice(0, args).join(" ")}${args > 0 ? " |" : ""} ${expression(random, depth + 1)}]`;
    const forms = [
        () => `${receiver} ${["printString", "size", "abs", "negated", "isNil", "reversed", "asString", "first", "class", "value", "sqrt", "asArray", "hash"][Math.floor(random() * 13)]}`,
        () => `(${receiver} ${["+", "-", "*", "/", "//", "\\\\", "<", "=", ",", "->", "max:", "at:", "includes:"][Math.floor(random() * 13)]} ${arg()})`,
        () => `(${receiver} collect: ${block(1)})`,
        () => `(${receiver} inject: ${arg()} into: ${block(2)})`,
        () => `(${receiver} ifTrue: ${block(0)} ifFalse: ${block(0)})`,
        () => `(${receiver} to: ${arg()} do: ${block(1)})`,
        () => `(${block(0)} on: Error do: [:e | e messageText])`,
        () => `(x := ${receiver})`,
        () => `(${receiver} perform: #${["size", "printString", "yourself", "constructor"][Math.floor(random() * 4)]})`,
        () => `{${receiver}. ${arg()}}`,
        () => `(${receiver} at: ${arg()} put: ${arg()})`
    ];
    return forms[Math.floor(random() * forms.length)]!();
}

function expected(error: unknown): boolean {
    return error instanceof ParseError || error instanceof SmalltalkRuntimeError || error instanceof MessageNotUnderstoodError;
}

describe("fuzzing the parser and the interpreter", () => {
    it("ends every one of 10,000 random and mutated inputs in a value, a ParseError or a run error", async () => {
        const world = new LangTestWorld({stepBudget: 5_000, maxDepth: 200});
        world.host.image.save = async () => "not saved in the fuzz test";
        world.host.image.saveAs = async () => "not saved in the fuzz test";
        world.add("BRICK", ["greet: who  ^ 'hi ' , who printString", "fact: n  n <= 1 ifTrue: [^ 1]. ^ n * (self fact: n - 1)"]);
        world.add("ROBIN", ["doesNotUnderstand: m  ^ m selector"]);
        const random = prng(20261124);
        const failures: string[] = [];
        const outcomes = {value: 0, parseError: 0, runError: 0};
        const started = Date.now();
        for (let i = 0; i < 10_000; i++) {
            const kind = i % 3;
            const source = kind === 0 ? randomTokens(random)
                : kind === 1 ? mutate(corpus[Math.floor(random() * corpus.length)]!, random)
                : `| x | x := 1. ${expression(random, 0)}`;
            try {
                const value = await world.interpreter.evaluate(source, {bindings: new Map()});
                printString(value);
                displayString(value);
                outcomes.value++;
            } catch (error) {
                if (!expected(error)) failures.push(`${JSON.stringify(source)} → ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
                else if (error instanceof ParseError) {
                    error.snippet();
                    outcomes.parseError++;
                } else outcomes.runError++;
            }
        }
        const seconds = (Date.now() - started) / 1000;
        console.log(`fuzz: ${JSON.stringify(outcomes)} in ${seconds.toFixed(1)} s`);
        expect(failures.slice(0, 20)).toEqual([]);
        // Each kind of outcome must really occur, or the fuzzer is not exercising the interpreter.
        expect(outcomes.value).toBeGreaterThan(1_000);
        expect(outcomes.parseError).toBeGreaterThan(1_000);
        expect(outcomes.runError).toBeGreaterThan(1_000);
        expect(await world.interpreter.evaluate("3 + 4")).toBe(7);
    }, 60_000);
});
