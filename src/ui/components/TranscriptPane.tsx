/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {memo} from "react";
import type {TranscriptFilter} from "../state/transcriptFilter.js";
import {transcriptHeading} from "../state/transcriptFilter.js";
import type {Severity, TranscriptLine} from "../state/transcriptLog.js";
import type {Theme} from "../theme.js";
import {Pane} from "./Pane.js";
import {printable} from "../state/printable.js";

export type TranscriptPaneProps = {
    /** The lines the filter lets through. */
    lines: readonly TranscriptLine[],
    /** Every kept line, filtered or not (the title counts them). */
    total: number,
    filter: TranscriptFilter,
    back: number,
    focused: boolean,
    width: number,
    height: number,
    theme: Theme
};

/**
 * The Transcript: the newest bus events, one line each, in a pane of fixed height. Lines are
 * only ever appended and each keeps its key, so a new event redraws just the rows that moved
 * and the rest of the screen stays still (see layout.ts for why the app stays a row short).
 * Memoized: a key press elsewhere does not re-render it.
 */
export const TranscriptPane = memo(function TranscriptPane({lines, total, filter, back, focused, width, height, theme}: TranscriptPaneProps) {
    const visible = Math.max(1, height - 3);
    const end = Math.max(0, lines.length - back);
    const start = Math.max(0, end - visible);
    const heading = transcriptHeading(filter, lines.length, total, back, focused);
    return (
        <Pane title={heading.title} right={heading.right} focused={focused} width={width} height={height} theme={theme}>
            {lines.length === 0 ? <Text color={theme.muted} wrap="truncate-end">{heading.empty}</Text> : null}
            {lines.slice(start, end).map((line) => (
                <Box key={line.id} height={1}>
                    <Text color={colourOf(line.severity, theme)} wrap="truncate-end">{printable(line.text)}</Text>
                </Box>
            ))}
        </Pane>
    );
});

function colourOf(severity: Severity, theme: Theme): string | undefined {
    switch (severity) {
        case "info":
            return undefined;
        case "ok":
            return theme.ok;
        case "warn":
            return theme.warn;
        case "error":
            return theme.error;
        default:
            return severity satisfies never;
    }
}
