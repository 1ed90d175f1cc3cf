import type {Completion} from "../llm/index.js";
import type {JudgeScores} from "../objects/index.js";
import {goldenScore} from "./goldenScore.js";
import {JudgeReplyError} from "./JudgeReplyError.js";
import type {Rubric} from "./Rubric.js";

/**
 * Checks a judge's parsed reply against the rubric and answers the scores, or throws JudgeReplyError.
 * The schema already constrains a real engine's reply; this check is what keeps a cut-off, malformed or
 * out-of-range reply (from a looser engine, or a reply stopped by `maxTokens`) out of the dataset.
 */
export function readVerdict(judge: string, rubric: Rubric, value: unknown, completion: Completion | null): JudgeScores {
    const text = completion?.text ?? null;
    if (completion?.stopReason === "maxTokens") throw new JudgeReplyError(judge, "cutOff", `it stopped at maxTokens after ${completion.completionTokens} tokens`, text);
    if (value == null || typeof value !== "object" || Array.isArray(value)) throw new JudgeReplyError(judge, "malformed", "it is not a JSON object", text);
    const record = value as Record<string, unknown>;
    const axes: JudgeScores["axes"] = {};
    for (const axis of rubric.axes) {
        const entry = record[axis.id];
        if (entry == null || typeof entry !== "object") throw new JudgeReplyError(judge, "missingAxis", `${axis.id} has no score`, text);
        const {score, rationale} = entry as {score?: unknown, rationale?: unknown};
        if (typeof score !== "number" || !Number.isInteger(score) || score < 1 || score > 5)
            throw new JudgeReplyError(judge, "outOfRange", `${axis.id}'s score is ${JSON.stringify(score)}, not a whole number from 1 to 5`, text);
        if (typeof rationale !== "string") throw new JudgeReplyError(judge, "malformed", `${axis.id}'s rationale is not a string`, text);
        axes[axis.id] = {score, rationale: rationale.trim()};
    }
    return {judge, axes, golden: goldenScore(rubric, axes)};
}
