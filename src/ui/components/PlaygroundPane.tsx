/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box} from "ink";
import type {BrowserModel} from "../state/browserModel.js";
import type {ScreenView} from "../state/deriveView.js";
import type {ResultTone} from "../state/resultText.js";
import {textPage} from "../state/wrapText.js";
import type {Theme} from "../theme.js";
import {BufferView} from "./BufferView.js";
import {Pane} from "./Pane.js";
import {TextView} from "./TextView.js";

export type PlaygroundPaneProps = {model: BrowserModel, view: ScreenView, width: number, height: number, theme: Theme};

/**
 * The Playground: a multi-line input and, under it, what the last Do/Print/Inspect it answered,
 * wrapped and scrolled (PgUp/PgDn; Ctrl-V shows it whole). While an evaluation runs, the replies of
 * the generations it started stream in, following their end.
 */
export function PlaygroundPane({model, view, width, height, theme}: PlaygroundPaneProps) {
    const focused = model.focus === "playground" && model.activeTool == null;
    const {buffer, history, busy} = model.playground;
    const rows = view.resultRows;
    const inputRows = Math.max(1, height - 3 - rows);
    const lines = view.result.lines;
    const offset = busy ? null : model.playground.scroll;
    const page = textPage(lines, offset ?? Number.MAX_SAFE_INTEGER, rows);
    const more = lines.length > rows ? `${page.position} PgUp PgDn · Ctrl-V all` : null;
    const right = busy ? `${more ?? "running"} · Ctrl-C stops` : more ?? (history.index == null ? "Ctrl-D do · Ctrl-P print · Ctrl-O inspect" : `history ${history.index + 1}`);
    const result = model.playground.result;
    return (
        <Pane title="Playground" right={right} focused={focused} width={width} height={height} theme={theme}>
            <BufferView buffer={buffer} height={inputRows} width={width - 2} showCursor={focused} theme={theme} prompt="» "
                placeholder={focused ? undefined : "Tab here and type Smalltalk, e.g. BRICK chat: 'Hello'"}
                mark={result?.kind === "error" && result.line != null && result.column != null ? {line: result.line, column: result.column} : null} />
            <Box height={rows} overflow="hidden">
                <TextView lines={lines} offset={offset} rows={rows} color={toneColour(view.result.tone, theme)} />
            </Box>
        </Pane>
    );
}

function toneColour(tone: ResultTone, theme: Theme): string | undefined {
    switch (tone) {
        case "muted": return theme.muted;
        case "ok": return theme.ok;
        case "error": return theme.error;
        case "warn": return theme.warn;
        case "plain": return undefined;
        default: return tone satisfies never;
    }
}
