import type {ChatMessage} from "../objects/index.js";
import {GoldenSampleError} from "./GoldenSampleError.js";

const roles = new Set(["system", "user", "assistant"]);

/**
 * The arrays this function answered, frozen: checking one again (an import checks each line as it reads
 * it, and each conversation again as it adds it) answers it as it is, at no cost.
 */
const checked = new WeakSet<readonly ChatMessage[]>();

/**
 * Checks that `value` is a conversation a trainer can learn from, and answers it as plain messages:
 * roles system/user/assistant (a system turn only first), string contents, at least one user turn, and a
 * last turn that is a non-empty assistant reply (what TRL, Unsloth and OpenAI fine-tuning train on).
 * The answer is a new frozen array of new frozen messages (the image freezes them anyway).
 * @throws GoldenSampleError naming what is wrong; `where` locates it (e.g. "line 3").
 */
export function checkMessages(value: unknown, where: string | null = null): ChatMessage[] {
    const fail = (reason: string): never => {
        throw new GoldenSampleError(reason, where);
    };
    if (!Array.isArray(value)) return fail("messages is not an array");
    if (checked.has(value as ChatMessage[])) return value as ChatMessage[];
    const messages = value.map((m: unknown, i): ChatMessage => {
        if (m == null || typeof m !== "object" || Array.isArray(m)) return fail(`message ${i} is not an object`);
        const {role, content} = m as Record<string, unknown>;
        if (typeof role !== "string" || !roles.has(role)) return fail(`message ${i} has the role ${JSON.stringify(role)}`);
        if (typeof content !== "string") return fail(`message ${i} has no string content`);
        if (role === "system" && i !== 0) return fail(`message ${i} is a system message after the first`);
        return {role: role as ChatMessage["role"], content};
    });
    if (!messages.some((m) => m.role === "user")) fail("it has no user message");
    const last = messages.at(-1);
    if (last?.role !== "assistant") fail("its last message is not an assistant reply");
    if (last!.content.trim() === "") fail("its last assistant reply is empty");
    for (const message of messages) Object.freeze(message);
    checked.add(Object.freeze(messages));
    return messages;
}
