import {useInput} from "ink";
import {useEffect, useRef, useState} from "react";
import type {DebugSession, StackEntry, SynthesisResult} from "../../index.js";
import {ParseError, describeSynthesis} from "../../index.js";
import type {BrowserSession} from "../session/BrowserSession.js";
import type {KeyPress} from "../state/interpretKey.js";
import {splitChunk} from "../state/splitChunk.js";
import type {DebuggerCommand, DebuggerFacts, DebuggerModel} from "./debuggerModel.js";
import {debuggerKey, editing, initialDebugger} from "./debuggerModel.js";

export type DebuggerState = {
    session: DebugSession,
    entries: StackEntry[],
    model: DebuggerModel,
    facts: DebuggerFacts
};

/**
 * The browser's debugger: attached to the runtime's for as long as the browser runs, so an
 * unhandled error (a persona with the #debug policy not understanding a message, any other error)
 * opens a pane instead of ending the run. While one is open it has the keyboard; the newest open
 * session shows (Create's stub opens one on top of the run it resent). Answers null when none is open.
 */
export function useDebugger(browser: BrowserSession): DebuggerState | null {
    const runtime = browser.runtime;
    const [sessions, setSessions] = useState<readonly DebugSession[]>([]);
    const [model, setModel] = useState<DebuggerModel>(initialDebugger);
    const current = useRef(model);
    const draft = useRef<SynthesisResult | null>(null);
    useEffect(() => runtime.debugger.attach((session) => {
        setSessions((open) => [...open, session]);
        current.current = initialDebugger;
        setModel(initialDebugger);
        void session.decision.then(() => setSessions((open) => open.filter((s) => s !== session)));
    }), [runtime]);
    const session = sessions.at(-1) ?? null;
    const entries = session == null ? [] : session.stack();
    const facts: DebuggerFacts = {
        contexts: entries.length, resumable: session?.resumable ?? false, edited: entries.some((e) => e.edited),
        notUnderstood: session?.notUnderstood != null, createTargets: session?.createTargets().length ?? 0
    };
    const update = (next: DebuggerModel) => {
        current.current = next;
        setModel(next);
    };
    const fail = (error: unknown) => {
        const text = error instanceof ParseError ? `line ${error.line}, col ${error.column}: ${error.reason}` : error instanceof Error ? error.message : String(error);
        update({...current.current, notice: {kind: "error", text}});
    };
    const perform = async (live: DebugSession, command: DebuggerCommand) => {
        const entry = live.stack()[current.current.selected];
        switch (command.kind) {
            case "proceed":
                live.proceed(await live.valueOf(command.value));
                return;
            case "return":
                if (entry != null) live.returnValue(entry, await live.valueOf(command.value));
                return;
            case "restart":
                if (entry != null) live.restart(entry);
                return;
            case "abandon":
                live.abandon();
                return;
            case "edit":
                if (entry?.editable == null) throw new Error(`${entry?.where ?? "This context"} is not a method: only a persona's or a class's method can be edited here.`);
                update(editing(current.current, entry.source));
                return;
            case "accept":
                if (entry == null) return;
                await browser.track(`debugger: accept ${entry.where}`, () => live.accept(entry, command.source));
                update({...current.current, mode: "stack", notice: {kind: "ok", text: `✓ ${entry.where} compiled and installed; p proceeds from its start with it`}});
                return;
            case "create": {
                const targets = live.createTargets();
                const target = command.target == null ? null : targets[command.target] ?? null;
                await browser.track("debugger: create", () => live.create(target));
                return;
            }
            case "synthesize": {
                const result = await live.synthesize();
                if (live.closed) return;
                draft.current = result;
                update({...current.current, mode: "draft", draft: {text: describeSynthesis(result), passed: result.passed}, notice: null});
                return;
            }
            case "acceptDraft":
                if (draft.current != null) live.acceptSynthesis(draft.current);
                return;
            default:
                return command satisfies never;
        }
    };
    const onKey = (input: string, key: KeyPress) => {
        const live = sessions.at(-1);
        if (live == null || live.closed) return;
        const result = debuggerKey(current.current, input, key, facts);
        update(result.model);
        if (result.command != null) perform(live, result.command).catch(fail);
    };
    useInput((input, key) => {
        for (const press of splitChunk(input, key)) onKey(press.input, press.key);
    }, {isActive: session != null});
    return session == null ? null : {session, entries, model, facts};
}
