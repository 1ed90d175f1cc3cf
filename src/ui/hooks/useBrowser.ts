import {useInput} from "ink";
import {useMemo, useRef, useState} from "react";
import {performEffect} from "../session/performEffect.js";
import type {BrowserSession} from "../session/BrowserSession.js";
import type {BrowserAction, BrowserModel} from "../state/browserModel.js";
import {initialModel, reduce} from "../state/browserModel.js";
import type {ScreenView} from "../state/deriveView.js";
import {deriveView} from "../state/deriveView.js";
import type {KeyPress} from "../state/interpretKey.js";
import {interpretKey} from "../state/interpretKey.js";
import {splitChunk} from "../state/splitChunk.js";
import {filterLines} from "../state/transcriptFilter.js";
import type {TranscriptLine} from "../state/transcriptLog.js";
import {useImageVersion} from "./useImageVersion.js";
import {useTranscript} from "./useTranscript.js";

/**
 * The browser's state, wired to the keyboard, the image and the bus: keys go through
 * `interpretKey`, actions through `reduce`, effects through `performEffect`. `transcript` is
 * every kept line, `shownTranscript` those the Transcript's filter lets through.
 */
export function useBrowser(session: BrowserSession, onQuit: () => void): {
    model: BrowserModel, view: ScreenView, transcript: readonly TranscriptLine[], shownTranscript: readonly TranscriptLine[]
} {
    const transcript = useTranscript(session.runtime.bus);
    const [, refresh] = useImageVersion(session);
    const [model, setModel] = useState<BrowserModel>(initialModel);
    // Several keys can arrive before React re-renders: each must see the model the previous one left.
    const current = useRef(model);
    // Memoized so the Transcript pane (memo) redraws only when its lines or the filter change.
    const shownTranscript = useMemo(() => filterLines(transcript, model.transcriptFilter), [transcript, model.transcriptFilter]);
    const transcriptCount = useRef(0);
    transcriptCount.current = shownTranscript.length;

    const viewOf = (m: BrowserModel) => deriveView(m, session.state, transcriptCount.current);
    const dispatch = (action: BrowserAction) => {
        const next = reduce(current.current, action, viewOf(current.current));
        current.current = next;
        setModel(next);
    };
    const context = {session, model: () => current.current, view: () => viewOf(current.current), dispatch, refresh, quit: onQuit};

    const handleKey = (input: string, key: KeyPress) => {
        // A notice is read once: the next key brings back the key hints.
        if (current.current.notice != null) dispatch({type: "notice", notice: null});
        const intent = interpretKey(current.current, input, key, viewOf(current.current));
        switch (intent.kind) {
            case "action":
                dispatch(intent.action);
                return;
            case "effect":
                performEffect(intent.effect, context).catch((error: unknown) => {
                    dispatch({type: "notice", notice: {kind: "error", text: error instanceof Error ? error.message : String(error)}});
                });
                return;
            case "none":
                return;
            default:
                return intent satisfies never;
        }
    };
    useInput((input, key) => {
        for (const press of splitChunk(input, key)) handleKey(press.input, press.key);
    });
    return {model, view: viewOf(model), transcript, shownTranscript};
}
