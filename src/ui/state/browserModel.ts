import type {Item} from "./catalog.js";
import {categories} from "./catalog.js";
import type {HistoryCursor} from "./history.js";
import {freshHistory, historyStep} from "./history.js";
import type {InspectorRow} from "./inspectRows.js";
import type {RatingState} from "./rating.js";
import {clamp} from "./scrollWindow.js";
import type {TextBuffer} from "./textBuffer.js";
import type {TranscriptFilter} from "./transcriptFilter.js";
import {cycleGroup, cyclePersona, noFilter} from "./transcriptFilter.js";
import {bufferOf, emptyBuffer, textOf} from "./textBuffer.js";

/** The panes that take the keyboard, in Tab order. */
export const panes = ["personas", "categories", "items", "inspector", "playground", "transcript"] as const;
export type Pane = typeof panes[number];

/** The four browser columns, which ←/→ walk through. */
export const columns: readonly Pane[] = ["personas", "categories", "items", "inspector"];

/** What an editor edits: a slot (through at:put:) or a method (through compile). */
export type EditTarget =
    | {kind: "slot", persona: string, slot: string}
    | {kind: "method", persona: string, selector: string | null};

/** Why an accept was refused; line and column point at the spot for a parse error. */
export type EditProblem = {message: string, line: number | null, column: number | null, snippet: string | null};

export type Editor = {target: EditTarget, buffer: TextBuffer, problem: EditProblem | null};

export type PlaygroundResult =
    | {kind: "done", text: string}
    | {kind: "printed", text: string}
    | {kind: "inspected", text: string}
    | {kind: "error", message: string, line: number | null, column: number | null};

/**
 * What the inspector shows. `pinned` is an Inspect-it result; when null the inspector follows
 * the selected item. `path` is the drill-down from the root (row indices), `trail` their labels,
 * `selections` the row selected at each level above, so Esc comes back to where it was.
 */
export type InspectorState = {
    pinned: {label: string, value: unknown} | null,
    path: number[],
    trail: string[],
    selections: number[],
    selected: number
};

export type Overlay = "none" | "help" | "confirmQuit" | "rating";

/** The whole navigation state of the browser: plain data, changed only by `reduce`. */
export type BrowserModel = {
    focus: Pane,
    persona: number,
    category: number,
    item: number,
    inspector: InspectorState,
    editor: Editor | null,
    overlay: Overlay,
    /** The Architect's rating of the last interaction, while its overlay is open. */
    rating: RatingState | null,
    playground: {buffer: TextBuffer, history: HistoryCursor, result: PlaygroundResult | null, busy: boolean},
    /** Lines scrolled back from the newest shown transcript line (0 follows the newest). */
    transcriptBack: number,
    /** Which persona and kind of event the Transcript shows; a view, the kept lines stay. */
    transcriptFilter: TranscriptFilter,
    notice: {kind: "ok" | "error", text: string} | null
};

/** What `reduce` needs to know about the data on screen (derived from the image by `deriveView`). */
export type BrowserView = {
    personaNames: readonly string[],
    items: readonly Item[],
    inspectorRows: readonly InspectorRow[],
    /** How many Transcript lines the filter lets through (what scrolling walks). */
    transcriptLines: number,
    history: readonly string[]
};

export const freshInspector: InspectorState = {pinned: null, path: [], trail: [], selections: [], selected: 0};

export function initialModel(): BrowserModel {
    return {
        focus: "personas",
        persona: 0,
        category: 0,
        item: 0,
        inspector: freshInspector,
        editor: null,
        overlay: "none",
        rating: null,
        playground: {buffer: emptyBuffer, history: freshHistory, result: null, busy: false},
        transcriptBack: 0,
        transcriptFilter: noFilter,
        notice: null
    };
}

export type BrowserAction =
    | {type: "focus", pane: Pane}
    | {type: "cycleFocus", step: 1 | -1}
    | {type: "column", step: 1 | -1}
    | {type: "move", delta: number}
    | {type: "moveTo", where: "first" | "last"}
    | {type: "drillIn"}
    | {type: "drillOut"}
    | {type: "openEditor", target: EditTarget, text: string}
    | {type: "editBuffer", buffer: TextBuffer}
    | {type: "editRefused", problem: EditProblem}
    | {type: "closeEditor"}
    | {type: "playgroundBuffer", buffer: TextBuffer}
    | {type: "history", direction: "older" | "newer"}
    | {type: "evaluating"}
    | {type: "evaluated", result: PlaygroundResult, source: string}
    | {type: "inspect", label: string, value: unknown}
    | {type: "overlay", overlay: Overlay}
    | {type: "openRating", rating: RatingState}
    | {type: "rating", rating: RatingState}
    | {type: "closeRating"}
    | {type: "cycleTranscriptFilter", which: "persona" | "group", step: 1 | -1}
    | {type: "notice", notice: BrowserModel["notice"]};

