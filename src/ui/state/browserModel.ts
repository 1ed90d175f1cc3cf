import type {ToolInstance, ToolOpening} from "../tools/Tool.js";
import type {Category, Item} from "./catalog.js";
import type {HistoryCursor} from "./history.js";
import {freshHistory, historyStep} from "./history.js";
import type {InspectorRow} from "./inspectRows.js";
import type {Effect} from "./interpretKey.js";
import type {RatingState} from "./rating.js";
import {clamp} from "./scrollWindow.js";
import type {TextBuffer} from "./textBuffer.js";
import type {TranscriptFilter} from "./transcriptFilter.js";
import {cycleGroup, cyclePersona, noFilter} from "./transcriptFilter.js";
import {bufferOf, emptyBuffer, textOf} from "./textBuffer.js";
import {lastOffset} from "./wrapText.js";

/** The panes that take the keyboard, in Tab order: the order they have on the screen, top to bottom, left to right. */
export const panes = ["personas", "categories", "items", "inspector", "transcript", "playground"] as const;
export type Pane = typeof panes[number];

/** The four browser columns, which ←/→ walk through. */
export const columns: readonly Pane[] = ["personas", "categories", "items", "inspector"];

/** What an editor edits: a slot (through at:put:) or a method (through compile). */
export type EditTarget =
    | {kind: "slot", persona: string, slot: string}
    | {kind: "method", persona: string, selector: string | null, category: string | null};

/** Why an accept was refused; line and column point at the spot for a parse error. */
export type EditProblem = {message: string, line: number | null, column: number | null, snippet: string | null};

export type Editor = {target: EditTarget, buffer: TextBuffer, problem: EditProblem | null};

/** What the last Do/Print/Inspect it answered; `text` is whole (the view wraps and scrolls it). */
export type PlaygroundResult =
    | {kind: "done", text: string}
    | {kind: "printed", text: string}
    | {kind: "inspected", text: string}
    | {kind: "stopped", text: string}
    | {kind: "error", message: string, line: number | null, column: number | null};

/** Text a generation streamed into the Playground, one piece per persona turn, in order. */
export type StreamPiece = {persona: string, text: string};

export type PlaygroundState = {
    buffer: TextBuffer,
    history: HistoryCursor,
    result: PlaygroundResult | null,
    busy: boolean,
    /** What the running evaluation's generations have said so far. */
    stream: StreamPiece[],
    /** First result line shown (the result wraps and scrolls); null follows the end. */
    scroll: number | null
};

/**
 * What the inspector shows. `pinned` is an Inspect-it result; when null the inspector follows
 * the selected item. `path` is the drill-down from the root (row indices), `trail` their labels,
 * `selections` the row selected at each level above, so Esc comes back to where it was.
 * `scroll` is the first line shown of a value drawn as wrapped text (a long string).
 */
export type InspectorState = {
    pinned: {label: string, value: unknown} | null,
    path: number[],
    trail: string[],
    selections: number[],
    selected: number,
    scroll: number
};

/** A question before something that cannot be undone from here (removing a method, a persona). */
export type Confirm = {title: string, lines: string[], yes: Effect};

/** A one-line question (a method category, a selector to search for). */
export type Prompt = {title: string, hint: string, buffer: TextBuffer, accept: (text: string) => Effect | null};

export type Overlay = "none" | "help" | "confirmQuit" | "rating" | "confirm" | "prompt";

/** The whole navigation state of the browser: plain data (and open tools), changed only by `reduce`. */
export type BrowserModel = {
    focus: Pane,
    persona: number,
    category: number,
    item: number,
    inspector: InspectorState,
    editor: Editor | null,
    overlay: Overlay,
    helpScroll: number,
    /** The Architect's rating of an interaction, while its overlay is open. */
    rating: RatingState | null,
    confirm: Confirm | null,
    prompt: Prompt | null,
    playground: PlaygroundState,
    /** Lines scrolled back from the newest shown transcript line (0 follows the newest). */
    transcriptBack: number,
    /** Which persona and kind of event the Transcript shows; a view, the kept lines stay. */
    transcriptFilter: TranscriptFilter,
    notice: {kind: "ok" | "error", text: string} | null,
    /** Open tools, in the order of the tab line. */
    tools: ToolInstance[],
    /** The tool shown in the main area, by id; null shows the browser. */
    activeTool: number | null,
    nextToolId: number
};

