/**
 * Navigation in the Playground history (kept in the image, newest last), as in a shell:
 * ↑ goes to older entries, ↓ to newer ones and finally back to the draft being typed.
 * `index` is null while editing the draft.
 */
export type HistoryCursor = {index: number | null, draft: string};

export const freshHistory: HistoryCursor = {index: null, draft: ""};

/** Answers the new cursor and the text to show, or null when there is nowhere to go. */
export function historyStep(history: readonly string[], cursor: HistoryCursor, current: string, direction: "older" | "newer"): {cursor: HistoryCursor, text: string} | null {
    if (direction === "older") {
        if (history.length === 0) return null;
        const index = cursor.index == null ? history.length - 1 : cursor.index - 1;
        if (index < 0) return null;
        const draft = cursor.index == null ? current : cursor.draft;
        return {cursor: {index, draft}, text: history[index]!};
    }
    if (cursor.index == null) return null;
    const index = cursor.index + 1;
    if (index >= history.length) return {cursor: {index: null, draft: ""}, text: cursor.draft};
    return {cursor: {index, draft: cursor.draft}, text: history[index]!};
}
