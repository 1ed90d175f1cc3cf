/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {inspectItNote, keymap} from "../state/keymap.js";
import type {Theme} from "../theme.js";

export type HelpOverlayProps = {width: number, height: number, theme: Theme};

/** Every key binding, grouped by where it works; shown in place of the browser columns. */
export function HelpOverlay({width, height, theme}: HelpOverlayProps) {
    const keysWidth = Math.max(...keymap.map((b) => b.keys.length)) + 1;
    const whereWidth = 11;
    return (
        <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.focus} overflow="hidden">
            <Text bold color={theme.focus} wrap="truncate-end">Key bindings (Esc or ? closes)</Text>
            {/* Rows that do not fit are left out rather than squeezed: Ink would draw them over each other. */}
            {keymap.slice(0, Math.max(0, height - 4)).map((binding, i) => (
                <Text key={i} wrap="truncate-end">
                    <Text color={theme.muted}>{binding.where.padEnd(whereWidth)}</Text>
                    <Text bold>{binding.keys.padEnd(keysWidth)}</Text>
                    {binding.action}
                </Text>
            ))}
            <Text color={theme.muted} wrap="truncate-end">{inspectItNote}</Text>
        </Box>
    );
}
