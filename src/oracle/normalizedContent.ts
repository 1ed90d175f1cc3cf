import {createHash} from "node:crypto";
import type {ChatMessage} from "../objects/index.js";

/**
 * The content of a conversation as compared for duplicates: the user and assistant turns, in order,
 * with case folded and runs of white space collapsed. System prompts are left out: the same exchange
 * under a reworded prompt is the same sample.
 */
export function normalizedContent(messages: readonly ChatMessage[]): string {
    return JSON.stringify(messages.filter((m) => m.role !== "system")
        .map((m) => [m.role, m.content.normalize("NFKC").toLowerCase().replace(/\s+/g, " ").trim()]));
}

/** A short stable id for a conversation: the sha256 of its normalized content. Equal content, equal id. */
export function contentId(messages: readonly ChatMessage[]): string {
    return createHash("sha256").update(normalizedContent(messages)).digest("hex").slice(0, 16);
}
