/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text, useApp} from "ink";
import {useMemo} from "react";
import {DebuggerPane} from "../debugger/DebuggerPane.js";
import {useDebugger} from "../debugger/useDebugger.js";
import {useBrowser} from "../hooks/useBrowser.js";
import {useTerminalSize} from "../hooks/useTerminalSize.js";
import type {BrowserSession} from "../session/BrowserSession.js";
import {activeToolOf} from "../state/browserModel.js";
import {helpRows} from "../state/helpRows.js";
import {layoutFor, minimumSize} from "../state/layout.js";
import type {Theme} from "../theme.js";
import {themeFor} from "../theme.js";
import {ConfirmOverlay, PromptOverlay} from "./ConfirmOverlay.js";
import {HelpOverlay} from "./HelpOverlay.js";
import {InspectorPane} from "./InspectorPane.js";
import {ListPane} from "./ListPane.js";
import {PlaygroundPane} from "./PlaygroundPane.js";
import {RatingOverlay} from "./RatingOverlay.js";
import {StatusBar} from "./StatusBar.js";
import {TabLine} from "./TabLine.js";
import {ToolPane} from "./ToolPane.js";
import {TranscriptPane} from "./TranscriptPane.js";

export type BrowserAppProps = {
    session: BrowserSession,
    /** A fixed size (tests); by default the terminal's, following resizes. */
    size?: {columns: number, rows: number},
    theme?: Theme,
    /** Called once the user has quit (after saving, when asked to). */
    onQuit?: () => void
};

/**
 * The System Browser: the tab line, four columns (personas, categories, items, inspector/editor)
 * or the shown tool, the Transcript, the Playground and the status bar. I only lay them out;
 * `useBrowser` holds the state.
 */
export function BrowserApp({session, size, theme: givenTheme, onQuit}: BrowserAppProps) {
    const theme = useMemo(() => givenTheme ?? themeFor(), [givenTheme]);
    const {exit} = useApp();
    const {columns, rows} = useTerminalSize(size);
    const layout = layoutFor(columns, rows);
    const debug = useDebugger(session);
    const {model, view, transcript, shownTranscript, activities, tick, toolContext} = useBrowser(session, layout, () => {
        onQuit?.();
        exit();
    }, debug != null);
    if (layout.tooSmall)
        return <Text color={theme.warn}>The browser needs at least {minimumSize.columns}×{minimumSize.rows}; this terminal is {columns}×{rows}.</Text>;
    const focus = model.activeTool == null ? model.focus : null;
    const tool = activeToolOf(model);
    // An overlay takes every row between the tab line and the status bar.
    const overlayHeight = layout.height - 1 - layout.tabHeight;
    const overlay = model.overlay === "help"
        ? <HelpOverlay rows={helpRows(model)} scroll={model.helpScroll} width={layout.width} height={overlayHeight} theme={theme} />
        : model.overlay === "rating" && model.rating != null
            ? <RatingOverlay rating={model.rating} width={layout.width} height={overlayHeight} theme={theme} />
            : model.overlay === "confirm" && model.confirm != null
                ? <ConfirmOverlay confirm={model.confirm} width={layout.width} height={overlayHeight} theme={theme} />
                : model.overlay === "prompt" && model.prompt != null
                    ? <PromptOverlay prompt={model.prompt} width={layout.width} height={overlayHeight} theme={theme} />
                    : null;
    const main = tool != null
        ? <ToolPane tool={tool} context={toolContext} width={layout.width} height={layout.toolHeight} theme={theme} />
        : (
            <Box height={layout.browserHeight}>
                <ListPane title="Personas" rows={view.personaNames.map((label) => ({label}))} selected={model.persona}
                    focused={focus === "personas"} width={layout.personasWidth} height={layout.browserHeight} theme={theme} empty="(no personas)" />
                <ListPane title={view.record?.name ?? "Categories"} rows={view.categories.map((c) => ({label: c.label}))} selected={model.category}
                    focused={focus === "categories"} width={layout.categoriesWidth} height={layout.browserHeight} theme={theme} />
                <ListPane title={view.category.label.trim()} rows={view.items.map((item) => ({label: item.label, summary: item.kind === "slot" ? item.summary : undefined}))}
                    selected={model.item} focused={focus === "items"} width={layout.itemsWidth} height={layout.browserHeight} theme={theme} />
                <InspectorPane model={model} view={view} width={layout.inspectorWidth} height={layout.browserHeight} theme={theme} />
            </Box>
        );
    // An unhandled error holds its run open in the debugger, which takes the screen below the tab line and the keyboard.
    if (debug != null)
        return (
            <Box flexDirection="column" width={layout.width} height={layout.height}>
                <TabLine model={model} activities={activities} tick={tick} width={layout.width} theme={theme} />
                <DebuggerPane state={debug} width={layout.width} height={layout.height - layout.tabHeight} theme={theme} />
            </Box>
        );
    return (
        <Box flexDirection="column" width={layout.width} height={layout.height}>
            <TabLine model={model} activities={activities} tick={tick} width={layout.width} theme={theme} />
            {overlay ?? main}
            {overlay != null ? null : (
                <TranscriptPane lines={shownTranscript} total={transcript.length} filter={model.transcriptFilter} back={model.transcriptBack} focused={focus === "transcript"}
                    width={layout.width} height={layout.transcriptHeight} theme={theme} />
            )}
            {overlay != null || tool != null ? null : <PlaygroundPane model={model} view={view} width={layout.width} height={layout.playgroundHeight} theme={theme} />}
            {model.overlay === "confirmQuit"
                ? (
                    <Text color={theme.warn} wrap="truncate-end">
                        Unsaved changes: y save and quit · n quit (the journal keeps them) · Esc stay
                    </Text>
                )
                : <StatusBar imagePath={session.imagePath} dirty={session.dirty} readOnly={session.readOnly} record={view.record}
                    engine={view.record == null ? null : session.engineOf(view.record.name)} model={model} width={layout.width} theme={theme} />}
        </Box>
    );
}
