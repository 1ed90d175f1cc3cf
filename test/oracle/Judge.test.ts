import {readFile} from "node:fs/promises";
import path from "node:path";
import {describe, expect, it} from "vitest";
import type {Codex} from "../../src/objects/index.js";
import {Judge, JudgeFailedError, JudgeReplyError, rubricFor} from "../../src/oracle/index.js";
import {FakeJudgeEngine, goodReply} from "./fakeJudgeEngine.js";
import type {Scripted} from "./fakeJudgeEngine.js";

const brick = JSON.parse(await readFile(path.resolve("codices/brick.json"), "utf8")) as Codex;
const rubric = rubricFor(brick);
const transcript = [{role: "user" as const, content: "Go first?"}, {role: "assistant" as const, content: "Premise one: yes."}];

function judgeWith(script: Scripted[], attempts = 3) {
    const engine = new FakeJudgeEngine(script);
    const refused: {problem: string, attempt: number}[] = [];
    const judge = new Judge({engine, name: "ALFRED", engineKey: "alfred#judge", systemPrompt: "You are ALFRED.", model: "m.gguf", attempts,
        maxTokens: 100, onRefused: (error, attempt) => refused.push({problem: error.problem, attempt})});
    return {engine, judge, refused};
}

describe("a judge never answers a verdict it has not checked", () => {
    it("retries a cut-off, malformed, out-of-range or incomplete reply, logs each, and answers the first good one", async () => {
        const script: Scripted[] = [
            {fails: "cutOff"},
            {value: "five stars"},
            {value: {...goodReply(5).value, task_efficacy: {score: 7, rationale: "off the scale"}}},
            {value: {logical_rigor: {score: 4, rationale: "ok"}}},
            {value: {...goodReply(5).value, creative_synthesis: {score: 4.5, rationale: "half"}}},
            {value: goodReply(5).value, stopReason: "maxTokens"},
            goodReply(4)
        ];
        const {engine, judge, refused} = judgeWith(script, 7);
        const verdict = await judge.judge(rubric, transcript);
        expect(refused.map((r) => r.problem)).toEqual(["cutOff", "malformed", "outOfRange", "missingAxis", "outOfRange", "cutOff"]);
        expect(verdict.attempts).toBe(7);
        expect(verdict.scores).toMatchObject({judge: "ALFRED", golden: 4});
        expect(verdict.scores.axes["logical_rigor"]).toEqual({score: 4, rationale: "logical_rigor seems 4."});
        // The first attempt is greedy; retries sample, and each cut-off gives the next attempt more tokens.
        const options = engine.calls.map((c) => c.options as {temperature: number, maxTokens: number});
        expect(options[0]!.temperature).toBe(0);
        expect(options[1]!.temperature).toBeGreaterThan(0);
        expect(options[1]!.maxTokens).toBeGreaterThan(options[0]!.maxTokens);
        expect(engine.attached).toHaveLength(1);
        expect(engine.attached[0]).toMatchObject({personaId: "alfred#judge", name: "ALFRED", model: "m.gguf", adapter: null});
    });

    it("gives up after its attempts with every refused reply, so the caller can skip the transcript", async () => {
        const {judge, refused} = judgeWith([{fails: "unparsable"}, {fails: "crash"}, {value: null}]);
        const failure = await judge.judge(rubric, transcript).catch((e: unknown) => e);
        expect(failure).toBeInstanceOf(JudgeFailedError);
        const attempts = (failure as JudgeFailedError).attempts;
        expect(attempts.map((a) => a.problem)).toEqual(["malformed", "engineFailed", "malformed"]);
        expect(attempts.every((a) => a instanceof JudgeReplyError)).toBe(true);
        expect((failure as Error).message).toMatch(/skipped and nothing was recorded/);
        expect(refused).toHaveLength(3);
    });
});
