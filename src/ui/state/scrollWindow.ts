/**
 * Which rows of a long list are visible in `height` rows so that `selected` stays in view,
 * and the "position" label a pane shows (e.g. "12/340"). Pure, so scrolling is unit-tested.
 */
export type ScrollWindow = {start: number, end: number, position: string};

export function scrollWindow(count: number, selected: number, height: number): ScrollWindow {
    const rows = Math.max(1, height);
    if (count <= 0) return {start: 0, end: 0, position: "0/0"};
    const index = clamp(selected, 0, count - 1);
    // Keep the selection a third of the way down so there is context on both sides.
    const lead = Math.floor(rows / 3);
    const start = clamp(index - lead, 0, Math.max(0, count - rows));
    return {start, end: Math.min(count, start + rows), position: `${index + 1}/${count}`};
}

export function clamp(value: number, low: number, high: number): number {
    return Math.max(low, Math.min(high, value));
}
