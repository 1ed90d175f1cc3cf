import type {ChatMessage, GoldenSample, JudgeScores} from "../objects/index.js";
import {describeJsonError} from "../image/index.js";
import {checkedConversation, readMessages} from "./checkMessages.js";
import {GoldenSampleError} from "./GoldenSampleError.js";
import {contentId} from "./normalizedContent.js";

/**
 * The fine-tuning formats a golden dataset is written in, one JSON object a line, each with the sample's scores
 * and provenance under `metadata`:
 * - "chatml": `{"text": "<|im_start|>system\n…<|im_end|>\n<|im_start|>user\n…"}`, the ChatML text itself (TRL's
 *   SFTTrainer with `dataset_text_field="text"`, Unsloth, llama.cpp's finetune);
 * - "openai": `{"messages": [{role, content}, …]}`, OpenAI's chat fine-tuning format and TRL's conversational one.
 */
export type GoldenFormat = "chatml" | "openai";

export const goldenFormats: readonly GoldenFormat[] = ["chatml", "openai"];

/** What travels with each exported sample. */
export type GoldenMetadata = {
    id: string,
    heldOut: boolean,
    judge: string,
    interactionId: string | null,
    model: string | null,
    adapter: string | null,
    at: string,
    scores: JudgeScores | null
};

/** A conversation read back from JSONL, with the scores it carried (null when the line had none). */
export type ImportedConversation = {messages: ChatMessage[], scores: JudgeScores | null};

/**
 * What parseGoldenJsonl answers for each line: the conversation, checked and frozen (its scores too), and
 * the id of its content, computed as the line is read, while its text is fresh in the cache. Only this
 * module makes them, so importGoldenSamples takes them as they are (`ReadConversation.idOf`).
 */
class ReadConversation implements ImportedConversation {
    readonly #id: string;

    constructor(readonly messages: ChatMessage[], readonly scores: JudgeScores | null, id: string) {
        this.#id = id;
    }

    /** The content id of a conversation read by parseGoldenJsonl; null for any other. */
    static idOf(conversation: object): string | null {
        return #id in conversation ? (conversation as ReadConversation).#id : null;
    }
}

/** The content id parseGoldenJsonl computed for `conversation`, which it checked; null for a conversation it did not read. */
export function idOfReadConversation(conversation: object): string | null {
    return ReadConversation.idOf(conversation);
}

/** The ChatML text of a conversation: each turn `<|im_start|>ROLE\n…<|im_end|>\n`, as ChatML models are prompted. */
export function chatmlText(messages: readonly ChatMessage[]): string {
    return messages.map((m) => `<|im_start|>${m.role}\n${m.content}<|im_end|>\n`).join("");
}

const turnStart = "<|im_start|>";
const turnEnd = "<|im_end|>";

/**
 * The turns of ChatML text: each `<|im_start|>ROLE\n…<|im_end|>` with an optional newline after it,
 * ROLE lower-case letters, the content up to the first `<|im_end|>`; white space after the last turn is
 * ignored. Read with indexOf rather than a sticky regular expression with a lazy `[\s\S]*?` (the same
 * turns, at a fraction of the cost on the long texts of an import).
 * @throws GoldenSampleError when it is not such a sequence, or not a trainable conversation.
 */
export function parseChatml(text: string, where: string | null = null): ChatMessage[] {
    const messages: {role: string, content: string}[] = [];
    let at = 0;
    while (at < text.length) {
        const roleEnd = text.startsWith(turnStart, at) ? text.indexOf("\n", at + turnStart.length) : -1;
        const role = roleEnd < 0 ? "" : text.slice(at + turnStart.length, roleEnd);
        const known = role === "user" || role === "assistant" || role === "system";
        const contentEnd = role === "" || !(known || lowerCaseLetters.test(role)) ? -1 : text.indexOf(turnEnd, roleEnd + 1);
        if (contentEnd < 0) {
            if (text.slice(at).trim() === "") break;
            throw new GoldenSampleError(`its "text" is not ChatML after character ${at}: each turn is <|im_start|>ROLE, a newline, the content and <|im_end|>`, where);
        }
        // The role as a constant when it is one of the three (a short slice is a copy, kept with the sample).
        messages.push({role: !known ? role : role === "user" ? "user" : role === "assistant" ? "assistant" : "system", content: text.slice(roleEnd + 1, contentEnd)});
        at = contentEnd + turnEnd.length;
        if (text.charCodeAt(at) === 0x0a) at++;
    }
    // The roles are checked once the text is read, in order: the same errors, in the same order, as checkMessages gives.
    messages.forEach(({role}, i) => {
        if (role !== "system" && role !== "user" && role !== "assistant") throw new GoldenSampleError(`message ${i} has the role ${JSON.stringify(role)}`, where);
        if (role === "system" && i !== 0) throw new GoldenSampleError(`message ${i} is a system message after the first`, where);
    });
    return checkedConversation(messages as ChatMessage[], where);
}

