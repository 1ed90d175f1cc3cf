/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {Confirm, Prompt} from "../state/browserModel.js";
import type {Theme} from "../theme.js";
import {BufferView} from "./BufferView.js";

export type ConfirmOverlayProps = {confirm: Confirm, width: number, height: number, theme: Theme};

/** A question before a change: its title, what it means, and y / n. */
export function ConfirmOverlay({confirm, width, height, theme}: ConfirmOverlayProps) {
    return (
        <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.warn} overflow="hidden">
            <Text bold color={theme.warn} wrap="wrap">{confirm.title}</Text>
            {confirm.lines.map((line, i) => <Text key={i} wrap="wrap">{line}</Text>)}
            {confirm.lines.some((l) => l.includes("y ")) ? null : <Text color={theme.muted}>y yes · n or Esc no</Text>}
        </Box>
    );
}

export type PromptOverlayProps = {prompt: Prompt, width: number, height: number, theme: Theme};

/** A one-line question with its input. */
export function PromptOverlay({prompt, width, height, theme}: PromptOverlayProps) {
    return (
        <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.focus} overflow="hidden">
            <Text bold color={theme.focus} wrap="truncate-end">{prompt.title}</Text>
            <BufferView buffer={prompt.buffer} height={1} width={width - 2} showCursor theme={theme} prompt="» " />
            <Text color={theme.muted} wrap="wrap">{prompt.hint}</Text>
        </Box>
    );
}
