import {Box, Text, useApp, useInput} from "ink";
import {useMemo, useRef, useState} from "react";
import {useImageVersion} from "../hooks/useImageVersion.js";
import {useTerminalSize} from "../hooks/useTerminalSize.js";
import {useTranscript} from "../hooks/useTranscript.js";
import type {BrowserSession} from "../session/BrowserSession.js";
import type {BrowserAction, BrowserModel} from "../state/browserModel.js";
import {initialModel, reduce} from "../state/browserModel.js";
import {categories} from "../state/catalog.js";
import {deriveView} from "../state/deriveView.js";
import type {Effect, KeyPress} from "../state/interpretKey.js";
import {interpretKey} from "../state/interpretKey.js";
import {layoutFor, minimumSize} from "../state/layout.js";
import {splitChunk} from "../state/splitChunk.js";
import {textOf} from "../state/textBuffer.js";
import type {Theme} from "../theme.js";
import {themeFor} from "../theme.js";
import {HelpOverlay} from "./HelpOverlay.js";
import {InspectorPane} from "./InspectorPane.js";
import {ListPane} from "./ListPane.js";
import {PlaygroundPane} from "./PlaygroundPane.js";
import {StatusBar} from "./StatusBar.js";
import {TranscriptPane} from "./TranscriptPane.js";

export type BrowserAppProps = {
    session: BrowserSession,
    /** A fixed size (tests); by default the terminal's, following resizes. */
    size?: {columns: number, rows: number},
    theme?: Theme,
    /** Called once the user has quit (after saving, when asked to). */
    onQuit?: () => void
};

const newMethodTemplate = "selector\n    \"what it does\"\n    ^ self";

/**
 * The System Browser. I hold the navigation model and hand every key to `interpretKey`;
 * pure actions go to `reduce`, effects go to the session (the running image). I only draw.
 */
