/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {WorldState} from "../../../index.js";
import {classCatalog, recordSlot} from "../../../index.js";
import {BufferView} from "../../components/BufferView.js";
import {TextView} from "../../components/TextView.js";
import type {BrowserAction} from "../../state/browserModel.js";
import {categoriesOf, itemsOf} from "../../state/catalog.js";
import {fullText} from "../../state/inspectRows.js";
import type {KeyPress} from "../../state/interpretKey.js";
import {editText} from "../../state/interpretKey.js";
import {scrollWindow} from "../../state/scrollWindow.js";
import type {TextBuffer} from "../../state/textBuffer.js";
import {bufferOf, textOf} from "../../state/textBuffer.js";
import {wrapText} from "../../state/wrapText.js";
import type {ToolContext, ToolDefinition, ToolIntent, ToolViewProps} from "../Tool.js";
import type {FinderMode, Hit, HitRef} from "./finderIndex.js";
import {findHits, finderModes, placeOf, searchHits} from "./finderIndex.js";

/** The finder: a mode (find anything, or senders / implementors / references of a selector), the query, the selected hit. */
export type FinderState = {mode: FinderMode, query: TextBuffer, selected: number};

export function freshFinder(mode: FinderMode = "find", query = ""): FinderState {
    return {mode, query: bufferOf(query), selected: 0};
}

const modeTitles: Record<FinderMode, string> = {find: "Find", senders: "Senders of", implementors: "Implementors of", references: "References to"};

let cached: {world: WorldState, mode: FinderMode, query: string, result: {hits: Hit[], total: number}} | null = null;

/** The hits for the finder's state (remembered for the last state: the keys and the view both ask). */
export function finderResults(state: FinderState, world: WorldState, primitives: () => Iterable<string>): {hits: Hit[], total: number} {
    const query = textOf(state.query);
    if (cached != null && cached.world === world && cached.mode === state.mode && cached.query === query) return cached.result;
    const result = state.mode === "find" ? findHits(world, query) : (() => {
        const hits = searchHits(world, state.mode, query, primitives());
        return {hits, total: hits.length};
    })();
    cached = {world, mode: state.mode, query, result};
    return result;
}

// Rows: the query line, the mode line, the list/preview.
const listRows = (height: number) => Math.max(1, height - 2);

function keys(state: FinderState, input: string, key: KeyPress, context: ToolContext): ToolIntent<FinderState> {
    const {hits} = finderResults(state, context.world, () => context.session.runtime.primitives.keys());
    const select = (selected: number): ToolIntent<FinderState> => ({kind: "state", state: {...state, selected: Math.max(0, Math.min(hits.length - 1, selected))}});
    if (key.upArrow) return select(state.selected - 1);
    if (key.downArrow) return select(state.selected + 1);
    if (key.pageUp) return select(state.selected - listRows(context.height));
    if (key.pageDown) return select(state.selected + listRows(context.height));
    if (key.escape) return {kind: "leave"};
    if (key.tab) {
        const index = finderModes.indexOf(state.mode);
        const mode = finderModes[(index + (key.shift ? -1 : 1) + finderModes.length) % finderModes.length]!;
        // From a method found by name, the next search is about its selector.
        const hit = hits[state.selected];
        const query = state.mode === "find" && hit?.ref.kind === "method" ? hit.ref.selector : textOf(state.query);
        return {kind: "state", state: {mode, query: bufferOf(query), selected: 0}};
    }
    if (key.return) {
        const hit = hits[state.selected];
        if (hit == null) return {kind: "none"};
        const reveal = revealAction(context.world, hit.ref);
        if (reveal == null) return {kind: "browser", actions: [{type: "notice", notice: {kind: "error", text: `${hit.label} is built in: it has no source in the image`}}]};
        return {kind: "browser", actions: [reveal]};
    }
    const query = editText(state.query, input, key);
    if (query == null || query.lines.length > 1) return {kind: "none"};
    return {kind: "state", state: {...state, query, selected: 0}};
}

/** The browser action that selects a hit's persona, category and item, and focuses the items. */
export function revealAction(world: WorldState, ref: HitRef): BrowserAction | null {
    const place = placeOf(ref);
    if (place == null) return null;
    const records = Object.values(world.personas);
    const persona = records.findIndex((r) => r.name === place.persona);
    if (persona < 0) return null;
    const categories = categoriesOf(records[persona]!);
    const category = categories.findIndex((c) => c.kind === place.category && c.methodCategory == null);
    const items = itemsOf(records[persona]!, categories[category]!);
    const item = Math.max(0, items.findIndex((i) => place.item(i as never)));
    return {type: "reveal", persona, category, item, focus: ref.kind === "persona" ? "personas" : "items"};
}

