import {readFile, readdir} from "node:fs/promises";
import {join} from "node:path";
import {describe, expect, it} from "vitest";
import {MessageNotUnderstoodError} from "../../src/objects/index.js";
import {ParseError, PrimitiveFailedError, SmalltalkRuntimeError, UndeclaredVariableError} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";
import {errorOf, printIt} from "./helpers/run.js";

/** JavaScript members that must never be reachable as Smalltalk selectors. */
const jsMembers = [
    "constructor", "__proto__", "prototype", "toString", "valueOf", "hasOwnProperty", "isPrototypeOf", "call", "apply", "bind",
    "__defineGetter__", "__lookupGetter__", "length", "then", "toJSON", "propertyIsEnumerable", "toLocaleString"
];

const receivers = [
    "3", "(2 raisedTo: 80)", "3.5", "'abc'", "#abc", "$a", "#(1 2)", "{1}", "nil", "true", "false", "[:x | x]", "(1 -> 2)",
    "OrderedCollection new", "Dictionary new", "Set new", "Object new", "Object", "Object class", "Array", "thisContext",
    "Transcript", "Image", "rec"
];

function world(): LangTestWorld {
    const w = new LangTestWorld();
    w.add("BRICK", ["greet  ^ 'hi'"]);
    return w;
}

