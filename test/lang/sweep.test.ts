import {describe, expect, it} from "vitest";
import {MessageNotUnderstoodError} from "../../src/objects/index.js";
import {ParseError, SmalltalkRuntimeError, printString} from "../../src/lang/index.js";
import {LangTestWorld} from "./helpers/LangTestWorld.js";

const receivers = [
    "3", "-1", "0", "(2 raisedTo: 70)", "2.5", "(0.0 / 0.0)", "'abc'", "''", "#sym", "$a", "#(1 2)", "#()", "nil", "true", "[:x | x]",
    "[]", "[:a :b | a]", "(1 -> 2)", "(OrderedCollection with: 1 with: 2)", "(Dictionary new at: 1 put: 2; yourself)", "(Set with: 1)",
    "Object new", "Object", "Array", "thisContext", "Transcript", "BRICK", "(WriteStream on: String new)", "(ReadStream on: #(1))", "rec",
    "Error new", "(Message selector: #foo arguments: #())"
];
const argumentPool = ["3", "'abc'", "nil", "#(1 2)", "[:x | x]", "[]", "#sym", "2.5", "0", "-5", "$a", "(1 -> 2)", "Object", "[:a :b | true]", "(Dictionary new)"];

describe("every built-in selector with every kind of receiver and argument", () => {
    it("answers a value or fails with a Smalltalk error, never a JavaScript one", async () => {
        const world = new LangTestWorld({stepBudget: 20_000, maxDepth: 100});
        world.host.image.save = async () => "not saved";
        world.host.image.saveAs = async () => "not saved";
        world.add("BRICK", ["greet  ^ 'hi'"]);
        const all = await world.interpreter.evaluate(
            "| all | all := Set new. {Object. Integer. Number. SmallInteger. Float. String. Symbol. Character. Array. OrderedCollection. Dictionary. Set. " +
            "Association. BlockClosure. Message. Error. WriteStream. Boolean} do: [:c | all addAll: c allSelectors; addAll: c classSelectors]. all asArray") as unknown[];
        // Transcript output is fine but noisy; everything else is sent.
        const selectors = all.map(String).filter((s) => !["printNl", "displayNl"].includes(s)).sort();
        expect(selectors.length).toBeGreaterThan(250);
        const bindings = new Map<string, unknown>([["rec", {a: 1}]]);
        const failures: string[] = [];
        let answered = 0;
        let k = 0;
        for (const receiver of receivers) {
            for (const selector of selectors) {
                const arity = /^[a-zA-Z]/.test(selector) ? (selector.match(/:/g) ?? []).length : 1;
                const args = Array.from({length: arity}, () => argumentPool[k++ % argumentPool.length]);
                const source = `${receiver} perform: #${selector} withArguments: {${args.join(". ")}}`;
                try {
                    printString(await world.interpreter.evaluate(source, {bindings}));
                    answered++;
                } catch (error) {
                    if (!(error instanceof ParseError || error instanceof SmalltalkRuntimeError || error instanceof MessageNotUnderstoodError))
                        failures.push(`${source} → ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
                }
            }
        }
        expect(failures.slice(0, 10)).toEqual([]);
        expect(answered).toBeGreaterThan(1_000);
    }, 60_000);
});
