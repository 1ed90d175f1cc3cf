import type {Curation, PersonaRecord, Rating, RubricAxisId, ScrapbookEntry} from "../../index.js";
import {rubricAxisIds} from "../../index.js";
import type {KeyPress} from "./interpretKey.js";
import {architectJudge} from "./verdicts.js";

export {architectJudge};

/** The overlay's rows: the overall rating first, then the rubric's axes in the rubric's order. */
export const ratingRows: readonly ("overall" | RubricAxisId)[] = ["overall", ...rubricAxisIds];

/**
 * The rating overlay: the Architect rating one interaction of a persona (the one selected in the
 * scrapbook, else the newest). `empty` when the persona has no interaction yet (the overlay then only
 * says so). `row` indexes `ratingRows`; `scores` are the per-axis scores set so far; `scroll` is the
 * first line shown of the conversation; `problem` is why the last try was refused.
 */
export type RatingState =
    | {kind: "empty", persona: string, message: string}
    | {
        kind: "rate",
        persona: string,
        interactionId: string,
        /** 1-based position in the scrapbook, and how many entries it has. */
        position: number,
        count: number,
        entry: ScrapbookEntry,
        /** The conversation's first lines (tests and a one-line summary read these). */
        preview: readonly string[],
        row: number,
        scores: Partial<Record<RubricAxisId, number>>,
        scroll: number,
        problem: string | null
    };

/** What a key does in the overlay. */
export type RatingIntent =
    | {kind: "update", rating: RatingState}
    | {kind: "rate", scores: Rating}
    | {kind: "cancel"}
    | {kind: "none"};

/** The overlay for one of a persona's interactions (by default its newest), or the message that there is none. */
export function openRating(record: PersonaRecord, interactionId?: string): RatingState {
    const index = interactionId == null ? record.scrapbook.length - 1 : record.scrapbook.findIndex((e) => e.id === interactionId);
    const entry = record.scrapbook[index];
    if (entry == null)
        return {kind: "empty", persona: record.name, message: `${record.name} has no interaction to rate: its scrapbook is empty. Talk to ${record.name} first (c), then press r again.`};
    return {
        kind: "rate", persona: record.name, interactionId: entry.id, position: index + 1, count: record.scrapbook.length, entry,
        preview: previewOf(entry), row: 0, scores: {}, scroll: 0, problem: null
    };
}

/** The conversation's first lines, one `role: text` per message line, system prompt left out. */
export function previewOf(entry: ScrapbookEntry, maxLines = 6): string[] {
    const lines = conversationLines(entry);
    if (lines.length === 0) return [`(${entry.kind} without messages)`];
    return lines.length > maxLines ? [...lines.slice(0, maxLines - 1), `… ${lines.length - maxLines + 1} more lines`] : lines;
}

/** Every line of the conversation, `role: text`, without the system prompt and blank lines. */
export function conversationLines(entry: ScrapbookEntry): string[] {
    const lines: string[] = [];
    for (const message of entry.messages) {
        if (message.role === "system") continue;
        for (const line of message.content.split("\n")) {
            if (line.trim() === "") continue;
            lines.push(`${message.role}: ${line}`);
        }
    }
    return lines;
}

/**
 * What a key means in the overlay. On the overall row a digit 1–5 rates at once; on an axis row
 * it sets that axis, and Enter records the axes set so far. Tab/↓ and Shift-Tab/↑ pick the row,
 * PgUp/PgDn scroll the conversation, Backspace clears the row's score, Esc cancels without recording anything.
 */
export function ratingKey(rating: RatingState, input: string, key: KeyPress): RatingIntent {
    if (rating.kind === "empty") return key.escape || key.return || input === "r" || input === "q" ? {kind: "cancel"} : {kind: "none"};
    if (key.escape) return {kind: "cancel"};
    const rows = ratingRows.length;
    if (key.pageUp || key.pageDown) return {kind: "update", rating: {...rating, scroll: Math.max(0, rating.scroll + (key.pageUp ? -3 : 3))}};
    if (key.tab || key.downArrow || key.upArrow) {
        const step = key.upArrow || (key.tab && key.shift) ? -1 : 1;
        return {kind: "update", rating: {...rating, row: (rating.row + step + rows) % rows}};
    }
    const axis = ratingRows[rating.row] ?? "overall";
    if (key.backspace || key.delete) {
        if (axis === "overall") return {kind: "none"};
        const scores = {...rating.scores};
        delete scores[axis];
        return {kind: "update", rating: {...rating, scores, problem: null}};
    }
    if (key.return) {
        if (Object.keys(rating.scores).length > 0) return {kind: "rate", scores: rating.scores};
        return {kind: "update", rating: {...rating, problem: "No axis scored yet: press 1–5 on overall, or pick an axis with Tab/↑↓ and press 1–5."}};
    }
    if (/^[0-9]$/.test(input)) {
        const score = Number(input);
        if (score < 1 || score > 5) return {kind: "update", rating: {...rating, problem: `${score} is not a score: rate from 1 to 5.`}};
        if (axis === "overall") return {kind: "rate", scores: score};
        return {kind: "update", rating: {...rating, scores: {...rating.scores, [axis]: score}, problem: null}};
    }
    return {kind: "none"};
}

/** One line on what became of a rating: the outcome first, the interaction last. */
export function ratingOutcome(curation: Curation): string {
    const golden = curation.scores.golden.toFixed(2);
    const sample = curation.sample;
    const became = sample == null
        ? `< ${curation.threshold}, not golden`
        : sample.added ? `≥ ${curation.threshold} → golden sample ${sample.sample.id.slice(0, 8)}` : `≥ ${curation.threshold}, already golden (${sample.existing.id.slice(0, 8)})`;
    return `${curation.scores.judge}: golden ${golden} ${became} · interaction ${curation.interactionId}`;
}

/** The same, short enough for the status bar at 80 columns. */
export function ratingNotice(curation: Curation): string {
    const sample = curation.sample;
    return `✓ golden ${curation.scores.golden.toFixed(2)}${sample == null ? "" : sample.added ? " → sample" : " (dup)"}`;
}
