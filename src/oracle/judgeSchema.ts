import type {JsonSchema} from "../llm/index.js";
import type {Rubric} from "./Rubric.js";

/**
 * The JSON schema a judge's reply is constrained to: for each axis of the rubric, an integer score 1–5
 * and a rationale of at most `rationaleChars` characters (default 80). Bounding the rationale bounds the
 * reply, so a `maxTokens` large enough for the schema is never reached by a rambling model.
 */
export function judgeSchema(rubric: Rubric, options: {rationaleChars?: number} = {}): JsonSchema {
    const rationale = {type: "string", maxLength: options.rationaleChars ?? 80};
    return {
        type: "object",
        properties: Object.fromEntries(rubric.axes.map((axis) => [axis.id, {
            type: "object",
            properties: {score: {enum: [1, 2, 3, 4, 5]}, rationale}
        }]))
    };
}
