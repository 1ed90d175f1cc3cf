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
        const content = message.content;
        // Plain text (printable ASCII, so its own NFKC form) stays plain once lower-cased: one scan, no fold.
        if (!notPlain.test(content)) {
            text += `["${message.role}","${content.toLowerCase()}"]`;
            continue;
        }
        const folded = fold(content);
        text += notPlain.test(folded) ? `["${message.role}",${JSON.stringify(folded.replace(whiteRuns, " ").trim())}]` : `["${message.role}","${folded}"]`;
    }
    return `${text}]`;
}

// Runs of white space that are not one plain space: replacing only those by a space gives what replacing
// every /\s+/ run gives (a lone space stays a space), with one replacement per odd run instead of one per word.
const whiteRuns = /[^\S ]\s*| \s+/g;

// A character that is not printable ASCII or is `"` or `\`, two spaces, or a space at an end. Folded text
// without any is its own normalized form (no white space but single spaces between words) and its JSON
// is itself in quotes: one scan instead of a replace, a trim and a JSON.stringify, for most replies.
const notPlain = /[^ !#-[\]-~]| {2}|^ | $/;

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