/** The next model. Pure: everything it needs about the data comes in `view`. */
export function reduce(model: BrowserModel, action: BrowserAction, view: BrowserView): BrowserModel {
    switch (action.type) {
        case "focus":
            return {...model, focus: action.pane};
        case "cycleFocus": {
            const index = panes.indexOf(model.focus);
            return {...model, focus: panes[(index + action.step + panes.length) % panes.length]!};
        }
        case "column": {
            const index = columns.indexOf(model.focus);
            if (index < 0) return model;
            return {...model, focus: columns[clamp(index + action.step, 0, columns.length - 1)]!};
        }
        case "move":
            return moveSelection(model, view, (current) => current + action.delta);
        case "moveTo":
            return moveSelection(model, view, () => action.where === "first" ? 0 : Number.MAX_SAFE_INTEGER);
        case "drillIn": {
            // A leaf can be entered too: the inspector then shows its whole value, wrapped, as
            // Pharo's inspector does for a long string.
            const row = view.inspectorRows[model.inspector.selected];
            if (row == null) return model;
            const inspector = model.inspector;
            return {
                ...model,
                focus: "inspector",
                inspector: {
                    ...inspector,
                    path: [...inspector.path, inspector.selected],
                    trail: [...inspector.trail, row.label],
                    selections: [...inspector.selections, inspector.selected],
                    selected: 0
                }
            };
        }
        case "drillOut": {
            const inspector = model.inspector;
            if (inspector.path.length === 0) {
                // At the root, Esc lets go of an Inspect-it result and goes back to the items.
                if (inspector.pinned != null) return {...model, inspector: freshInspector};
                return {...model, focus: "items"};
            }
            return {
                ...model,
                inspector: {
                    ...inspector,
                    path: inspector.path.slice(0, -1),
                    trail: inspector.trail.slice(0, -1),
                    selections: inspector.selections.slice(0, -1),
                    selected: inspector.selections[inspector.selections.length - 1] ?? 0
                }
            };
        }
        case "openEditor":
            return {...model, focus: "inspector", editor: {target: action.target, buffer: bufferOf(action.text), problem: null}};
        case "editBuffer":
            return model.editor == null ? model : {...model, editor: {...model.editor, buffer: action.buffer}};
        case "editRefused":
            return model.editor == null ? model : {...model, editor: {...model.editor, problem: action.problem}};
        case "closeEditor":
            return {...model, editor: null};
        case "playgroundBuffer":
            return {...model, playground: {...model.playground, buffer: action.buffer}};
        case "history": {
            const step = historyStep(view.history, model.playground.history, textOf(model.playground.buffer), action.direction);
            if (step == null) return model;
            return {...model, playground: {...model.playground, history: step.cursor, buffer: bufferOf(step.text)}};
        }
        case "evaluating":
            return {...model, playground: {...model.playground, busy: true}};
        case "evaluated":
            return {...model, playground: {...model.playground, busy: false, result: action.result, history: freshHistory}};
        case "inspect":
            return {...model, focus: "inspector", editor: null, inspector: {...freshInspector, pinned: {label: action.label, value: action.value}}};
        case "overlay":
            return {...model, overlay: action.overlay};
        case "openRating":
            return {...model, overlay: "rating", rating: action.rating};
        case "rating":
            return model.rating == null ? model : {...model, rating: action.rating};
        case "closeRating":
            return {...model, overlay: "none", rating: null};
        case "cycleTranscriptFilter": {
            // Another filter shows other lines: follow the newest of them rather than keep an offset into the old ones.
            const filter = model.transcriptFilter;
            const transcriptFilter = action.which === "persona" ? cyclePersona(filter, view.personaNames, action.step) : cycleGroup(filter, action.step);
            return {...model, transcriptFilter, transcriptBack: 0};
        }
        case "notice":
            return {...model, notice: action.notice};
        default:
            return action satisfies never;
    }
}

function moveSelection(model: BrowserModel, view: BrowserView, to: (current: number) => number): BrowserModel {
    switch (model.focus) {
        case "personas": {
            const persona = clamp(to(model.persona), 0, Math.max(0, view.personaNames.length - 1));
            // Another persona: keep the category, start its items and the inspector afresh.
            return persona === model.persona ? model : {...model, persona, item: 0, inspector: followItem(model.inspector)};
        }
        case "categories": {
            const category = clamp(to(model.category), 0, categories.length - 1);
            return category === model.category ? model : {...model, category, item: 0, inspector: followItem(model.inspector)};
        }
        case "items": {
            const item = clamp(to(model.item), 0, Math.max(0, view.items.length - 1));
            return item === model.item ? model : {...model, item, inspector: followItem(model.inspector)};
        }
        case "inspector": {
            const selected = clamp(to(model.inspector.selected), 0, Math.max(0, view.inspectorRows.length - 1));
            return {...model, inspector: {...model.inspector, selected}};
        }
        case "transcript": {
            // Up scrolls back (older), down towards the newest.
            const back = clamp(model.transcriptBack - (to(0)), 0, Math.max(0, view.transcriptLines - 1));
            return {...model, transcriptBack: back};
        }
        case "playground":
            return model;
        default:
            return model.focus satisfies never;
    }
}

// A new selection in the browser columns shows that item's value from its root.
function followItem(inspector: InspectorState): InspectorState {
    return inspector.pinned == null && inspector.path.length === 0 && inspector.selected === 0 ? inspector : freshInspector;
}
