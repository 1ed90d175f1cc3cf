import type {ChatMessage} from "../objects/index.js";
import {sha256Hex} from "./sha256.js";

/**
 * The content of a conversation as compared for duplicates: the user and assistant turns, in order,
 * with case folded and runs of white space collapsed. System prompts are left out: the same exchange
 * under a reworded prompt is the same sample.
 */
export function normalizedContent(messages: readonly ChatMessage[]): string {
    // JSON.stringify(messages.filter(not system).map((m) => [m.role, normalized])), built directly: an import
    // normalizes every sample it reads, and the arrays were half its cost. Roles are checked names (no escaping).
    let text = "[";
    for (const message of messages) {
        if (message.role === "system") continue;
        if (text.length > 1) text += ",";
        text += `["${message.role}",${JSON.stringify(fold(message.content).replace(whiteRuns, " ").trim())}]`;
    }
    return `${text}]`;
}

// Runs of white space that are not one plain space: replacing only those by a space gives what replacing
// every /\s+/ run gives (a lone space stays a space), with one replacement per odd run instead of one per word.
const whiteRuns = /[^\S ]\s*| \s+/g;

// ASCII text is its own NFKC form: skipping normalize() there keeps the result and halves the cost of an import.
// eslint-disable-next-line no-control-regex
const nonAscii = /[^\x00-\x7f]/;

function fold(text: string): string {
    return (nonAscii.test(text) ? text.normalize("NFKC") : text).toLowerCase();
}

/** A short stable id for a conversation: the sha256 of its normalized content. Equal content, equal id. */
export function contentId(messages: readonly ChatMessage[]): string {
    // The first 8 bytes as 16 hex digits.
    return sha256Hex(normalizedContent(messages)).slice(0, 16);
}
