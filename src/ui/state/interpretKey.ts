import type {ChatMessage, Rating} from "../../index.js";
import type {ToolContext, ToolIntent, ToolTask} from "../tools/Tool.js";
import type {BrowserAction, BrowserModel, BrowserView} from "./browserModel.js";
import {activeToolOf, columns} from "./browserModel.js";
import {ratingKey} from "./rating.js";
import type {TextBuffer} from "./textBuffer.js";
import {backspace, emptyBuffer, insertNewline, insertText, moveCursor, onFirstLine, onLastLine, textOf} from "./textBuffer.js";

/** A key press as the browser sees it (Ink's Key has these fields). */
export type KeyPress = {
    upArrow: boolean, downArrow: boolean, leftArrow: boolean, rightArrow: boolean,
    pageUp: boolean, pageDown: boolean, home: boolean, end: boolean,
    return: boolean, escape: boolean, ctrl: boolean, shift: boolean, tab: boolean,
    backspace: boolean, delete: boolean, meta: boolean
};

/** The searches of a selector across personas and classes. */
export type SearchKind = "senders" | "implementors" | "references";

/**
 * A tool to open, by what it shows; the session works out its state from the selection
 * (session/openTool.ts). A new tool adds its kind here and a case there.
 */
export type ToolLaunch =
    | {kind: "conversation"}
    | {kind: "finder"}
    | {kind: "search", how: SearchKind, selector: string | null}
    | {kind: "versions"}
    /** What a persona sees; by default the selected persona with an empty conversation. */
    | {kind: "context", persona?: string, history?: readonly ChatMessage[], draft?: string}
    | {kind: "result"}
    /** The philosophical loop for the selected persona: research log, candidates, sandbox verdicts, lineage, approval. */
    | {kind: "evolution"};

/** Work that needs the running image; the App carries it out and dispatches what came of it. */
export type Effect =
    | {kind: "acceptEdit"}
    | {kind: "editItem"}
    | {kind: "evaluate", how: "doIt" | "printIt" | "inspectIt"}
    | {kind: "save"}
    | {kind: "requestQuit"}
    | {kind: "openRating"}
    | {kind: "rate", scores: Rating}
    | {kind: "quit", save: boolean}
    /** Ctrl-C: stops the generations running in the foreground, or asks to quit when there are none. */
    | {kind: "interrupt"}
    | {kind: "undo"}
    | {kind: "redo"}
    | {kind: "open", tool: ToolLaunch}
    | {kind: "toolTask", id: number, task: ToolTask<unknown>}
    | {kind: "closeTool", id: number}
    /** Asks before removing the selected free slot, method or persona. */
    | {kind: "remove"}
    | {kind: "removeNow", target: RemoveTarget}
    /** Asks for the selected method's new category. */
    | {kind: "classify"}
    | {kind: "classifyAs", persona: string, selector: string, category: string}
    | {kind: "revert", persona: string, selector: string, source: string, category: string};

/** What can be removed from the browser. */
export type RemoveTarget =
    | {kind: "slot", persona: string, slot: string}
    | {kind: "method", persona: string, selector: string}
    | {kind: "persona", persona: string};

export type Intent =
    | {kind: "action", action: BrowserAction}
    /** Actions in order, then (optionally) an effect. */
    | {kind: "actions", actions: BrowserAction[], then?: Effect}
    | {kind: "effect", effect: Effect}
    | {kind: "none"};

const none: Intent = {kind: "none"};
const act = (action: BrowserAction): Intent => ({kind: "action", action});
const effect = (e: Effect): Intent => ({kind: "effect", effect: e});
const page = 5;

/**
 * What a key press means in the current state: the dispatch table of the whole browser. Pure, but
 * for a shown tool's own key handler, which reads `toolContext`.
 */
