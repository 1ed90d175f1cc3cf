/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {TextView} from "../../components/TextView.js";
import type {KeyPress} from "../../state/interpretKey.js";
import {lastOffset, textPage} from "../../state/wrapText.js";
import {wrapCached} from "../../state/resultText.js";
import type {ToolContext, ToolDefinition, ToolIntent, ToolViewProps} from "../Tool.js";

/** A value or reply shown whole: wrapped to the width, scrolled with the keys. */
export type ResultState = {title: string, text: string, scroll: number};

// The title line takes one row.
const bodyRows = (context: ToolContext) => Math.max(1, context.height - 1);

function keys(state: ResultState, _input: string, key: KeyPress, context: ToolContext): ToolIntent<ResultState> {
    const rows = bodyRows(context);
    const last = lastOffset(wrapCached(state.text, context.width).length, rows);
    const to = (scroll: number): ToolIntent<ResultState> => ({kind: "state", state: {...state, scroll: Math.max(0, Math.min(last, scroll))}});
    if (key.upArrow) return to(state.scroll - 1);
    if (key.downArrow) return to(state.scroll + 1);
    if (key.pageUp) return to(state.scroll - rows);
    if (key.pageDown || _input === " ") return to(state.scroll + rows);
    if (key.home) return to(0);
    if (key.end) return to(last);
    if (key.escape || _input === "q") return {kind: "leave"};
    return {kind: "none"};
}

function ResultView({state, width, height, theme}: ToolViewProps<ResultState>) {
    const lines = wrapCached(state.text, width);
    const rows = Math.max(1, height - 1);
    const page = textPage(lines, state.scroll, rows);
    return (
        <Box flexDirection="column" width={width} height={height}>
            <Text wrap="truncate-end" color={theme.muted}>{page.position ?? `${lines.length} lines`} · ↑↓ PgUp PgDn Home End scroll · Esc back · Ctrl-W close</Text>
            <TextView lines={lines} offset={state.scroll} rows={rows} />
        </Box>
    );
}

export const resultTool: ToolDefinition<ResultState> = {
    kind: "result",
    title: (state) => state.title,
    keys,
    View: ResultView,
    help: [{keys: "↑↓ PgUp PgDn Home End", action: "scroll the text"}, {keys: "Esc / Ctrl-W", action: "back to the browser / close"}]
};
