/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {scrollWindow} from "../state/scrollWindow.js";
import type {Theme} from "../theme.js";
import {Pane} from "./Pane.js";
import {printable} from "../state/printable.js";

export type ListRow = {label: string, summary?: string};

export type ListPaneProps = {
    title: string,
    rows: readonly ListRow[],
    selected: number,
    focused: boolean,
    width: number,
    height: number,
    theme: Theme,
    empty?: string
};

/** A titled list that scrolls to keep the selection in view and shows "n/total" when it does not fit. */
export function ListPane({title, rows, selected, focused, width, height, theme, empty}: ListPaneProps) {
    const visible = Math.max(1, height - 3);
    const window = scrollWindow(rows.length, selected, visible);
    const right = rows.length > visible ? window.position : undefined;
    return (
        <Pane title={title} right={right} focused={focused} width={width} height={height} theme={theme}>
            {rows.length === 0 ? <Text color={theme.muted} wrap="truncate-end">{empty ?? "(empty)"}</Text> : null}
            {rows.slice(window.start, window.end).map((row, offset) => {
                const index = window.start + offset;
                const isSelected = index === selected;
                return (
                    <Box key={index} height={1}>
                        <Text inverse={isSelected && focused} bold={isSelected} color={isSelected && !focused ? theme.accent : undefined} wrap="truncate-end">
                            {isSelected ? "›" : " "}{printable(row.label)}
                            {row.summary == null || row.summary === "" ? "" : <Text color={theme.muted}>  {printable(row.summary)}</Text>}
                        </Text>
                    </Box>
                );
            })}
        </Pane>
    );
}
