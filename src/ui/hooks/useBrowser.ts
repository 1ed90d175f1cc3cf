import {useInput} from "ink";
import {useEffect, useMemo, useRef, useState} from "react";
import type {Activity} from "../../index.js";
import {Foreground} from "../session/Foreground.js";
import {performEffect} from "../session/performEffect.js";
import type {EffectContext} from "../session/performEffect.js";
import type {BrowserSession} from "../session/BrowserSession.js";
import type {BrowserAction, BrowserModel} from "../state/browserModel.js";
import {activeToolOf, initialModel, reduce} from "../state/browserModel.js";
import type {ScreenView} from "../state/deriveView.js";
import {deriveView} from "../state/deriveView.js";
import {helpRows} from "../state/helpRows.js";
import type {Effect, Intent, KeyPress} from "../state/interpretKey.js";
import {interpretKey} from "../state/interpretKey.js";
import type {Layout} from "../state/layout.js";
import {toolInner} from "../state/layout.js";
import {splitChunk} from "../state/splitChunk.js";
import {filterLines} from "../state/transcriptFilter.js";
import type {TranscriptLine} from "../state/transcriptLog.js";
import type {ToolContext} from "../tools/Tool.js";
import {useActivities} from "./useActivities.js";
import {useImageVersion} from "./useImageVersion.js";
import {useTranscript} from "./useTranscript.js";

export type BrowserState = {
    model: BrowserModel,
    view: ScreenView,
    transcript: readonly TranscriptLine[],
    shownTranscript: readonly TranscriptLine[],
    activities: readonly Activity[],
    tick: number,
    toolContext: ToolContext
};

/**
 * The browser's state, wired to the keyboard, the image and the bus: keys go through
 * `interpretKey`, actions through `reduce`, effects through `performEffect`. `transcript` is
 * every kept line, `shownTranscript` those the Transcript's filter lets through. `suspended`: the
 * keyboard is elsewhere (the debugger's).
 */
export function useBrowser(session: BrowserSession, layout: Layout, onQuit: () => void, suspended = false): BrowserState {
    const transcript = useTranscript(session.runtime);
    const {running: activities, tick} = useActivities(session.runtime);
    const [, refresh] = useImageVersion(session);
    const [model, setModel] = useState<BrowserModel>(initialModel);
    // Several keys can arrive before React re-renders: each must see the model the previous one left.
    const current = useRef(model);
    // Memoized so the Transcript pane (memo) redraws only when its lines or the filter change.
    const shownTranscript = useMemo(() => filterLines(transcript, model.transcriptFilter), [transcript, model.transcriptFilter]);
    const transcriptCount = useRef(0);
    transcriptCount.current = shownTranscript.length;
    const layoutRef = useRef(layout);
    layoutRef.current = layout;

    const viewOf = (m: BrowserModel) => deriveView(m, session.state, transcriptCount.current, layoutRef.current, helpRows(m).length);
    const dispatch = (action: BrowserAction) => {
        const next = reduce(current.current, action, viewOf(current.current));
        current.current = next;
        setModel(next);
    };
    const foreground = useMemo(() => new Foreground(session, (action) => dispatch(action),
        (kind, text) => dispatch({type: "notice", notice: {kind, text}})), [session]);
    useEffect(() => () => foreground.dispose(), [foreground]);
    // The philosophical loop in ask mode (the browser's default): a confirmed sandbox leaves an ascension waiting,
    // and the Architect hears of it at once, wherever the keyboard is; the evolution tool (l) shows the evidence.
    useEffect(() => session.runtime.bus.subscribe({type: "evolutionFinished"}, (event) => {
        if (event.type !== "evolutionFinished" || event.outcome !== "awaitingApproval") return;
        dispatch({type: "notice", notice: {kind: "ok", text: `★ ${event.persona ?? "A persona"} can ascend: l shows the evidence; a approves, x declines`}});
    }), [session]);
    const toolContextOf = (m: BrowserModel): ToolContext => {
        const view = viewOf(m);
        return {session, world: session.state, persona: view.record?.name ?? null, ...toolInner(layoutRef.current)};
    };
    const context: EffectContext = {session, model: () => current.current, view: () => viewOf(current.current), dispatch, foreground, refresh, quit: onQuit};

    const run = (effect: Effect) => {
        performEffect(effect, context).catch((error: unknown) => {
            dispatch({type: "notice", notice: {kind: "error", text: error instanceof Error ? error.message : String(error)}});
        });
    };
    const handle = (intent: Intent) => {
        switch (intent.kind) {
            case "action":
                dispatch(intent.action);
                return;
            case "actions":
                for (const action of intent.actions) dispatch(action);
                if (intent.then != null) run(intent.then);
                return;
            case "effect":
                run(intent.effect);
                return;
            case "none":
                return;
            default:
                return intent satisfies never;
        }
    };
    const handleKey = (input: string, key: KeyPress) => {
        // A notice is read once: the next key brings back the key hints.
        if (current.current.notice != null) dispatch({type: "notice", notice: null});
        const m = current.current;
        handle(interpretKey(m, input, key, viewOf(m), activeToolOf(m) == null ? null : toolContextOf(m)));
    };
    // While the debugger is open it has the keyboard.
    useInput((input, key) => {
        for (const press of splitChunk(input, key)) handleKey(press.input, press.key);
    }, {isActive: !suspended});
    return {model, view: viewOf(model), transcript, shownTranscript, activities, tick, toolContext: toolContextOf(model)};
}
