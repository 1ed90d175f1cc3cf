import type {ChatMessage} from "../objects/index.js";
import {GoldenSampleError} from "./GoldenSampleError.js";

/**
 * The arrays checkMessages answered, frozen: checking one again (a verdict's conversation checked when
 * it is judged, then when it is added) answers it as it is, at no cost.
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
    if (Array.isArray(value) && checked.has(value as ChatMessage[])) return value as ChatMessage[];
    const messages = readMessages(value, where);
    checked.add(messages);
    return messages;
}

/**
 * `checkMessages` for the readers of a file: the same checks and the same answer, not remembered (a
 * reader's conversations carry their own mark: remembering 100,000 of them in the weak set cost an
 * import more than the set saved it).
 * @throws GoldenSampleError naming what is wrong; `where` locates it.
 */
export function readMessages(value: unknown, where: string | null): ChatMessage[] {
    if (!Array.isArray(value)) throw new GoldenSampleError("messages is not an array", where);
    const messages = new Array<ChatMessage>(value.length);
    for (let i = 0; i < value.length; i++) {
        const m: unknown = value[i];
        if (m == null || typeof m !== "object" || Array.isArray(m)) throw new GoldenSampleError(`message ${i} is not an object`, where);
        const {role, content} = m as Record<string, unknown>;
        if (role !== "system" && role !== "user" && role !== "assistant") throw new GoldenSampleError(`message ${i} has the role ${JSON.stringify(role)}`, where);
        if (typeof content !== "string") throw new GoldenSampleError(`message ${i} has no string content`, where);
        if (role === "system" && i !== 0) throw new GoldenSampleError(`message ${i} is a system message after the first`, where);
        messages[i] = {role, content};
    }
    return checkedConversation(messages, where);
}

/**
 * Finishes checking `messages`, made fresh by the caller from well-typed turns (roles and contents
 * already checked, in order): a system turn only first, a user turn, a last non-empty assistant reply.
 * Freezes them and answers them (not remembered by checkMessages). For the readers of a file, who build the turns themselves.
 * @throws GoldenSampleError naming what is wrong; `where` locates it.
 */
export function checkedConversation(messages: ChatMessage[], where: string | null): ChatMessage[] {
    let users = 0;
    for (let i = 0; i < messages.length; i++) {
        const role = messages[i]!.role;
        if (role === "system" && i !== 0) throw new GoldenSampleError(`message ${i} is a system message after the first`, where);
        if (role === "user") users++;
    }
    if (users === 0) throw new GoldenSampleError("it has no user message", where);
    const last = messages.at(-1);
    if (last?.role !== "assistant") throw new GoldenSampleError("its last message is not an assistant reply", where);
    if (last.content.trim() === "") throw new GoldenSampleError("its last assistant reply is empty", where);
    for (const message of messages) Object.freeze(message);
    Object.freeze(messages);
    return messages;
}