export function interpretKey(model: BrowserModel, input: string, key: KeyPress, view: BrowserView, toolContext: ToolContext | null = null): Intent {
    const overlay = overlayKey(model, input, key);
    if (overlay != null) return overlay;
    const editing = model.editor != null && model.focus === "inspector" && model.activeTool == null;
    if (key.ctrl) {
        switch (input) {
            case "c": return effect({kind: "interrupt"});
            case "q": return effect({kind: "requestQuit"});
            case "s": return effect(editing ? {kind: "acceptEdit"} : {kind: "save"});
            case "f": return effect({kind: "open", tool: {kind: "finder"}});
            case "n": return act({type: "cycleTool", step: 1});
            case "w": return model.activeTool == null ? none : effect({kind: "closeTool", id: model.activeTool});
            case "z": return editing ? none : effect({kind: "undo"});
            case "y": return editing ? none : effect({kind: "redo"});
            default:
                break;
        }
    }
    const tool = activeToolOf(model);
    if (tool != null) return toolContext == null ? none : fromTool(tool.id, tool.definition.keys(tool.state, input, key, toolContext));
    if (key.tab) return act({type: "cycleFocus", step: key.shift ? -1 : 1});
    if (editing) return editorKey(model, input, key);
    switch (model.focus) {
        case "playground":
            return playgroundKey(model, input, key);
        case "transcript":
            if (key.upArrow) return act({type: "move", delta: -1});
            if (key.downArrow) return act({type: "move", delta: 1});
            if (key.pageUp) return act({type: "move", delta: -page});
            if (key.pageDown) return act({type: "move", delta: page});
            if (key.escape) return act({type: "focus", pane: "personas"});
            // Shifted, the walk goes backwards.
            if (input === "f" || input === "F") return act({type: "cycleTranscriptFilter", which: "persona", step: input === "f" ? 1 : -1});
            if (input === "t" || input === "T") return act({type: "cycleTranscriptFilter", which: "group", step: input === "t" ? 1 : -1});
            return commonKey(input);
        case "personas":
        case "categories":
        case "items":
        case "inspector":
            return browserKey(model, input, key, view);
        default:
            return model.focus satisfies never;
    }
}

function overlayKey(model: BrowserModel, input: string, key: KeyPress): Intent | null {
    switch (model.overlay) {
        case "none":
            return null;
        case "help":
            if (key.upArrow) return act({type: "scroll", what: "help", delta: -1});
            if (key.downArrow) return act({type: "scroll", what: "help", delta: 1});
            if (key.pageUp) return act({type: "scroll", what: "help", delta: -page});
            if (key.pageDown) return act({type: "scroll", what: "help", delta: page});
            return key.escape || input === "?" || input === "q" || key.return ? act({type: "overlay", overlay: "none"}) : none;
        case "rating":
            return model.rating == null ? act({type: "closeRating"}) : ratingIntent(ratingKey(model.rating, input, key));
        case "confirmQuit":
            if (input === "y" || input === "Y") return effect({kind: "quit", save: true});
            if (input === "n" || input === "N") return effect({kind: "quit", save: false});
            if (key.escape || input === "c") return act({type: "overlay", overlay: "none"});
            return none;
        case "confirm":
            if (model.confirm == null) return act({type: "overlay", overlay: "none"});
            if (input === "y" || input === "Y") return closeThen(model.confirm.yes);
            if (input === "n" || input === "N" || key.escape) return act({type: "overlay", overlay: "none"});
            return none;
        case "prompt": {
            const prompt = model.prompt;
            if (prompt == null) return act({type: "overlay", overlay: "none"});
            if (key.escape) return act({type: "overlay", overlay: "none"});
            if (key.return) {
                const accepted = prompt.accept(textOf(prompt.buffer).trim());
                return accepted == null ? none : closeThen(accepted);
            }
            // One line: Enter accepts, so it never reaches the buffer.
            const buffer = editText(prompt.buffer, input, key);
            return buffer == null ? none : act({type: "promptBuffer", buffer});
        }
        default:
            return model.overlay satisfies never;
    }
}