/** What `reduce` needs to know about the data on screen (derived from the image by `deriveView`). */
export type BrowserView = {
    personaNames: readonly string[],
    categories: readonly Category[],
    items: readonly Item[],
    inspectorRows: readonly InspectorRow[],
    /** How many Transcript lines the filter lets through (what scrolling walks). */
    transcriptLines: number,
    history: readonly string[],
    /** Lines of the Playground's result as wrapped, and the rows it has. */
    resultLines: number,
    resultRows: number,
    /** Lines of the inspector's value when drawn as wrapped text (0 when it shows rows), and its rows. */
    inspectorTextLines: number,
    inspectorTextRows: number,
    helpLines: number,
    helpRows: number
};

export const freshInspector: InspectorState = {pinned: null, path: [], trail: [], selections: [], selected: 0, scroll: 0};

export function initialModel(): BrowserModel {
    return {
        focus: "personas",
        persona: 0,
        category: 0,
        item: 0,
        inspector: freshInspector,
        editor: null,
        overlay: "none",
        helpScroll: 0,
        rating: null,
        confirm: null,
        prompt: null,
        playground: {buffer: emptyBuffer, history: freshHistory, result: null, busy: false, stream: [], scroll: null},
        transcriptBack: 0,
        transcriptFilter: noFilter,
        notice: null,
        tools: [],
        activeTool: null,
        nextToolId: 1
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
    /** An accepted edit: the editor closes and the keyboard goes back to the items, where the change shows. */
    | {type: "editAccepted"}
    | {type: "playgroundBuffer", buffer: TextBuffer}
    | {type: "history", direction: "older" | "newer"}
    | {type: "evaluating"}
    | {type: "streamed", pieces: readonly StreamPiece[]}
    | {type: "evaluated", result: PlaygroundResult, source: string}
    | {type: "scroll", what: "result" | "inspector" | "help", delta: number}
    | {type: "inspect", label: string, value: unknown}
    | {type: "overlay", overlay: Overlay}
    | {type: "openRating", rating: RatingState}
    | {type: "rating", rating: RatingState}
    | {type: "closeRating"}
    | {type: "openConfirm", confirm: Confirm}
    | {type: "openPrompt", prompt: Prompt}
    | {type: "promptBuffer", buffer: TextBuffer}
    | {type: "cycleTranscriptFilter", which: "persona" | "group", step: 1 | -1}
    | {type: "notice", notice: BrowserModel["notice"]}
    /** Selects a persona, category and item in the browser (indices worked out by the caller) and focuses `focus`. */
    | {type: "reveal", persona: number, category: number, item: number, focus: Pane}
    | {type: "openTool", tool: ToolOpening}
    | {type: "toolState", id: number, change: (state: unknown) => unknown}
    | {type: "showTool", id: number | null}
    | {type: "cycleTool", step: 1 | -1}
    | {type: "closeTool", id: number};

/** The next model. Pure: everything it needs about the data comes in `view`. */
export function reduce(model: BrowserModel, action: BrowserAction, view: BrowserView): BrowserModel {
    switch (action.type) {
        case "focus":
            return {...model, focus: action.pane, activeTool: null};
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
                    selected: 0,
                    scroll: 0
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
                    selected: inspector.selections[inspector.selections.length - 1] ?? 0,
                    scroll: 0
                }
            };
        }
        case "openEditor":
            return {...model, focus: "inspector", activeTool: null, editor: {target: action.target, buffer: bufferOf(action.text), problem: null}};
        case "editBuffer":
            return model.editor == null ? model : {...model, editor: {...model.editor, buffer: action.buffer}};
        case "editRefused":
            return model.editor == null ? model : {...model, editor: {...model.editor, problem: action.problem}};
        case "closeEditor":
            return {...model, editor: null};
        case "editAccepted":
            return {...model, editor: null, focus: "items"};
        case "playgroundBuffer":
            return {...model, playground: {...model.playground, buffer: action.buffer}};
        case "history": {
            const step = historyStep(view.history, model.playground.history, textOf(model.playground.buffer), action.direction);
            if (step == null) return model;
            return {...model, playground: {...model.playground, history: step.cursor, buffer: bufferOf(step.text)}};
        }
        case "evaluating":
            return {...model, playground: {...model.playground, busy: true, stream: [], result: null, scroll: null}};
        case "streamed": {
            const stream = [...model.playground.stream];
            for (const piece of action.pieces) {
                const last = stream[stream.length - 1];
                if (last != null && last.persona === piece.persona) stream[stream.length - 1] = {...last, text: last.text + piece.text};
                else stream.push(piece);
            }
            return {...model, playground: {...model.playground, stream}};
        }
        case "evaluated":
            return {...model, playground: {...model.playground, busy: false, result: action.result, history: freshHistory, scroll: 0}};
        case "scroll":
            return scrollBy(model, view, action.what, action.delta);
        case "inspect":
            return {...model, focus: "inspector", activeTool: null, editor: null, inspector: {...freshInspector, pinned: {label: action.label, value: action.value}}};
        case "overlay":
            return {...model, overlay: action.overlay, helpScroll: action.overlay === "help" ? 0 : model.helpScroll,
                ...(action.overlay === "none" ? {confirm: null, prompt: null} : {})};
        case "openRating":
            return {...model, overlay: "rating", rating: action.rating};
        case "rating":
            return model.rating == null ? model : {...model, rating: action.rating};
        case "closeRating":
            return {...model, overlay: "none", rating: null};
        case "openConfirm":
            return {...model, overlay: "confirm", confirm: action.confirm};
        case "openPrompt":
            return {...model, overlay: "prompt", prompt: action.prompt};
        case "promptBuffer":
            return model.prompt == null ? model : {...model, prompt: {...model.prompt, buffer: action.buffer}};
        case "cycleTranscriptFilter": {
            // Another filter shows other lines: follow the newest of them rather than keep an offset into the old ones.
            const filter = model.transcriptFilter;
            const transcriptFilter = action.which === "persona" ? cyclePersona(filter, view.personaNames, action.step) : cycleGroup(filter, action.step);
            return {...model, transcriptFilter, transcriptBack: 0};
        }
        case "notice":
            return {...model, notice: action.notice};
        case "reveal":
            return {
                ...model, activeTool: null, editor: null, focus: action.focus,
                persona: action.persona, category: action.category, item: action.item, inspector: freshInspector
            };
        case "openTool": {
            const existing = model.tools.find((t) => t.key === action.tool.key);
            if (existing != null) return {...model, activeTool: existing.id, tools: model.tools.map((t) => t === existing ? {...t, state: action.tool.state} : t)};
            const id = model.nextToolId;
            return {...model, tools: [...model.tools, {id, ...action.tool}], activeTool: id, nextToolId: id + 1};
        }
        case "toolState": {
            const tools = model.tools.map((t) => t.id === action.id ? {...t, state: action.change(t.state)} : t);
            return {...model, tools};
        }
        case "showTool":
            return {...model, activeTool: action.id != null && model.tools.some((t) => t.id === action.id) ? action.id : null};
        case "cycleTool": {
            // The browser is the first stop of the ring, then the tools in the tab line's order.
            const ring: (number | null)[] = [null, ...model.tools.map((t) => t.id)];
            const index = Math.max(0, ring.indexOf(model.activeTool));
            return {...model, activeTool: ring[(index + action.step + ring.length) % ring.length] ?? null};
        }
        case "closeTool": {
            const index = model.tools.findIndex((t) => t.id === action.id);
            if (index < 0) return model;
            const tools = model.tools.filter((t) => t.id !== action.id);
            // Closing the shown tool shows the one before it in the tab line, or the browser.
            const activeTool = model.activeTool !== action.id ? model.activeTool : (tools[index - 1]?.id ?? null);
            return {...model, tools, activeTool};
        }
        default:
            return action satisfies never;
    }
}

