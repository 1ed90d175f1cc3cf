/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text, useApp} from "ink";
import {useMemo} from "react";
import {useBrowser} from "../hooks/useBrowser.js";
import {useTerminalSize} from "../hooks/useTerminalSize.js";
import type {BrowserSession} from "../session/BrowserSession.js";
import {categories} from "../state/catalog.js";
import {layoutFor, minimumSize} from "../state/layout.js";
import type {Theme} from "../theme.js";
import {themeFor} from "../theme.js";
import {HelpOverlay} from "./HelpOverlay.js";
import {InspectorPane} from "./InspectorPane.js";
import {ListPane} from "./ListPane.js";
import {PlaygroundPane} from "./PlaygroundPane.js";
import {RatingOverlay} from "./RatingOverlay.js";
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

/**
 * The System Browser: four columns (personas, categories, items, inspector/editor), the
 * Transcript, the Playground and the status bar. I only lay them out; `useBrowser` holds the state.
 */
export function BrowserApp({session, size, theme: givenTheme, onQuit}: BrowserAppProps) {
    const theme = useMemo(() => givenTheme ?? themeFor(), [givenTheme]);
    const {exit} = useApp();
    const {columns, rows} = useTerminalSize(size);
    const {model, view, transcript, shownTranscript} = useBrowser(session, () => {
        onQuit?.();
        exit();
    });

    const layout = layoutFor(columns, rows);
    if (layout.tooSmall)
        return <Text color={theme.warn}>The browser needs at least {minimumSize.columns}×{minimumSize.rows}; this terminal is {columns}×{rows}.</Text>;
    const focus = model.focus;
    // An overlay takes every row but the status bar's.
    const overlay = model.overlay === "help"
        ? <HelpOverlay width={layout.width} height={layout.height - 1} theme={theme} />
        : model.overlay === "rating" && model.rating != null
            ? <RatingOverlay rating={model.rating} width={layout.width} height={layout.height - 1} theme={theme} />
            : null;
    return (
        <Box flexDirection="column" width={layout.width} height={layout.height}>
            {overlay ?? (
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
            {overlay != null ? null : (
                <TranscriptPane lines={shownTranscript} total={transcript.length} filter={model.transcriptFilter} back={model.transcriptBack} focused={focus === "transcript"}
                    width={layout.width} height={layout.transcriptHeight} theme={theme} />
            )}
            {overlay != null ? null : <PlaygroundPane model={model} width={layout.width} height={layout.playgroundHeight} theme={theme} />}
            {model.overlay === "confirmQuit"
                ? (
                    <Text color={theme.warn} wrap="truncate-end">
                        Unsaved changes: y save and quit · n quit (the journal keeps them) · Esc stay
                    </Text>
                )
                : <StatusBar imagePath={session.imagePath} dirty={session.dirty} readOnly={session.readOnly} record={view.record}
                    notice={model.notice} width={layout.width} theme={theme} />}
        </Box>
    );
}
