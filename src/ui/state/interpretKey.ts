import type {Rating} from "../../index.js";
import type {BrowserAction, BrowserModel, BrowserView} from "./browserModel.js";
import {columns} from "./browserModel.js";
import {ratingKey} from "./rating.js";
import type {TextBuffer} from "./textBuffer.js";
import {backspace, emptyBuffer, insertNewline, insertText, moveCursor, onFirstLine, onLastLine} from "./textBuffer.js";

/** A key press as the browser sees it (Ink's Key has these fields). */
export type KeyPress = {
    upArrow: boolean, downArrow: boolean, leftArrow: boolean, rightArrow: boolean,
    pageUp: boolean, pageDown: boolean, home: boolean, end: boolean,
    return: boolean, escape: boolean, ctrl: boolean, shift: boolean, tab: boolean,
    backspace: boolean, delete: boolean, meta: boolean
};

/** Work that needs the running image; the App carries it out and dispatches what came of it. */
export type Effect =
    | {kind: "acceptEdit"}
    | {kind: "editItem"}
    | {kind: "evaluate", how: "doIt" | "printIt" | "inspectIt"}
    | {kind: "save"}
    | {kind: "requestQuit"}
    | {kind: "openRating"}
    | {kind: "rate", scores: Rating}
    | {kind: "quit", save: boolean};

export type Intent = {kind: "action", action: BrowserAction} | {kind: "effect", effect: Effect} | {kind: "none"};

const none: Intent = {kind: "none"};
const act = (action: BrowserAction): Intent => ({kind: "action", action});
const effect = (e: Effect): Intent => ({kind: "effect", effect: e});
const page = 5;

/** What a key press means in the current state. Pure: the dispatch table of the whole browser. */
export function interpretKey(model: BrowserModel, input: string, key: KeyPress, view: BrowserView): Intent {
    if (model.overlay === "help") return key.escape || input === "?" || input === "q" || key.return ? act({type: "overlay", overlay: "none"}) : none;
    if (model.overlay === "rating") return model.rating == null ? act({type: "closeRating"}) : ratingIntent(ratingKey(model.rating, input, key));
    if (model.overlay === "confirmQuit") {
        if (input === "y" || input === "Y") return effect({kind: "quit", save: true});
        if (input === "n" || input === "N") return effect({kind: "quit", save: false});
        if (key.escape || input === "c") return act({type: "overlay", overlay: "none"});
        return none;
    }
    if (key.ctrl && (input === "q" || input === "c")) return effect({kind: "requestQuit"});
    const editing = model.editor != null && model.focus === "inspector";
    if (key.ctrl && input === "s") return effect(editing ? {kind: "acceptEdit"} : {kind: "save"});
    if (key.tab) return act({type: "cycleFocus", step: key.shift ? -1 : 1});
    if (editing) return editorKey(model, input, key);
    switch (model.focus) {
        case "playground":
            return playgroundKey(model, input, key);
        case "transcript":
            if (key.upArrow) return act({type: "move", delta: -1});
            if (key.downArrow) return act({type: "move", delta: 1});
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

function commonKey(input: string): Intent {
    if (input === "?") return act({type: "overlay", overlay: "help"});
    if (input === "q") return effect({kind: "requestQuit"});
    if (input === "r") return effect({kind: "openRating"});
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
    if (key.upArrow) return act({type: "move", delta: -1});
    if (key.downArrow) return act({type: "move", delta: 1});
    if (key.pageUp) return act({type: "move", delta: -page});
    if (key.pageDown) return act({type: "move", delta: page});
    if (key.home) return act({type: "moveTo", where: "first"});
    if (key.end) return act({type: "moveTo", where: "last"});
    if (key.leftArrow) return act({type: "column", step: -1});
    if (key.rightArrow) return act({type: "column", step: 1});
    if (input === "e" && (model.focus === "items" || model.focus === "inspector")) return editable(model, view) ? effect({kind: "editItem"}) : none;
    if (key.return) {
        switch (model.focus) {
            case "personas":
            case "categories":
                return act({type: "column", step: 1});
            case "items":
                return editable(model, view) ? effect({kind: "editItem"}) : act({type: "focus", pane: "inspector"});
            case "inspector":
                return act({type: "drillIn"});
            default:
                return none;
        }
    }
    if (key.escape) {
        if (model.focus === "inspector") return act({type: "drillOut"});
        const index = columns.indexOf(model.focus);
        return index > 0 ? act({type: "column", step: -1}) : none;
    }
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
    if (key.escape) return act({type: "focus", pane: "personas"});
    if (key.upArrow && onFirstLine(buffer)) return act({type: "history", direction: "older"});
    if (key.downArrow && onLastLine(buffer)) return act({type: "history", direction: "newer"});
    const next = editText(buffer, input, key);
    return next == null ? none : act({type: "playgroundBuffer", buffer: next});
}

/** Text editing shared by the Playground and the editors; null when the key does not edit. */
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
    if (key.ctrl || key.meta || key.escape || input === "") return null;
    return insertText(buffer, input);
}
