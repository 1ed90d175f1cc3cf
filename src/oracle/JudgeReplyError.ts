/** Why one judge reply was refused. */
export type JudgeReplyProblem = "cutOff" | "malformed" | "outOfRange" | "missingAxis" | "engineFailed";

/**
 * I am one judge reply that could not be used: cut off by `maxTokens`, not JSON, a score outside 1–5,
 * or an axis missing. Nothing is recorded from such a reply; the judge retries or gives up.
 */
export class JudgeReplyError extends Error {
    public override readonly name = "JudgeReplyError";

    public constructor(
        public readonly judge: string,
        public readonly problem: JudgeReplyProblem,
        public readonly detail: string,
        public readonly text: string | null,
        options?: {cause?: unknown}
    ) {
        super(`${judge}'s verdict was refused (${problem}): ${detail}.` +
            (text == null ? "" : ` Reply: ${JSON.stringify(text.slice(0, 160))}.`) + ` ${fixFor(problem)}`, options);
    }
}

function fixFor(problem: JudgeReplyProblem): string {
    switch (problem) {
        case "cutOff": return "Raise the judge's maxTokens or lower rationaleChars.";
        case "malformed": return "Use an engine with JSON-schema structured output for the judge.";
        case "outOfRange": return "Scores must be whole numbers from 1 to 5; the structured-output schema enforces it.";
        case "missingAxis": return "Every rubric axis must be scored; the structured-output schema enforces it.";
        case "engineFailed": return "Check that the judge's engine and model are loaded (see the cause).";
        default: return problem satisfies never;
    }
}
