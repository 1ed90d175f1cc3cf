/**
 * Where each pane goes for a terminal size. At 80×24 everything fits: the tab line, the browser
 * columns, the Transcript, the Playground and the status bar. Extra rows go mostly to the browser
 * columns and the Transcript, extra columns mostly to the items and the inspector. A tool (a
 * conversation, the finder…) takes the rows of the browser columns and the Playground.
 */
export type Layout = {
    width: number,
    /** Rows the app draws: one less than the terminal, see below. */
    height: number,
    tabHeight: number,
    browserHeight: number,
    transcriptHeight: number,
    playgroundHeight: number,
    /** Rows of a tool: the browser columns' and the Playground's together. */
    toolHeight: number,
    personasWidth: number,
    categoriesWidth: number,
    itemsWidth: number,
    inspectorWidth: number,
    tooSmall: boolean
};

export const minimumSize = {columns: 60, rows: 16};

export function layoutFor(columns: number, rows: number): Layout {
    const width = Math.max(20, columns);
    // One row short of the terminal: Ink clears and repaints the whole screen on every frame
    // once its output is as tall as the terminal, which flickers; one row less, it rewrites only what changed.
    const height = Math.max(5, rows - 1);
    const tooSmall = columns < minimumSize.columns || rows < minimumSize.rows;
    const tabHeight = 1;
    const extraRows = Math.max(0, height - 23);
    const transcriptHeight = 5 + Math.floor(extraRows * 0.3);
    const playgroundHeight = 6 + Math.floor(extraRows * 0.15);
    const browserHeight = Math.max(4, height - 1 - tabHeight - transcriptHeight - playgroundHeight);
    const extraColumns = Math.max(0, width - 80);
    const personasWidth = 11 + Math.floor(extraColumns * 0.08);
    const categoriesWidth = 17 + Math.floor(extraColumns * 0.04);
    const itemsWidth = 22 + Math.floor(extraColumns * 0.33);
    const inspectorWidth = Math.max(10, width - personasWidth - categoriesWidth - itemsWidth);
    return {
        width, height, tabHeight, browserHeight, transcriptHeight, playgroundHeight, toolHeight: browserHeight + playgroundHeight,
        personasWidth, categoriesWidth, itemsWidth, inspectorWidth, tooSmall
    };
}

/** The Playground's rows inside its border: the input's and the result's. */
export function playgroundRows(playgroundHeight: number, inputLines: number): {input: number, result: number} {
    const inner = Math.max(2, playgroundHeight - 3);
    const input = Math.max(1, Math.min(inputLines, inner - 1));
    return {input, result: inner - input};
}

/** The size a tool's view gets inside its pane: the border takes two columns, the border and title three rows. */
export function toolInner(layout: Layout): {width: number, height: number} {
    return {width: Math.max(10, layout.width - 2), height: Math.max(3, layout.toolHeight - 3)};
}