const lowerCaseLetters = /^[a-z]+$/;

/** JSONL text of `samples`, one line each, in `format`. With `system`, samples without a system turn get it first. */
export function goldenToJsonl(samples: readonly GoldenSample[], format: GoldenFormat, options: {system?: string} = {}): string {
    return samples.map((sample) => {
        const messages: ChatMessage[] = options.system != null && options.system !== "" && sample.messages[0]?.role !== "system"
            ? [{role: "system", content: options.system}, ...sample.messages]
            : [...sample.messages];
        const metadata = metadataOf(sample);
        switch (format) {
            case "chatml":
                return JSON.stringify({text: chatmlText(messages), metadata});
            case "openai":
                return JSON.stringify({messages: messages.map(({role, content}) => ({role, content})), metadata});
            default:
                return format satisfies never;
        }
    }).map((line) => line + "\n").join("");
}

function metadataOf(sample: GoldenSample): GoldenMetadata {
    const p = sample.provenance;
    return {id: sample.id, heldOut: sample.heldOut, judge: p.judge, interactionId: p.interactionId, model: p.model, adapter: p.adapter,
        at: p.at.toISOString(), scores: p.scores};
}

/**
 * Reads JSONL written by goldenToJsonl, TRL, Unsloth or OpenAI tooling: each non-empty line one object with
 * `messages` (either format) or ChatML `text`, checked as a trainable conversation; scores under `metadata` are kept.
 * (A file is read by readGoldenJsonl, a line at a time, without holding its whole text.)
 * @throws GoldenSampleError naming the line and what is wrong with it.
 */
export function parseGoldenJsonl(text: string, format: GoldenFormat): ImportedConversation[] {
    const conversations: ImportedConversation[] = [];
    // Lines end at "\n", and a "\r" before it is not theirs (as split(/\r?\n/)), found with indexOf: no array of lines.
    for (let start = 0, number = 1; start <= text.length; number++) {
        const newline = text.indexOf("\n", start);
        const end = newline < 0 ? text.length : newline;
        const line = text.slice(start, end > start && text.charCodeAt(end - 1) === 0x0d ? end - 1 : end);
        start = end + 1;
        const conversation = parseGoldenLine(line, number, format);
        if (conversation !== null) conversations.push(conversation);
    }
    return conversations;
}

/**
 * One line of golden JSONL (without its line break), line `number` of the file: its conversation, or null
 * for a blank line.
 * @throws GoldenSampleError naming the line and what is wrong with it.
 */
export function parseGoldenLine(line: string, number: number, format: GoldenFormat): ImportedConversation | null {
    if (line.trim() === "") return null;
    let value: unknown;
    try {
        value = JSON.parse(line);
    } catch (error) {
        throw new GoldenSampleError(describeJsonError(error), `line ${number}`);
    }
    if (value == null || typeof value !== "object" || Array.isArray(value))
        throw new GoldenSampleError(`it is not a JSON object (${format} JSONL has one per line)`, `line ${number}`);
    const record = value as {messages?: unknown, text?: unknown, metadata?: unknown};
    let messages: ChatMessage[];
    try {
        // Checked without saying where, and the line named only when something is wrong: no name made for each good line.
        messages = "messages" in record ? readMessages(record.messages, null)
            : typeof record.text === "string" ? parseChatml(record.text, null)
                : fail(`it has neither a "messages" list nor a ChatML "text" (${format} JSONL has one per line)`, null);
    } catch (error) {
        if (error instanceof GoldenSampleError && error.where === null) throw new GoldenSampleError(error.reason, `line ${number}`);
        throw error;
    }
    return new ReadConversation(messages, scoresOf(record.metadata), contentId(messages));
}

function fail(reason: string, where: string | null): never {
    throw new GoldenSampleError(reason, where);
}

/** The scores a line's metadata carries, when they have the shape a verdict has (frozen, as the image keeps them); otherwise none. */
function scoresOf(metadata: unknown): JudgeScores | null {
    const scores = (metadata as {scores?: unknown} | null)?.scores as Partial<JudgeScores> | null | undefined;
    if (scores == null || typeof scores !== "object" || typeof scores.judge !== "string" || typeof scores.golden !== "number") return null;
    const axes = scores.axes;
    if (axes == null || typeof axes !== "object") return null;
    for (const key of Object.keys(axes)) {
        const value = axes[key];
        if (value == null || typeof value.score !== "number" || typeof value.rationale !== "string") return null;
    }
    for (const key of Object.keys(axes)) Object.freeze(axes[key]);
    return Object.freeze({judge: scores.judge, golden: scores.golden, axes: Object.freeze(axes)});
}
