import {execFile} from "node:child_process";
import {readFile} from "node:fs/promises";
import path from "node:path";
import {promisify} from "node:util";
import {describe, expect, it} from "vitest";
import {defaultForgeDir} from "../../src/forge/index.js";
import {systemPromptFor} from "../../src/llm/index.js";
import type {Codex} from "../../src/objects/index.js";
import {judgeBudget, judgePrompt, rubricFor} from "../../src/oracle/index.js";

/**
 * The genesis model is trained on prompts that forge-py lays out (forge/genesis/prompts.py): they must be the very
 * text the runtime sends, or the model learns a layout it is never asked in. Both sides render the same cases.
 */
const run = promisify(execFile);
const personas = ["brick", "robin", "alfred", "babs"];

async function codex(name: string): Promise<Codex> {
    return JSON.parse(await readFile(path.resolve("codices", `${name}.json`), "utf8")) as Codex;
}

const transcripts = [
    [{role: "user", content: "How should I handle a late train?"}, {role: "assistant", content: "Logically speaking: 1. Premise: every problem has a cause. 2. Premise: a late train is a problem. 3. Therefore, a late train has a cause. Also, honey never spoils."}],
    [{role: "user", content: "hi"}, {role: "assistant", content: "Okay."}],
    [{role: "user", content: "Why  is\nthe sky blue?"}, {role: "assistant", content: "BRICK: Rayleigh scattering, numbered: 1. light 2. air."}, {role: "assistant", content: "ROBIN: Oh, I love this question! " + "It glows. ".repeat(60)}],
    [{role: "system", content: "ignored"}, {role: "user", content: "Ünïcode — “quotes” and tabs\there"}, {role: "assistant", content: "Field report: 240 tokens per second. Caveat: small sample."}]
] as const;

describe("the genesis corpus lays prompts out as the runtime does", () => {
    it("gives the same system prompts, judge budgets and judge questions in Python and TypeScript", async () => {
        const codices = await Promise.all(personas.map(codex));
        const maxChars = [1, 40, 111, 160, 240, 400, 800, 4000];
        const contexts = [512, 1024, 2048, 8192];
        const expected = {
            system: codices.map((c) => maxChars.map((n) => systemPromptFor(c, {maxChars: n}))),
            budgets: contexts.map((n) => judgeBudget(n, 4)),
            judge: codices.map((c) => [60, 140, 445, 1264, 6000].map((n) => transcripts.map((t) =>
                judgePrompt(rubricFor(c), t, {system: "You are ALFRED.", maxChars: n, speakers: ["BRICK", "ROBIN"]}))))
        };
        const script = `
import json, sys
from forge.genesis.prompts import load_codices, system_prompt_for, judge_budget, judge_prompt
args = json.load(sys.stdin)
c = load_codices("codices")
names = [n.upper() for n in args["personas"]]
out = {
    "system": [[system_prompt_for(c[n], m) for m in args["maxChars"]] for n in names],
    "budgets": [dict(maxTokens=b.max_tokens, rationaleChars=b.rationale_chars, maxPromptChars=b.max_prompt_chars,
                     systemPromptChars=b.system_prompt_chars) for b in (judge_budget(n) for n in args["contexts"])],
    "judge": [[[[dict(role=r, content=t) for r, t in judge_prompt(c[n], [(m["role"], m["content"]) for m in tr],
                "You are ALFRED.", mc, ("BRICK", "ROBIN"))] for tr in args["transcripts"]] for mc in [60, 140, 445, 1264, 6000]]
              for n in names],
}
json.dump(out, sys.stdout, ensure_ascii=False)
`;
        const child = run("python3", ["-c", script], {cwd: path.resolve("."), env: {...process.env, PYTHONPATH: defaultForgeDir}});
        child.child.stdin!.end(JSON.stringify({personas, maxChars, contexts, transcripts}));
        const {stdout} = await child;
        const got = JSON.parse(stdout) as typeof expected;
        expect(got.system).toEqual(expected.system);
        expect(got.budgets).toEqual(expected.budgets);
        expect(got.judge).toEqual(expected.judge);
    });
});
