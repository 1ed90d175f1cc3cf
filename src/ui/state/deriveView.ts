import type {PersonaRecord, WorldState} from "../../index.js";
import type {BrowserModel, BrowserView} from "./browserModel.js";
import type {Category, Item} from "./catalog.js";
import {categories, itemsOf} from "./catalog.js";
import type {InspectorRow} from "./inspectRows.js";
import {inspectRows, valueAt} from "./inspectRows.js";

/** Everything the panes draw, computed from the model and the image state. */
export type ScreenView = BrowserView & {
    records: readonly PersonaRecord[],
    record: PersonaRecord | null,
    category: Category,
    item: Item | null,
    /** The inspector's title: the root's label, then the drill trail. */
    inspectorTitle: string,
    inspectorValue: unknown,
    inspectorRows: readonly InspectorRow[],
    /** True when the drilled value has disappeared (the data changed under the inspector). */
    inspectorGone: boolean
};

/** Derives the screen from the model and the image; pure, so it is tested without a terminal. */
export function deriveView(model: BrowserModel, world: WorldState, transcriptLines: number): ScreenView {
    const records = Object.values(world.personas);
    const record = records[Math.min(model.persona, records.length - 1)] ?? null;
    const category = categories[model.category] ?? "slots";
    const items = record == null ? [] : itemsOf(record, category);
    const item = items[Math.min(model.item, items.length - 1)] ?? null;
    const pinned = model.inspector.pinned;
    const rootLabel = pinned?.label ?? (item == null ? "" : `${record?.name ?? ""} ${item.label}`);
    const root = pinned == null ? item?.value : pinned.value;
    const reached = valueAt(root, model.inspector.path);
    return {
        personaNames: records.map((r) => r.name),
        records,
        record,
        category,
        items,
        item,
        inspectorTitle: [rootLabel, ...model.inspector.trail].join(" › "),
        inspectorValue: reached.value,
        inspectorRows: reached.found ? inspectRows(reached.value) : [],
        inspectorGone: !reached.found,
        transcriptLines,
        history: world.playgroundHistory
    };
}