/** The overlay closes, then the effect runs. */
function closeThen(then: Effect): Intent {
    return {kind: "actions", actions: [{type: "overlay", overlay: "none"}], then};
}

/** A tool's intent as the browser's. */
function fromTool(id: number, intent: ToolIntent<unknown>): Intent {
    switch (intent.kind) {
        case "state": {
            const state = intent.state;
            return act({type: "toolState", id, change: () => state});
        }
        case "task": {
            const {task} = intent;
            if (intent.state === undefined) return effect({kind: "toolTask", id, task});
            const state = intent.state;
            return {kind: "actions", actions: [{type: "toolState", id, change: () => state}], then: {kind: "toolTask", id, task}};
        }
        case "close":
            return effect({kind: "closeTool", id});
        case "leave":
            return act({type: "showTool", id: null});
        case "browser":
            return {kind: "actions", actions: intent.actions};
        case "effect":
            return effect(intent.effect);
        case "none":
            return none;
        default:
            return intent satisfies never;
    }
}

function commonKey(input: string): Intent {
    if (input === "?") return act({type: "overlay", overlay: "help"});
    if (input === "q") return effect({kind: "requestQuit"});
    if (input === "r") return effect({kind: "openRating"});
    if (input === "c") return effect({kind: "open", tool: {kind: "conversation"}});
    if (input === "w") return effect({kind: "open", tool: {kind: "context"}});
    if (input === "/") return effect({kind: "open", tool: {kind: "finder"}});
    if (input === "u") return effect({kind: "undo"});
    if (input === "U") return effect({kind: "redo"});
    return none;
}

function ratingIntent(intent: ReturnType<typeof ratingKey>): Intent {
    switch (intent.kind) {
        case "update":
            return act({type: "rating", rating: intent.rating});
        case "rate":
            return effect({kind: "rate", scores: intent.scores});
        case "cancel":
            return act({type: "closeRating"});
        case "none":
            return none;
        default:
            return intent satisfies never;
    }
}

function browserKey(model: BrowserModel, input: string, key: KeyPress, view: BrowserView): Intent {
    const textInspector = model.focus === "inspector" && view.inspectorRows.length === 0 && view.inspectorTextLines > 0;
    if (key.upArrow) return act({type: "move", delta: -1});
    if (key.downArrow) return act({type: "move", delta: 1});
    if (key.pageUp) return act(textInspector ? {type: "scroll", what: "inspector", delta: -view.inspectorTextRows} : {type: "move", delta: -page});
    if (key.pageDown) return act(textInspector ? {type: "scroll", what: "inspector", delta: view.inspectorTextRows} : {type: "move", delta: page});
    if (key.home) return act({type: "moveTo", where: "first"});
    if (key.end) return act({type: "moveTo", where: "last"});
    if (key.leftArrow) return act({type: "column", step: -1});
    if (key.rightArrow) return act({type: "column", step: 1});
    const item = view.items[model.item];
    const onItem = model.focus === "items" || (model.focus === "inspector" && model.inspector.pinned == null && model.inspector.path.length === 0);
    if (input === "e" && (model.focus === "items" || model.focus === "inspector")) return editable(model, view) ? effect({kind: "editItem"}) : none;
    if (key.return) {
        switch (model.focus) {
            case "personas":
            case "categories":
                return act({type: "column", step: 1});
            case "items":
                return editable(model, view) ? effect({kind: "editItem"}) : act({type: "focus", pane: "inspector"});
            case "inspector":
                // A method's source is edited, not drilled into.
                return view.inspectorRows.length === 0 && onItem && item?.kind === "method" ? effect({kind: "editItem"}) : act({type: "drillIn"});
            default:
                return none;
        }
    }
    if (key.escape) {
        if (model.focus === "inspector") return act({type: "drillOut"});
        const index = columns.indexOf(model.focus);
        return index > 0 ? act({type: "column", step: -1}) : none;
    }
    const method = onItem && item?.kind === "method" ? item.selector : null;
    switch (input) {
        case "n":
            return effect({kind: "open", tool: {kind: "search", how: "senders", selector: method}});
        case "m":
            return effect({kind: "open", tool: {kind: "search", how: "implementors", selector: method}});
        case "g":
            return effect({kind: "open", tool: {kind: "search", how: "references", selector: method}});
        case "v":
            return method == null ? act({type: "notice", notice: {kind: "error", text: "v shows a method's versions: select a method first"}}) : effect({kind: "open", tool: {kind: "versions"}});
        case "k":
            return method == null ? act({type: "notice", notice: {kind: "error", text: "k sets a method's category: select a method first"}}) : effect({kind: "classify"});
        case "d":
            return effect({kind: "remove"});
        case "l":
            return effect({kind: "open", tool: {kind: "evolution"}});
        default:
            break;
    }
    if (key.delete && model.focus !== "inspector") return effect({kind: "remove"});
    return commonKey(input);
}

