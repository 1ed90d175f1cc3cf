/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {BrowserModel} from "../state/browserModel.js";
import type {Theme} from "../theme.js";
import {BufferView} from "./BufferView.js";
import {Pane} from "./Pane.js";

export type PlaygroundPaneProps = {model: BrowserModel, width: number, height: number, theme: Theme};

/** The Playground: a multi-line input and, under it, what the last Do/Print/Inspect it answered. */
export function PlaygroundPane({model, width, height, theme}: PlaygroundPaneProps) {
    const focused = model.focus === "playground";
    const {buffer, result, busy, history} = model.playground;
    // Rows inside the border, less the title: the input takes what it needs (keeping one row for
    // the result), and the result, often a long error, wraps into the rest.
    const inner = Math.max(2, height - 3);
    const inputRows = Math.max(1, Math.min(buffer.lines.length, inner - 1));
    const resultRows = inner - inputRows;
    const right = history.index == null ? "Ctrl-D do · Ctrl-P print · Ctrl-O inspect" : `history ${history.index + 1}`;
    return (
        <Pane title="Playground" right={right} focused={focused} width={width} height={height} theme={theme}>
            <BufferView buffer={buffer} height={inputRows} width={width - 2} showCursor={focused} theme={theme} prompt="» "
                placeholder={focused ? undefined : "Tab here and type Smalltalk, e.g. BRICK name"}
                mark={result?.kind === "error" && result.line != null && result.column != null ? {line: result.line, column: result.column} : null} />
            <Box height={resultRows} overflow="hidden">
                {busy ? <Text color={theme.muted}>… evaluating</Text> : resultLine(result, theme)}
            </Box>
        </Pane>
    );
}

function resultLine(result: BrowserModel["playground"]["result"], theme: Theme) {
    if (result == null) return <Text> </Text>;
    switch (result.kind) {
        case "done":
            return <Text color={theme.muted} wrap="truncate-end">✓ done ({result.text})</Text>;
        case "printed":
            return <Text color={theme.ok} wrap="truncate-end">→ {result.text}</Text>;
        case "inspected":
            return <Text color={theme.ok} wrap="truncate-end">⌕ {result.text} (in the inspector)</Text>;
        case "error":
            return <Text color={theme.error} wrap="wrap">✗ {result.line == null ? "" : `line ${result.line}, col ${result.column}: `}{result.message}</Text>;
        default:
            return result satisfies never;
    }
}
