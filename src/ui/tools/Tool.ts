import type {ComponentType} from "react";
import type {WorldState} from "../../index.js";
import type {BrowserSession} from "../session/BrowserSession.js";
import type {BrowserAction} from "../state/browserModel.js";
import type {Effect, KeyPress} from "../state/interpretKey.js";
import type {Theme} from "../theme.js";

/**
 * A tool is a pane that takes the browser's main area (above the Transcript) while it is shown:
 * a conversation, the finder, a method's versions, the context view, and later the debugger or a
 * loop's log. Open tools are listed in the tab line; Ctrl-N walks them and the browser, Esc goes back
 * to the browser (the tool stays open), Ctrl-W closes it.
 *
 * A tool is data plus four functions: its state (any plain value), what a key does to it (pure), how it
 * is drawn, and its key help. Work that needs the image or takes time (a generation, a search that
 * waits) is a `task`, run with an AbortSignal that Ctrl-C and closing the tool abort.
 *
 * To add one: write a `ToolDefinition` (see tools/result/resultTool.tsx for the smallest), and open it
 * from a key in `launchers.ts`, or from an effect with `{type: "openTool", definition, state}`.
 */
export type ToolDefinition<S> = {
    /** A stable name ("conversation", "finder"), for tests and for `key`. */
    kind: string,
    /** The tab's label and the pane's title. */
    title: (state: S) => string,
    /** What a key means in this tool. Pure: read `context`, answer an intent. */
    keys: (state: S, input: string, key: KeyPress, context: ToolContext) => ToolIntent<S>,
    View: ComponentType<ToolViewProps<S>>,
    /** Rows for the `?` help (the keys that work in this tool). */
    help: readonly {keys: string, action: string}[],
    /** True while the tool has work that Ctrl-C would stop (a generation). */
    busy?: (state: S) => boolean
};

/** What a tool's key handler and view may read. */
export type ToolContext = {
    session: BrowserSession,
    world: WorldState,
    /** The persona selected in the browser, by name. */
    persona: string | null,
    /** The size of the tool's area. */
    width: number,
    height: number
};

export type ToolViewProps<S> = ToolContext & {state: S, theme: Theme, focused: boolean};

/** What a key in a tool asks for. */
export type ToolIntent<S> =
    | {kind: "state", state: S}
    /** Runs `task` (after setting `state`, if given). */
    | {kind: "task", state?: S, task: ToolTask<S>}
    /** Closes the tool (its running tasks are stopped). */
    | {kind: "close"}
    /** Back to the browser; the tool stays open in the tab line. */
    | {kind: "leave"}
    /** Browser actions, in order (e.g. reveal a method, then leave). */
    | {kind: "browser", actions: BrowserAction[]}
    | {kind: "effect", effect: Effect}
    | {kind: "none"};

/** A tool's long or impure work. `update` changes this tool's state while it is open. */
export type ToolTask<S> = (io: ToolIO<S>) => Promise<void>;

export type ToolIO<S> = {
    session: BrowserSession,
    update: (change: (state: S) => S) => void,
    notice: (kind: "ok" | "error", text: string) => void,
    dispatch: (action: BrowserAction) => void,
    /** Aborted by Ctrl-C, or when the tool is closed. */
    signal: AbortSignal
};

/** An open tool. `key` identifies what it shows, so opening the same thing again shows the open one. */
export type ToolInstance = {id: number, key: string, definition: ToolDefinition<unknown>, state: unknown};

/** How to open a tool (the reducer gives it its id). */
export type ToolOpening = {key: string, definition: ToolDefinition<unknown>, state: unknown};

/** Types a definition and its first state together, for `openTool`. */
export function opening<S>(definition: ToolDefinition<S>, key: string, state: S): ToolOpening {
    return {key, definition: definition as ToolDefinition<unknown>, state};
}
