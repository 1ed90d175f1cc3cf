import type {PersonaRecord, WorldState} from "../../index.js";
import type {BrowserModel, BrowserView} from "./browserModel.js";
import type {Category, Item} from "./catalog.js";
import {categoriesOf, itemsOf} from "./catalog.js";
import type {InspectorRow} from "./inspectRows.js";
import {describe, fullText, inspectRows, valueAt} from "./inspectRows.js";
import type {Layout} from "./layout.js";
import {playgroundRows} from "./layout.js";
import {resultText, wrapCached} from "./resultText.js";

/** Everything the panes draw, computed from the model and the image state. */
export type ScreenView = BrowserView & {
    records: readonly PersonaRecord[],
    record: PersonaRecord | null,
    category: Category,
    item: Item | null,
    /** The inspector's title: the root's label, then the drill trail. */
    inspectorTitle: string,
    inspectorValue: unknown,
    /** The inspected value as wrapped lines, when it has no rows to drill into (a String, a number). */
    inspectorText: readonly string[],
    /** True when the drilled value has disappeared (the data changed under the inspector). */
    inspectorGone: boolean,
    /** The Playground's result (or stream) as wrapped lines. */
    result: {lines: readonly string[], tone: ReturnType<typeof resultText>["tone"]}
};

const noCategory: Category = {kind: "slots", label: "slots", methodCategory: null};

/** Derives the screen from the model, the image and the layout; pure, so it is tested without a terminal. */
export function deriveView(model: BrowserModel, world: WorldState, transcriptLines: number, layout: Layout, helpLines = 0): ScreenView {
    const records = Object.values(world.personas);
    const record = records[Math.min(model.persona, records.length - 1)] ?? null;
    const categories = record == null ? [noCategory] : categoriesOf(record);
    const category = categories[Math.min(model.category, categories.length - 1)] ?? noCategory;
    const items = record == null ? [] : itemsOf(record, category);
    const item = items[Math.min(model.item, items.length - 1)] ?? null;
    const pinned = model.inspector.pinned;
    const rootLabel = pinned?.label ?? (item == null ? "" : `${record?.name ?? ""} ${item.label}`);
    const root = pinned == null ? item?.value : pinned.value;
    const reached = valueAt(root, model.inspector.path);
    // A method at the root shows its source, scrolled like text; the pane's last row is its hint.
    const methodSource = pinned == null && model.inspector.path.length === 0 && item?.kind === "method" ? item.source : null;
    const rows: InspectorRow[] = reached.found && methodSource == null ? inspectRows(reached.value) : [];
    // A value without rows is shown whole, wrapped, under the title; the pane's border and title take 3 rows.
    const inspectorTextRows = Math.max(1, layout.browserHeight - 3 - (methodSource == null ? 0 : 1));
    const textWidth = Math.max(4, layout.inspectorWidth - 2);
    const inspectorText = methodSource != null ? wrapCached(methodSource, textWidth)
        : reached.found && rows.length === 0 ? wrapCached(fullText(reached.value), textWidth) : [];
    const shown = resultText(model.playground);
    const resultLines = wrapCached(shown.text, Math.max(4, layout.width - 2));
    return {
        personaNames: records.map((r) => r.name),
        categories,
        records,
        record,
        category,
        items,
        item,
        inspectorTitle: [rootLabel, ...model.inspector.trail].join(" › "),
        inspectorValue: reached.value,
        inspectorRows: rows,
        inspectorText,
        inspectorGone: !reached.found,
        transcriptLines,
        history: world.playgroundHistory,
        result: {lines: shown.text === "" ? [] : resultLines, tone: shown.tone},
        resultLines: shown.text === "" ? 0 : resultLines.length,
        resultRows: playgroundRows(layout.playgroundHeight, model.playground.buffer.lines.length).result,
        inspectorTextLines: inspectorText.length,
        inspectorTextRows,
        helpLines,
        // The overlay's height (between the tab line and the status bar) less its border, title and note.
        helpRows: Math.max(1, layout.height - 1 - layout.tabHeight - 4)
    };
}

export {describe};
