/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {Binding} from "../state/keymap.js";
import {inspectItNote} from "../state/keymap.js";
import {textPage} from "../state/wrapText.js";
import type {Theme} from "../theme.js";

export type HelpOverlayProps = {rows: readonly Binding[], scroll: number, width: number, height: number, theme: Theme};

/** Every key binding (the shown tool's first), grouped by where it works; scrolls when it does not fit. */
export function HelpOverlay({rows, scroll, width, height, theme}: HelpOverlayProps) {
    const keysWidth = Math.min(24, Math.max(...rows.map((b) => b.keys.length)) + 1);
    const whereWidth = 11;
    // Inside the border: the title, the rows, the note.
    const visible = Math.max(1, height - 4);
    const page = textPage(rows.map((r) => r.keys), scroll, visible);
    return (
        <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.focus} overflow="hidden">
            <Text bold color={theme.focus} wrap="truncate-end">Key bindings (Esc or ? closes){page.position == null ? "" : ` · ${page.position} ↑↓ PgUp PgDn`}</Text>
            {rows.slice(page.start, page.start + visible).map((binding, i) => (
                <Text key={page.start + i} wrap="truncate-end">
                    <Text color={theme.muted}>{binding.where.padEnd(whereWidth)}</Text>
                    <Text bold>{binding.keys.padEnd(keysWidth)}</Text>
                    {binding.action}
                </Text>
            ))}
            <Text color={theme.muted} wrap="truncate-end">{inspectItNote}</Text>
        </Box>
    );
}
