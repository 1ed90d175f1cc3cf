import type {JudgeReplyError} from "./JudgeReplyError.js";

/** I mean every attempt to judge one transcript failed; `attempts` holds each refused reply, and nothing was recorded. */
export class JudgeFailedError extends Error {
    public readonly userError = true;
    public override readonly name = "JudgeFailedError";

    public constructor(public readonly judge: string, public readonly attempts: readonly JudgeReplyError[]) {
        super(`${judge} could not judge the transcript in ${attempts.length} attempt(s); it was skipped and nothing was recorded. ` +
            `Last problem: ${attempts.at(-1)?.message ?? "none"}`, {cause: attempts.at(-1)});
    }
}
