/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {textPage} from "../state/wrapText.js";

export type TextViewProps = {
    /** Lines already wrapped to the width (wrapText). */
    lines: readonly string[],
    /** First line to show; null shows the end (a stream being written). */
    offset: number | null,
    rows: number,
    color?: string | undefined,
    dim?: boolean
};

/** Wrapped text in a fixed number of rows, from a scroll offset; blank rows keep the height. */
export function TextView({lines, offset, rows, color, dim}: TextViewProps) {
    const height = Math.max(1, rows);
    const page = textPage(lines, offset ?? Number.MAX_SAFE_INTEGER, height);
    return (
        <Box flexDirection="column" height={height} overflow="hidden">
            {page.lines.map((line, i) => (
                <Box key={page.start + i} height={1}>
                    <Text color={color} dimColor={dim} wrap="truncate-end">{line === "" ? " " : line}</Text>
                </Box>
            ))}
        </Box>
    );
}