/** What the preview pane shows for a hit. */
export function previewOf(ref: HitRef, world: WorldState): string {
    const record = "persona" in ref ? Object.values(world.personas).find((r) => r.name === ref.persona) : undefined;
    switch (ref.kind) {
        case "persona":
            return record == null ? "" : `${record.name}: ${record.codex.identity}\n\n${Object.keys(record.methods).length} methods · ` +
                `${record.scrapbook.length} interactions · ${record.goldenDataset.length} golden samples\nmodel ${record.baseModelPath ?? "none"}`;
        case "method":
            return record?.methods[ref.selector]?.source ?? "(gone)";
        case "slot":
            return record == null ? "" : fullText(ref.free ? record.slots[ref.slot] : recordSlot(record, ref.slot));
        case "sample": {
            const sample = record?.goldenDataset.at(ref.index);
            return sample == null ? "(gone)" : sample.messages.map((m) => `${m.role}: ${m.content}`).join("\n");
        }
        case "handler":
            return record?.subscriptions[ref.event]?.source ?? "(gone)";
        case "class": {
            const c = classCatalog().find((k) => k.name === ref.className);
            if (c == null) return "";
            return `${c.name} (superclass ${c.superclass ?? "none"}), built in\n\n${c.selectors.map((s) => `#${s}`).join(" ")}` +
                (c.classSelectors.length === 0 ? "" : `\n\nclass side: ${c.classSelectors.map((s) => `#${s}`).join(" ")}`);
        }
        case "primitive":
            return `Every persona answers #${ref.selector}: a primitive of the runtime (TypeScript), with no Smalltalk source. A persona's own method of that selector comes first.`;
        default:
            return ref satisfies never;
    }
}

function FinderView({state, world, width, height, theme, focused, session}: ToolViewProps<FinderState>) {
    const {hits, total} = finderResults(state, world, () => session.runtime.primitives.keys());
    const rows = listRows(height);
    const listWidth = Math.max(20, Math.floor(width * 0.5));
    const previewWidth = Math.max(10, width - listWidth - 1);
    const window = scrollWindow(hits.length, state.selected, rows);
    const selected = hits[state.selected];
    const preview = selected == null ? [] : wrapText(previewOf(selected.ref, world), previewWidth);
    const query = textOf(state.query);
    const empty = query.trim() === ""
        ? state.mode === "find" ? "Type part of a name: a persona, a method, a slot, a class, a golden sample." : "Type a selector, e.g. chat: or greet:"
        : state.mode === "find" ? "Nothing matches." : `No ${state.mode} of #${query.trim().replace(/^#/, "")}.`;
    return (
        <Box flexDirection="column" width={width} height={height}>
            <Box height={1}>
                <Text bold color={theme.focus}>{modeTitles[state.mode]}: </Text>
                <BufferView buffer={state.query} height={1} width={Math.max(4, width - modeTitles[state.mode].length - 2)} showCursor={focused} theme={theme} />
            </Box>
            <Text wrap="truncate-end" color={theme.muted}>
                {finderModes.map((m) => m === state.mode ? `[${m}]` : m).join(" ")} · Tab mode · ↑↓ pick · Enter show it · {hits.length < total ? `${hits.length} best of ${total}` : `${total} found`}
            </Text>
            <Box height={rows}>
                <Box flexDirection="column" width={listWidth} height={rows} overflow="hidden">
                    {hits.length === 0 ? <Text color={theme.muted} wrap="wrap">{empty}</Text> : null}
                    {hits.slice(window.start, window.end).map((hit, offset) => {
                        const index = window.start + offset;
                        const isSelected = index === state.selected;
                        return (
                            <Box key={index} height={1}>
                                <Text inverse={isSelected} wrap="truncate-end">
                                    {isSelected ? "›" : " "}{hit.label}<Text color={isSelected ? undefined : theme.muted}>  {hit.tag}</Text>
                                </Text>
                            </Box>
                        );
                    })}
                </Box>
                <Box width={1} height={rows}><Text color={theme.border}>{"│\n".repeat(rows).trimEnd()}</Text></Box>
                <Box width={previewWidth} height={rows} overflow="hidden">
                    <TextView lines={preview} offset={0} rows={rows} />
                </Box>
            </Box>
        </Box>
    );
}

export const finderTool: ToolDefinition<FinderState> = {
    kind: "finder",
    title: (state) => state.mode === "find" ? "Find" : `${state.mode} #${textOf(state.query).trim()}`,
    keys,
    View: FinderView,
    help: [
        {keys: "type / ↑↓ PgUp PgDn", action: "narrow the list / pick a hit"},
        {keys: "Tab / Shift-Tab", action: "find, senders, implementors, references"},
        {keys: "Enter", action: "show the hit in the browser"},
        {keys: "Esc / Ctrl-W", action: "back to the browser / close"}
    ]
};