describe("the sandbox", () => {
    it("never dispatches a selector to a JavaScript member of a built-in value", async () => {
        const w = world();
        const bindings = new Map<string, unknown>([["rec", {a: 1}]]);
        for (const receiver of receivers) {
            for (const selector of jsMembers) {
                const error = await errorOf(`${receiver} ${selector}`, w, bindings);
                expect(error, `${receiver} ${selector}`).toBeInstanceOf(MessageNotUnderstoodError);
                const viaPerform = await errorOf(`${receiver} perform: #${selector}`, w, bindings);
                expect(viaPerform, `${receiver} perform: #${selector}`).toBeInstanceOf(MessageNotUnderstoodError);
            }
        }
    });

    it("gives a persona's JavaScript-named selectors to doesNotUnderstand, not to Object.prototype", async () => {
        const w = world();
        for (const selector of ["constructor", "__proto__", "toString", "valueOf", "hasOwnProperty:", "isPrototypeOf:"]) {
            const source = selector.endsWith(":") ? `BRICK ${selector} 'x'` : `BRICK ${selector}`;
            const error = await errorOf(source, w) as MessageNotUnderstoodError;
            expect(error, source).toBeInstanceOf(MessageNotUnderstoodError);
            expect(error.receiver).toBe("BRICK");
        }
        expect(await errorOf("BRICK perform: #constructor", w)).toBeInstanceOf(MessageNotUnderstoodError);
        // A persona may still define such a selector for itself, and then it is an ordinary method.
        w.compile(w.byName("BRICK")!, "toString  ^ 'my own'");
        expect(await printIt("BRICK toString", w)).toBe("'my own'");
        w.compile(w.byName("BRICK")!, "doesNotUnderstand: m  ^ m selector");
        expect(await printIt("BRICK constructor", w)).toBe("#constructor");
    });

    it("has no globals that reach the host: process, require, globalThis, eval, import, Function", async () => {
        const w = world();
        for (const name of ["process", "require", "globalThis", "eval", "Function", "window", "global", "module", "Reflect", "Proxy"]) {
            const error = await errorOf(`${name} foo`, w);
            expect(error, name).toBeInstanceOf(UndeclaredVariableError);
        }
        expect(await errorOf("import", w)).toBeInstanceOf(UndeclaredVariableError);
        expect(await errorOf("process exit: 1", w)).toBeInstanceOf(UndeclaredVariableError);
        // Smalltalk is Pharo's system dictionary, read-only and holding only classes, personas, Transcript and Image.
        for (const name of ["process", "require", "globalThis", "constructor", "__proto__", "Function"]) {
            const error = await errorOf(`Smalltalk at: #${name}`, w);
            expect(error, name).toBeInstanceOf(PrimitiveFailedError);
            expect(error.message).toContain(`there is no global named ${name}`);
            expect(await printIt(`Smalltalk includesKey: #${name}`, w)).toBe("false");
        }
        expect((await errorOf("Smalltalk at: #Object put: 3", w)).message).toContain("does not understand #at:put:");
    });

    it("makes escape attempts in persona methods fail cleanly and change nothing", async () => {
        const w = world();
        const brick = w.byName("BRICK")!;
        const attempts = [
            "escape1  ^ process env",
            "escape2  ^ (self perform: #constructor) name",
            "escape3  ^ 'x' constructor constructor",
            "escape4  ^ thisContext receiver constructor",
            "escape5  ^ (Object class) constructor",
            "escape6  ^ globalThis",
            "escape7  ^ #() constructor prototype",
            "escape8  ^ [:x | x] constructor",
            "escape9  ^ thisContext tempAt: 1 put: 3",
            "escape10  ^ thisContext outerContext receiver: 3"
        ];
        for (const source of attempts) w.compile(brick, source);
        const before = JSON.stringify([...w.records.values()].map((r) => ({...r, methods: Object.keys(r.methods)})));
        for (let i = 1; i <= attempts.length; i++) {
            const error = await errorOf(`BRICK escape${i}`, w);
            expect(error instanceof MessageNotUnderstoodError || error instanceof SmalltalkRuntimeError, `escape${i}: ${error.message}`).toBe(true);
        }
        expect(JSON.stringify([...w.records.values()].map((r) => ({...r, methods: Object.keys(r.methods)})))).toBe(before);
        expect(await printIt("BRICK greet", w)).toBe("'hi'");
    });

    it("lets thisContext be read and its own variables be written, but never assigned", async () => {
        const w = world();
        expect(await errorOf("thisContext := 3", w)).toBeInstanceOf(ParseError);
        expect(await printIt("| a | a := 1. thisContext tempNamed: 'a' put: 2. a", w)).toBe("2");
        expect(await errorOf("thisContext tempNamed: 'nothing'", w)).toBeInstanceOf(PrimitiveFailedError);
        expect(await printIt("| a | a := 1. thisContext tempNamed: 'a'", w)).toBe("1");
    });

    it("stores __proto__ and constructor as ordinary Dictionary keys, polluting nothing", async () => {
        const w = world();
        expect(await printIt("| d | d := Dictionary new. d at: #__proto__ put: 1; at: '__proto__' put: 2; at: #constructor put: 3. d size", w)).toBe("3");
        expect(await printIt("| d | d := Dictionary new. d at: '__proto__' put: 7. d at: '__proto__'", w)).toBe("7");
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
        const bindings = new Map<string, unknown>([["rec", {a: 1}]]);
        expect((await errorOf("rec at: '__proto__'", w, bindings)).message).toContain("no field");
        expect((await errorOf("rec at: #constructor", w, bindings)).message).toContain("no field");
    });

    it("uses no eval, new Function or vm anywhere in src/", async () => {
        const root = new URL("../../src/", import.meta.url).pathname;
        const offenders: string[] = [];
        const forbidden = [/\beval\s*\(/, /new\s+Function\b/, /from\s+["'](node:)?vm["']/, /require\(\s*["'](node:)?vm["']\s*\)/, /import\(\s*["'](node:)?vm["']\s*\)/];
        async function scan(directory: string): Promise<number> {
            let files = 0;
            for (const entry of await readdir(directory, {withFileTypes: true})) {
                const path = join(directory, entry.name);
                if (entry.isDirectory()) files += await scan(path);
                else if (/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) {
                    files++;
                    const text = await readFile(path, "utf8");
                    text.split("\n").forEach((line, i) => {
                        if (forbidden.some((pattern) => pattern.test(line))) offenders.push(`${path}:${i + 1}: ${line.trim()}`);
                    });
                }
            }
            return files;
        }
        const scanned = await scan(root);
        expect(scanned).toBeGreaterThan(20);
        expect(offenders).toEqual([]);
    });
});