/** Slots and methods can be edited; data in the other categories is inspected. */
function editable(model: BrowserModel, view: BrowserView): boolean {
    if (model.focus === "inspector" && (model.inspector.pinned != null || model.inspector.path.length > 0)) return false;
    const item = view.items[model.item];
    return item != null && (item.kind === "slot" || item.kind === "method" || item.kind === "newMethod");
}

function editorKey(model: BrowserModel, input: string, key: KeyPress): Intent {
    const editor = model.editor!;
    if (key.escape) return act({type: "closeEditor"});
    if (key.return && editor.target.kind === "slot") return effect({kind: "acceptEdit"});
    const buffer = editText(editor.buffer, input, key);
    return buffer == null ? none : act({type: "editBuffer", buffer});
}

function playgroundKey(model: BrowserModel, input: string, key: KeyPress): Intent {
    const buffer = model.playground.buffer;
    if (key.ctrl && input === "d") return effect({kind: "evaluate", how: "doIt"});
    if (key.ctrl && input === "p") return effect({kind: "evaluate", how: "printIt"});
    if (key.ctrl && input === "o") return effect({kind: "evaluate", how: "inspectIt"});
    if (key.ctrl && input === "v") return effect({kind: "open", tool: {kind: "result"}});
    if (key.pageUp) return act({type: "scroll", what: "result", delta: -2});
    if (key.pageDown) return act({type: "scroll", what: "result", delta: 2});
    if (key.escape) return act({type: "focus", pane: "personas"});
    if (key.upArrow && onFirstLine(buffer)) return act({type: "history", direction: "older"});
    if (key.downArrow && onLastLine(buffer)) return act({type: "history", direction: "newer"});
    const next = editText(buffer, input, key);
    return next == null ? none : act({type: "playgroundBuffer", buffer: next});
}

/** Text editing shared by the Playground, the editors, prompts and tools; null when the key does not edit. */
export function editText(buffer: TextBuffer, input: string, key: KeyPress): TextBuffer | null {
    if (key.ctrl && input === "u") return emptyBuffer;
    if (key.return) return insertNewline(buffer);
    if (key.backspace || key.delete) return backspace(buffer);
    if (key.leftArrow) return moveCursor(buffer, "left");
    if (key.rightArrow) return moveCursor(buffer, "right");
    if (key.upArrow) return moveCursor(buffer, "up");
    if (key.downArrow) return moveCursor(buffer, "down");
    if (key.home || (key.ctrl && input === "a")) return moveCursor(buffer, "home");
    if (key.end || (key.ctrl && input === "e")) return moveCursor(buffer, "end");
    if (key.ctrl || key.meta || key.escape || key.tab || input === "") return null;
    return insertText(buffer, input);
}
