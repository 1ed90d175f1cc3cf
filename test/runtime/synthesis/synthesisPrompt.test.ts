import {execFile} from "node:child_process";
import path from "node:path";
import {promisify} from "node:util";
import {describe, expect, it} from "vitest";
import {defaultForgeDir} from "../../../src/forge/index.js";
import {argumentNames, draftSource, methodPattern, synthesisPrompt, withPattern} from "../../../src/runtime/index.js";
import type {ArgumentType, SynthesisPromptInput} from "../../../src/runtime/index.js";

/**
 * The genesis model learns to write methods from prompts forge-py lays out (corpus/smalltalk.py): they must be the
 * very text the synthesizer sends. Both sides render the same cases.
 */
const run = promisify(execFile);

const cases: SynthesisPromptInput[] = [
    {persona: "BRICK", selector: "double:", argTypes: ["int"], slots: [], methods: [], examples: ["(p double: 3) = 6"]},
    {persona: "ROBIN", selector: "sum:with:", argTypes: ["int", "int"], slots: ["mood", "count"], methods: ["greet:", "b", "a:b:"],
        examples: ["(p sum: 1 with: 2) = 3", "p sum: 4 with: 5"], failure: "(p sum: 1 with: 2) = 3 (got 2)"},
    {persona: "BABS", selector: "mood", argTypes: [], slots: ["mood"], methods: ["m1", "m2", "m3", "m4", "m5", "m6", "m7", "m8", "m9", "a10"],
        examples: ["p mood = 'calm'"], failure: "it does not compile: Expected an expression"},
    {persona: "ALFRED", selector: "join:with:and:", argTypes: ["str", "str", "list", "list", "int"], slots: ["Zeta", "alpha"], methods: [],
        examples: ["(p join: 'a' with: 'b' and: #(1 2)) = 'ab'"]}
];

describe("the synthesis prompt", () => {
    it("names arguments by type and lays the pattern out", () => {
        expect(argumentNames(["int", "int", "str", "list", "int", "int"] as ArgumentType[])).toEqual(["n", "m", "s", "c", "k", "n4"]);
        expect(methodPattern("sum:with:", ["n", "m"])).toBe("sum: n with: m");
        expect(methodPattern("mood", [])).toBe("mood");
    });

    it("puts the draft under the pattern the prompt gave: the model writes the body", () => {
        expect(withPattern("plusSevn: n\n\t^ n + 7", "plusSeven: n")).toBe("plusSeven: n\n\t^ n + 7");
        expect(withPattern("\t^ n + 7", "plusSeven: n")).toBe("plusSeven: n\n\t^ n + 7");
        expect(withPattern("^ n + 7", "plusSeven: n")).toBe("plusSeven: n\n^ n + 7");
        expect(withPattern("mood\n\t^ self at: #mood", "mood")).toBe("mood\n\t^ self at: #mood");
        expect(draftSource("Here it is:\n```smalltalk\ndouble: n\n\t^ n * 2\n```\nDone.")).toBe("double: n\n\t^ n * 2");
        expect(draftSource("double: n\n\t^ n * 2\n\n")).toBe("double: n\n\t^ n * 2");
    });

    it("is the text the genesis corpus trains on (Python and TypeScript agree)", async () => {
        const script = `
import json, sys
from forge.genesis.corpus.smalltalk import synthesis_prompt
out = []
for c in json.load(sys.stdin):
    p = synthesis_prompt(c["persona"], c["selector"], c["argTypes"], c["slots"], c["methods"], c["examples"], c.get("failure"))
    out.append(dict(system=p.system, user=p.user))
json.dump(out, sys.stdout)
`;
        const child = run("python3", ["-c", script], {cwd: path.resolve("."), env: {...process.env, PYTHONPATH: defaultForgeDir}});
        child.child.stdin!.end(JSON.stringify(cases));
        const {stdout} = await child;
        expect(JSON.parse(stdout)).toEqual(cases.map((c) => synthesisPrompt(c)));
    });
});