export function BrowserApp({session, size, theme: givenTheme, onQuit}: BrowserAppProps) {
    const theme = useMemo(() => givenTheme ?? themeFor(), [givenTheme]);
    const {exit} = useApp();
    const {columns, rows} = useTerminalSize(size);
    const transcript = useTranscript(session.runtime.bus);
    const [, bump] = useImageVersion(session);
    const [model, setModel] = useState<BrowserModel>(initialModel);
    // Several keys can arrive in one chunk before React re-renders: each must see the model left by the previous one.
    const current = useRef(model);
    const transcriptCount = useRef(0);
    transcriptCount.current = transcript.length;

    const viewOf = (m: BrowserModel) => deriveView(m, session.state, transcriptCount.current);
    const dispatch = (action: BrowserAction) => {
        const next = reduce(current.current, action, viewOf(current.current));
        current.current = next;
        setModel(next);
    };
    const quit = () => {
        onQuit?.();
        exit();
    };

    const perform = async (effect: Effect): Promise<void> => {
        const m = current.current;
        switch (effect.kind) {
            case "editItem": {
                const view = viewOf(m);
                const item = view.item;
                const persona = view.record?.name;
                if (item == null || persona == null) return;
                if (item.kind === "slot") dispatch({type: "openEditor", target: {kind: "slot", persona, slot: item.slot}, text: session.sourceOf(item.value)});
                else if (item.kind === "method") dispatch({type: "openEditor", target: {kind: "method", persona, selector: item.selector}, text: item.source});
                else if (item.kind === "newMethod") dispatch({type: "openEditor", target: {kind: "method", persona, selector: null}, text: newMethodTemplate});
                return;
            }
            case "acceptEdit": {
                const editor = m.editor;
                if (editor == null) return;
                const text = textOf(editor.buffer);
                const outcome = editor.target.kind === "slot" ? await session.acceptSlot(editor.target, text) : session.acceptMethod(editor.target, text);
                if (outcome.ok) {
                    dispatch({type: "closeEditor"});
                    dispatch({type: "notice", notice: {kind: "ok", text: outcome.text}});
                } else dispatch({type: "editRefused", problem: outcome.problem});
                return;
            }
            case "evaluate": {
                const source = textOf(m.playground.buffer);
                if (source.trim() === "" || m.playground.busy) return;
                dispatch({type: "evaluating"});
                const evaluation = await session.evaluate(source, effect.how);
                dispatch({type: "evaluated", result: evaluation.result, source});
                if (effect.how === "inspectIt" && evaluation.ok) dispatch({type: "inspect", label: source.replace(/\s+/g, " ").slice(0, 40), value: evaluation.value});
                return;
            }
            case "save": {
                const result = await session.save();
                bump();
                dispatch({type: "notice", notice: {kind: result.ok ? "ok" : "error", text: result.text}});
                return;
            }
            case "requestQuit":
                if (session.dirty && !session.readOnly) dispatch({type: "overlay", overlay: "confirmQuit"});
                else quit();
                return;
            case "quit":
                if (effect.save) {
                    const result = await session.save();
                    if (!result.ok) {
                        dispatch({type: "overlay", overlay: "none"});
                        dispatch({type: "notice", notice: {kind: "error", text: result.text}});
                        return;
                    }
                }
                quit();
                return;
            default:
                return effect satisfies never;
        }
    };

    const handleKey = (input: string, key: KeyPress) => {
        // A notice is read once: the next key brings back the key hints.
        if (current.current.notice != null) dispatch({type: "notice", notice: null});
        const intent = interpretKey(current.current, input, key, viewOf(current.current));
        switch (intent.kind) {
            case "action":
                dispatch(intent.action);
                return;
            case "effect":
                perform(intent.effect).catch((error: unknown) => {
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

    const layout = layoutFor(columns, rows);
    if (layout.tooSmall)
        return <Text color={theme.warn}>The browser needs at least {minimumSize.columns}×{minimumSize.rows}; this terminal is {columns}×{rows}.</Text>;
    const view = viewOf(model);
    const focus = model.focus;
    return (
        <Box flexDirection="column" width={layout.width} height={layout.height}>
            {model.overlay === "help"
                ? <HelpOverlay width={layout.width} height={layout.height - 1} theme={theme} />
                : (
                    <Box height={layout.browserHeight}>
                        <ListPane title="Personas" rows={view.personaNames.map((label) => ({label}))} selected={model.persona}
                            focused={focus === "personas"} width={layout.personasWidth} height={layout.browserHeight} theme={theme} empty="(no personas)" />
                        <ListPane title={view.record?.name ?? "Categories"} rows={categories.map((label) => ({label}))} selected={model.category}
                            focused={focus === "categories"} width={layout.categoriesWidth} height={layout.browserHeight} theme={theme} />
                        <ListPane title={view.category} rows={view.items.map((item) => ({label: item.label, summary: item.kind === "slot" ? item.summary : undefined}))}
                            selected={model.item} focused={focus === "items"} width={layout.itemsWidth} height={layout.browserHeight} theme={theme} />
                        <InspectorPane model={model} view={view} width={layout.inspectorWidth} height={layout.browserHeight} theme={theme} />
                    </Box>
                )}
            {model.overlay === "help" ? null : (
                <TranscriptPane lines={transcript} back={model.transcriptBack} focused={focus === "transcript"}
                    width={layout.width} height={layout.transcriptHeight} theme={theme} />
            )}
            {model.overlay === "help" ? null : <PlaygroundPane model={model} width={layout.width} height={layout.playgroundHeight} theme={theme} />}
            {model.overlay === "confirmQuit"
                ? (
                    <Text color={theme.warn} wrap="truncate-end">
                        Unsaved changes. y: save and quit · n: quit without saving (the journal keeps them) · Esc: stay
                    </Text>
                )
                : <StatusBar imagePath={session.imagePath} dirty={session.dirty} readOnly={session.readOnly} record={view.record}
                    notice={model.notice} width={layout.width} theme={theme} />}
        </Box>
    );
}
