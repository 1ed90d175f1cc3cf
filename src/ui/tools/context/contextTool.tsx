/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {ChatMessage, RequestPreview} from "../../../index.js";
import {messageOf} from "../../session/BrowserSession.js";
import type {KeyPress} from "../../state/interpretKey.js";
import {lastOffset, textPage, wrapText} from "../../state/wrapText.js";
import type {Theme} from "../../theme.js";
import type {ToolContext, ToolDefinition, ToolIntent, ToolTask, ToolViewProps} from "../Tool.js";

/**
 * What a persona sees: its system prompt and the exact tokens of its next request (after `history`,
 * with `draft` as the user's turn), laid out by the engine as it would send them, with the counts
 * against the context length.
 */
export type ContextState = {
    persona: string,
    history: readonly ChatMessage[],
    draft: string,
    systemPrompt: string,
    preview: RequestPreview | null,
    loading: boolean,
    error: string | null,
    scroll: number
};

type Line = {text: string, tone: "heading" | "plain" | "muted" | "error" | "special"};

/** The view's text as styled lines, wrapped to `width`. */
export function contextLines(state: ContextState, width: number): Line[] {
    const lines: Line[] = [];
    const add = (text: string, tone: Line["tone"]) => {
        for (const line of wrapText(text, width)) lines.push({text: line, tone});
    };
    const preview = state.preview;
    add(`── System prompt${preview == null ? "" : ` (${preview.systemTokens} tokens)`}`, "heading");
    add(state.systemPrompt === "" ? "(none)" : state.systemPrompt, "plain");
    const turns = state.history.filter((m) => m.role !== "system").length;
    add(`── The conversation: ${turns === 0 ? "none yet" : `${turns} message${turns === 1 ? "" : "s"}`}` +
        `${preview != null && preview.droppedTurns > 0 ? `, the ${preview.droppedTurns} oldest dropped to fit` : ""}; the user's turn: ${state.draft === "" ? "(empty)" : JSON.stringify(state.draft)}`, "heading");
    if (state.loading) add("… laying out the request (the model loads on first use)", "muted");
    if (state.error != null) add(`✗ ${state.error}`, "error");
    if (preview == null) return lines;
    if (preview.problem != null) add(`✗ ${preview.problem}`, "error");
    add(`── The ${preview.tokens.length} tokens of the request, as the model reads them (· between tokens, [special]):`, "heading");
    const text = preview.tokens.map((t) => t.special ? `[${t.text}]` : t.text.replace(/\n/g, "⏎\n")).join("·");
    add(text, "plain");
    return lines;
}

/** The one-line budget: prompt tokens and the reply's room against the context length. */
export function budgetLine(preview: RequestPreview): string {
    const prompt = preview.tokens.length;
    const free = preview.contextSize - prompt - preview.maxTokens;
    return `${prompt} of ${preview.contextSize} tokens · system ${preview.systemTokens} · ${preview.maxTokens} kept for the reply · ${free} free`;
}

// Rows: the budget line, the bar, then the text.
const bodyRows = (height: number) => Math.max(1, height - 2);

/** Lays the request out (attaching the persona to the engine first if it was not). */
export function loadPreview(persona: string, history: readonly ChatMessage[], draft: string): ToolTask<ContextState> {
    return async (io) => {
        io.update((s) => ({...s, loading: true, error: null}));
        try {
            const runtime = io.session.runtime;
            const preview = await runtime.previewRequest(runtime.manager.get(persona), [...history.filter((m) => m.role !== "system") as {role: "user" | "assistant", content: string}[], {role: "user", content: draft}]);
            io.update((s) => ({...s, preview, systemPrompt: preview.systemPrompt, loading: false}));
        } catch (error) {
            io.update((s) => ({...s, loading: false, error: messageOf(error)}));
        }
    };
}

function keys(state: ContextState, input: string, key: KeyPress, context: ToolContext): ToolIntent<ContextState> {
    const rows = bodyRows(context.height);
    const last = lastOffset(contextLines(state, context.width).length, rows);
    const to = (scroll: number): ToolIntent<ContextState> => ({kind: "state", state: {...state, scroll: Math.max(0, Math.min(last, scroll))}});
    if (key.upArrow) return to(state.scroll - 1);
    if (key.downArrow) return to(state.scroll + 1);
    if (key.pageUp) return to(state.scroll - rows);
    if (key.pageDown) return to(state.scroll + rows);
    if (key.home) return to(0);
    if (key.end) return to(last);
    if (key.escape) return {kind: "leave"};
    if (input === "r" && !state.loading) return {kind: "task", task: loadPreview(state.persona, state.history, state.draft)};
    return {kind: "none"};
}

function ContextView({state, width, height, theme}: ToolViewProps<ContextState>) {
    const lines = contextLines(state, width);
    const rows = bodyRows(height);
    const page = textPage(lines.map((l) => l.text), state.scroll, rows);
    const preview = state.preview;
    const barWidth = Math.max(10, width - 2);
    const bar = preview == null ? "" : budgetBar(preview, barWidth);
    return (
        <Box flexDirection="column" width={width} height={height}>
            <Text wrap="truncate-end" bold>
                {state.persona} sees {preview == null ? (state.loading ? "…" : "") : budgetLine(preview)}<Text color={theme.muted}>{page.position == null ? "" : ` · ${page.position}`}</Text>
            </Text>
            <Text wrap="truncate-end" color={preview != null && preview.problem != null ? theme.error : theme.chart}>{bar === "" ? " " : bar}</Text>
            <Box flexDirection="column" height={rows} overflow="hidden">
                {lines.slice(page.start, page.start + rows).map((line, i) => (
                    <Box key={page.start + i} height={1}>
                        <Text wrap="truncate-end" color={tone(line.tone, theme)} bold={line.tone === "heading"}>{line.text === "" ? " " : line.text}</Text>
                    </Box>
                ))}
            </Box>
        </Box>
    );
}

/** The context as a bar: █ the prompt (▓ its system part), ░ kept for the reply, · free. */
export function budgetBar(preview: RequestPreview, width: number): string {
    const scale = (n: number) => Math.round((Math.max(0, n) / Math.max(1, preview.contextSize)) * width);
    const system = scale(preview.systemTokens);
    const prompt = Math.max(system, scale(preview.tokens.length));
    const reply = Math.min(width - prompt, scale(preview.maxTokens));
    return "▓".repeat(system) + "█".repeat(prompt - system) + "░".repeat(Math.max(0, reply)) + "·".repeat(Math.max(0, width - prompt - Math.max(0, reply)));
}

function tone(t: Line["tone"], theme: Theme): string | undefined {
    switch (t) {
        case "heading": return theme.focus;
        case "plain": return undefined;
        case "muted": return theme.muted;
        case "error": return theme.error;
        case "special": return theme.accent;
        default: return t satisfies never;
    }
}

export const contextTool: ToolDefinition<ContextState> = {
    kind: "context",
    title: (state) => `Sees ${state.persona}`,
    keys,
    View: ContextView,
    help: [
        {keys: "↑↓ PgUp PgDn Home End", action: "scroll"},
        {keys: "r", action: "lay the request out again"},
        {keys: "Esc / Ctrl-W", action: "back to the browser / close"}
    ]
};