/** The shown tool, or null when the browser is shown. */
export function activeToolOf(model: BrowserModel): ToolInstance | null {
    return model.activeTool == null ? null : model.tools.find((t) => t.id === model.activeTool) ?? null;
}

function scrollBy(model: BrowserModel, view: BrowserView, what: "result" | "inspector" | "help", delta: number): BrowserModel {
    switch (what) {
        case "result": {
            const last = lastOffset(view.resultLines, view.resultRows);
            const from = model.playground.scroll ?? last;
            return {...model, playground: {...model.playground, scroll: clamp(from + delta, 0, last)}};
        }
        case "inspector": {
            const last = lastOffset(view.inspectorTextLines, view.inspectorTextRows);
            return {...model, inspector: {...model.inspector, scroll: clamp(model.inspector.scroll + delta, 0, last)}};
        }
        case "help":
            return {...model, helpScroll: clamp(model.helpScroll + delta, 0, lastOffset(view.helpLines, view.helpRows))};
        default:
            return what satisfies never;
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
            const category = clamp(to(model.category), 0, Math.max(0, view.categories.length - 1));
            return category === model.category ? model : {...model, category, item: 0, inspector: followItem(model.inspector)};
        }
        case "items": {
            const item = clamp(to(model.item), 0, Math.max(0, view.items.length - 1));
            return item === model.item ? model : {...model, item, inspector: followItem(model.inspector)};
        }
        case "inspector": {
            if (view.inspectorRows.length === 0) return scrollBy(model, view, "inspector", to(0));
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
    return inspector.pinned == null && inspector.path.length === 0 && inspector.selected === 0 && inspector.scroll === 0 ? inspector : freshInspector;
}
