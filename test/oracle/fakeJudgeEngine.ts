import type {Completion, JsonSchema, PersonaSpec} from "../../src/llm/index.js";
import {EngineError} from "../../src/llm/index.js";
import type {JudgeEngine} from "../../src/oracle/index.js";

/** One scripted reply: a parsed value with its text, or a failure the real engine raises (a reply that does not parse). */
export type Scripted = {value: unknown, text?: string, stopReason?: Completion["stopReason"]} | {fails: "cutOff" | "unparsable" | "crash"};

export const goodReply = (score: number) => ({
    value: Object.fromEntries(["logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy"]
        .map((axis) => [axis, {score, rationale: `${axis} seems ${score}.`}]))
});

/**
 * A judge engine that answers from a script, to force what the real one cannot produce on demand:
 * replies cut off, malformed or out of range. It raises the same EngineError the real engine raises when a
 * reply does not parse.
 */
export class FakeJudgeEngine implements JudgeEngine {
    public readonly calls: {personaId: string, history: unknown[], schema: JsonSchema, options: unknown}[] = [];
    public readonly attached: PersonaSpec[] = [];

    public constructor(private readonly script: Scripted[]) {}

    public async attach(spec: PersonaSpec): Promise<void> {
        this.attached.push(spec);
    }

    public async structured<T>(personaId: string, history: unknown[], schema: JsonSchema, options?: unknown): Promise<{value: T, completion: Completion}> {
        this.calls.push({personaId, history, schema, options});
        const next = this.script.shift();
        if (next == null) throw new Error("FakeJudgeEngine: the script is exhausted");
        if ("fails" in next) {
            if (next.fails === "crash") throw new EngineError("Generation failed for ALFRED: context disposed", {engine: "fake", personaId});
            const cut = next.fails === "cutOff";
            throw new EngineError(`The reply does not match the JSON schema (Unexpected end of JSON input); it was "{\\"logical_rigor\\": {\\"sco". ` +
                (cut ? "It was cut off by maxTokens: raise maxTokens." : "Simplify the schema."), {engine: "fake", personaId});
        }
        const text = next.text ?? JSON.stringify(next.value);
        return {value: next.value as T, completion: {text, promptTokens: 10, completionTokens: text.length, ms: 1, tokensPerSecond: 1, model: "fake", adapter: null, stopReason: next.stopReason ?? "stop"}};
    }
}
