/**
 * Where each pane goes for a terminal size. At 80×24 everything fits; extra rows go mostly to the
 * browser columns and the Transcript, extra columns mostly to the items and the inspector.
 */
export type Layout = {
    width: number,
    /** Rows the app draws: one less than the terminal, see below. */
    height: number,
    browserHeight: number,
    transcriptHeight: number,
    playgroundHeight: number,
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
    const extraRows = Math.max(0, height - 23);
    const transcriptHeight = 5 + Math.floor(extraRows * 0.3);
    const playgroundHeight = 6 + Math.floor(extraRows * 0.15);
    const browserHeight = Math.max(4, height - 1 - transcriptHeight - playgroundHeight);
    const extraColumns = Math.max(0, width - 80);
    const personasWidth = 11 + Math.floor(extraColumns * 0.08);
    const categoriesWidth = 17 + Math.floor(extraColumns * 0.04);
    const itemsWidth = 22 + Math.floor(extraColumns * 0.33);
    const inspectorWidth = Math.max(10, width - personasWidth - categoriesWidth - itemsWidth);
    return {width, height, browserHeight, transcriptHeight, playgroundHeight, personasWidth, categoriesWidth, itemsWidth, inspectorWidth, tooSmall};
}
