import type {KeyPress} from "../state/interpretKey.js";
import {editText} from "../state/interpretKey.js";
import type {TextBuffer} from "../state/textBuffer.js";
import {bufferOf, textOf} from "../state/textBuffer.js";

/** Contexts shown before the stack is expanded (`+`). */
export const shortStack = 5;

/**
 * The debugger pane's state: the selected context, whether the whole stack shows, and what the
 * keys do now: choose on the stack, type a value (for Proceed or Return), edit the selected method,
 * or choose where Create puts the missing method.
 */
export type DebuggerModel = {
    selected: number,
    expanded: boolean,
    mode: "stack" | "value" | "edit" | "create" | "draft",
    /** A synthesized draft shown for accepting: the report (draft and gates), and whether it passed. */
    draft: {text: string, passed: boolean} | null,
    /** What the typed value is for. */
    valueFor: "proceed" | "return" | null,
    buffer: TextBuffer,
    createChoice: number,
    /** A line under the source: what the last action did, or why it was refused. */
    notice: {kind: "ok" | "error", text: string} | null
};

export const initialDebugger: DebuggerModel = {
    selected: 0, expanded: false, mode: "stack", draft: null, valueFor: null, buffer: bufferOf(""), createChoice: 0, notice: null
};

/** What a key asks the session to do (carried out by useDebugger, which knows the session). */
export type DebuggerCommand =
    | {kind: "proceed", value: string}
    | {kind: "return", value: string}
    | {kind: "restart"}
    | {kind: "abandon"}
    | {kind: "accept", source: string}
    | {kind: "create", target: number | null}
    | {kind: "edit"}
    | {kind: "synthesize"}
    | {kind: "acceptDraft"};

/** Facts about the open session the keys depend on. */
export type DebuggerFacts = {contexts: number, resumable: boolean, edited: boolean, notUnderstood: boolean, createTargets: number};

/** A key press in the debugger: the next model, and a command for the session, if any. */
export function debuggerKey(model: DebuggerModel, input: string, key: KeyPress, facts: DebuggerFacts): {model: DebuggerModel, command?: DebuggerCommand} {
    const next = {...model, notice: null};
    switch (model.mode) {
        case "value": {
            if (key.escape) return {model: {...next, mode: "stack", valueFor: null}};
            if (key.return) return {model: {...next, mode: "stack"}, command: {kind: model.valueFor ?? "proceed", value: textOf(model.buffer)}};
            const buffer = editText(model.buffer, input, key);
            return {model: buffer == null ? model : {...model, buffer}};
        }
        case "edit": {
            if (key.escape) return {model: {...next, mode: "stack"}};
            if (key.ctrl && input === "s") return {model: next, command: {kind: "accept", source: textOf(model.buffer)}};
            const buffer = editText(model.buffer, input, key);
            return {model: buffer == null ? model : {...model, buffer}};
        }
        case "draft": {
            if (input === "y" && model.draft?.passed === true) return {model: {...next, mode: "stack"}, command: {kind: "acceptDraft"}};
            if (input === "n" || key.escape) return {model: {...next, mode: "stack", draft: null, notice: {kind: "ok", text: "draft rejected: nothing was installed"}}};
            return {model};
        }
        case "create": {
            if (key.escape) return {model: {...next, mode: "stack"}};
            if (key.upArrow) return {model: {...next, createChoice: Math.max(0, model.createChoice - 1)}};
            if (key.downArrow) return {model: {...next, createChoice: Math.min(facts.createTargets - 1, model.createChoice + 1)}};
            if (key.return) return {model: {...next, mode: "stack"}, command: {kind: "create", target: model.createChoice}};
            return {model};
        }
        case "stack": {
            const shown = model.expanded ? facts.contexts : Math.min(shortStack, facts.contexts);
            if (key.upArrow) return {model: {...next, selected: Math.max(0, model.selected - 1)}};
            if (key.downArrow) return {model: {...next, selected: Math.min(shown - 1, model.selected + 1)}};
            if (input === "+" || input === "-") {
                const expanded = input === "+";
                return {model: {...next, expanded, selected: expanded ? model.selected : Math.min(model.selected, shortStack - 1)}};
            }
            if (input === "p") {
                // After an accepted edit Proceed runs the edited method; otherwise a resumable error asks for the value.
                if (facts.edited) return {model: next, command: {kind: "proceed", value: ""}};
                if (!facts.resumable) return {model: {...next, notice: {kind: "error", text: "This error is not resumable: r restarts a context, t returns a value from it, a abandons."}}};
                return {model: {...next, mode: "value", valueFor: "proceed", buffer: bufferOf("")}};
            }
            if (input === "t") return {model: {...next, mode: "value", valueFor: "return", buffer: bufferOf("")}};
            if (input === "r") return {model: next, command: {kind: "restart"}};
            if (input === "a" || key.escape) return {model: next, command: {kind: "abandon"}};
            if (input === "e") return {model: next, command: {kind: "edit"}};
            if (input === "s") {
                if (!facts.notUnderstood) return {model: {...next, notice: {kind: "error", text: "Synthesize is for a message not understood."}}};
                return {model: {...next, notice: {kind: "ok", text: "drafting with the persona's model, then the three gates…"}}, command: {kind: "synthesize"}};
            }
            if (input === "c" || input === "f") {
                if (!facts.notUnderstood) return {model: {...next, notice: {kind: "error", text: "Create is for a message not understood."}}};
                // Fast mode (f), or only one place to put it: no question.
                if (input === "f" || facts.createTargets <= 1) return {model: next, command: {kind: "create", target: null}};
                return {model: {...next, mode: "create", createChoice: 0}};
            }
            return {model};
        }
        default:
            return model.mode satisfies never;
    }
}

/** The key hints of a mode. */
export function debuggerHints(model: DebuggerModel, facts: DebuggerFacts): string {
    switch (model.mode) {
        case "value": return `type a Smalltalk value for ${model.valueFor === "return" ? "Return" : "Proceed"} (empty: nil) · Enter ${model.valueFor === "return" ? "return it" : "proceed"} · Esc back`;
        case "edit": return "edit the method · Ctrl-S accept (compiles; p then restarts it) · Esc cancel";
        case "create": return "↑↓ where the method goes · Enter create · Esc back";
        case "draft": return model.draft?.passed === true ? "y install the draft (with its provenance) and carry on · n reject" : "no draft passed the gates: n back";
        case "stack": return [
            facts.edited ? "p proceed (runs the edit)" : facts.resumable ? "p proceed" : null,
            "r restart", "t return", "e edit", facts.notUnderstood ? "c/f create · s synth" : null, "a abandon", "↑↓",
            facts.contexts > shortStack ? (model.expanded ? "- fewer" : `+ all ${facts.contexts}`) : null
        ].filter((h) => h != null).join(" · ");
        default: return model.mode satisfies never;
    }
}

/** Opens the editor on a context's source. */
export function editing(model: DebuggerModel, source: string): DebuggerModel {
    return {...model, mode: "edit", buffer: bufferOf(source), notice: null};
}
