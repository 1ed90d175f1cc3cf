/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {scrollWindow} from "../state/scrollWindow.js";
import type {TextBuffer} from "../state/textBuffer.js";
import type {Theme} from "../theme.js";

export type BufferViewProps = {
    buffer: TextBuffer,
    /** Rows available. */
    height: number,
    /** Columns available: a line longer than this scrolls sideways to keep the cursor in view. */
    width: number,
    showCursor: boolean,
    theme: Theme,
    /** A spot to mark (1-based line and column), e.g. where a parse error is. */
    mark?: {line: number, column: number} | null,
    /** Text shown dimmed when the buffer is empty. */
    placeholder?: string,
    prompt?: string
};

/** Multi-line text with a block cursor, scrolled to keep the cursor's line in view. */
export function BufferView({buffer, height, width, showCursor, theme, mark, placeholder, prompt}: BufferViewProps) {
    const window = scrollWindow(buffer.lines.length, buffer.row, Math.max(1, height));
    const empty = buffer.lines.length === 1 && buffer.lines[0] === "";
    return (
        <Box flexDirection="column">
            {buffer.lines.slice(window.start, window.end).map((line, offset) => {
                const row = window.start + offset;
                const lead = prompt == null ? "" : row === 0 ? prompt : " ".repeat(prompt.length);
                // The cursor's line shifts left when the cursor would fall off the pane ("…" shows it did).
                const room = Math.max(4, width - lead.length - 1);
                const shift = row === buffer.row && buffer.col >= room ? buffer.col - room + 2 : 0;
                const shown = shift > 0 ? "…" + line.slice(shift + 1) : line;
                const cursorAt = showCursor && row === buffer.row ? buffer.col - shift : -1;
                const markAt = mark != null && mark.line - 1 === row ? mark.column - 1 - shift : -1;
                return (
                    <Box key={row} height={1}>
                        <Text wrap="truncate-end">
                            <Text color={theme.muted}>{lead}</Text>
                            {empty && row === 0 && placeholder != null && cursorAt < 0 ? <Text color={theme.muted}>{placeholder}</Text> : null}
                            {renderLine(shown, cursorAt, markAt, theme)}
                        </Text>
                    </Box>
                );
            })}
        </Box>
    );
}

function renderLine(line: string, cursorAt: number, markAt: number, theme: Theme) {
    // Split the line at the cursor and the mark so each can be drawn on its own character.
    const spots = [...new Set([cursorAt, markAt].filter((i) => i >= 0))].sort((a, b) => a - b);
    const parts = [];
    let from = 0;
    for (const spot of spots) {
        if (spot > from) parts.push(<Text key={`t${from}`}>{line.slice(from, spot)}</Text>);
        const char = line[spot] ?? " ";
        const isCursor = spot === cursorAt;
        const isMark = spot === markAt;
        parts.push(<Text key={`s${spot}`} inverse={isCursor || isMark} color={isMark ? theme.error : undefined} underline={isMark}>{char}</Text>);
        from = spot + 1;
    }
    if (from < line.length) parts.push(<Text key={`t${from}`}>{line.slice(from)}</Text>);
    return parts;
}
