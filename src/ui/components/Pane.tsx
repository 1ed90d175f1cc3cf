/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {ReactNode} from "react";
import type {Theme} from "../theme.js";

export type PaneProps = {
    title: string,
    /** Right side of the title line, e.g. the position in a long list. */
    right?: string,
    focused: boolean,
    /** A long title keeps its end (a drill trail's newest step) rather than its start. */
    keepTitleEnd?: boolean,
    width: number,
    height: number,
    theme: Theme,
    children?: ReactNode
};

/** A bordered pane with a title line; its border and title light up when it has the keyboard. */
export function Pane({title, right, focused, keepTitleEnd, width, height, theme, children}: PaneProps) {
    return (
        <Box flexDirection="column" width={width} height={height} borderStyle={focused ? "bold" : "round"}
            borderColor={focused ? theme.focus : theme.border} overflow="hidden">
            <Box justifyContent="space-between" height={1}>
                <Text bold={focused} color={focused ? theme.focus : undefined} wrap={keepTitleEnd === true ? "truncate-start" : "truncate-end"}>{title}</Text>
                {right == null ? null : <Text color={theme.muted} wrap="truncate-end"> {right}</Text>}
            </Box>
            {children}
        </Box>
    );
}
