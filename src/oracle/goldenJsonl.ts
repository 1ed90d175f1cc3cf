import type {ChatMessage, GoldenSample} from "../objects/index.js";
import {checkMessages} from "./checkMessages.js";
import {GoldenSampleError} from "./GoldenSampleError.js";

/**
 * The fine-tuning formats a golden dataset is written in. Both are one JSON object a line with a
 * `messages` list of `{role, content}`: "chatml" is the conversational format TRL's SFTTrainer and Unsloth
 * read; "openai" is OpenAI's chat fine-tuning format, which also requires a system prompt or none, user
 * and assistant turns, and an assistant reply last (every sample here satisfies it).
 */
export type GoldenFormat = "chatml" | "openai";

export const goldenFormats: readonly GoldenFormat[] = ["chatml", "openai"];

/** JSONL text of `samples`, one line each, in `format`. With `system`, samples without a system turn get it first. */
export function goldenToJsonl(samples: readonly GoldenSample[], format: GoldenFormat, options: {system?: string} = {}): string {
    return samples.map((sample) => {
        const messages: ChatMessage[] = options.system != null && options.system !== "" && sample.messages[0]?.role !== "system"
            ? [{role: "system", content: options.system}, ...sample.messages]
            : [...sample.messages];
        switch (format) {
            case "chatml":
            case "openai":
                // The same shape today; kept apart so that a format-specific field (OpenAI's per-message weight) has one place to go.
                return JSON.stringify({messages: messages.map(({role, content}) => ({role, content}))});
            default:
                return format satisfies never;
        }
    }).map((line) => line + "\n").join("");
}

/**
 * Reads JSONL written by goldenToJsonl, TRL, Unsloth or OpenAI tooling: each non-empty line one
 * `{"messages": [...]}` object, checked as a trainable conversation.
 * @throws GoldenSampleError naming the line and what is wrong with it.
 */
export function parseGoldenJsonl(text: string, format: GoldenFormat): ChatMessage[][] {
    const conversations: ChatMessage[][] = [];
    text.split(/\r?\n/).forEach((line, index) => {
        if (line.trim() === "") return;
        const where = `line ${index + 1}`;
        let value: unknown;
        try {
            value = JSON.parse(line);
        } catch (error) {
            throw new GoldenSampleError(`it is not JSON (${(error as Error).message})`, where);
        }
        if (value == null || typeof value !== "object" || Array.isArray(value) || !("messages" in value))
            throw new GoldenSampleError(`it is not an object with a "messages" list (${format} JSONL has one per line)`, where);
        conversations.push(checkMessages((value as {messages: unknown}).messages, where));
    });
    return conversations;
}
