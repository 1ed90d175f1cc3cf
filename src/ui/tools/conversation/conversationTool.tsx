/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {BufferView} from "../../components/BufferView.js";
import {messageOf} from "../../session/BrowserSession.js";
import type {KeyPress} from "../../state/interpretKey.js";
import {editText} from "../../state/interpretKey.js";
import {bufferOf, emptyBuffer, isBlank, textOf} from "../../state/textBuffer.js";
import {lastOffset, textPage} from "../../state/wrapText.js";
import type {Theme} from "../../theme.js";
import type {ToolContext, ToolDefinition, ToolIntent, ToolTask, ToolViewProps} from "../Tool.js";
import type {ConversationLine, ConversationState} from "./conversationState.js";
import {conversationLines, historyOf} from "./conversationState.js";

// Rows: the header line, the conversation, a rule, the input (up to 3 lines).
const inputRows = (state: ConversationState) => Math.min(3, state.input.lines.length);
const bodyRows = (state: ConversationState, height: number) => Math.max(1, height - 2 - inputRows(state));

/** How often a streaming reply is redrawn: pieces arrive far faster than a terminal shows them. */
const flushMs = 40;

function keys(state: ConversationState, input: string, key: KeyPress, context: ToolContext): ToolIntent<ConversationState> {
    const rows = bodyRows(state, context.height);
    const count = conversationLines(state, context.world, context.width).length;
    const last = lastOffset(count, rows);
    const scrollTo = (to: number): ToolIntent<ConversationState> => {
        const scroll = Math.max(0, Math.min(last, to));
        return {kind: "state", state: {...state, scroll: scroll >= last ? null : scroll}};
    };
    const from = state.scroll ?? last;
    if (key.pageUp) return scrollTo(from - rows);
    if (key.pageDown) return scrollTo(from + rows);
    if (key.escape) return {kind: "leave"};
    if (key.ctrl && input === "l") {
        if (state.streaming != null) return {kind: "none"};
        state.conversation.reset();
        return {kind: "state", state: {...state, turns: [], scroll: null, error: null}};
    }
    if (key.ctrl && input === "k")
        return {kind: "effect", effect: {kind: "open", tool: {kind: "context", persona: state.persona, history: historyOf(state), draft: textOf(state.input)}}};
    if (key.return) {
        if (state.streaming != null || isBlank(state.input)) return {kind: "none"};
        const text = textOf(state.input).trim();
        return {kind: "task", state: {...state, input: emptyBuffer, sent: [...state.sent, text]}, task: send(state.conversation, text)};
    }
    // ↑ and ↓ walk the lines sent, as a shell's history does.
    if ((key.upArrow || key.downArrow) && state.input.lines.length === 1) {
        const current = state.sent.indexOf(textOf(state.input));
        const index = key.upArrow ? (current < 0 ? state.sent.length - 1 : current - 1) : (current < 0 ? -1 : current + 1);
        const text = state.sent[index];
        if (key.upArrow && text == null) return {kind: "none"};
        return {kind: "state", state: {...state, input: text == null ? emptyBuffer : bufferOf(text)}};
    }
    const buffer = editText(state.input, input, key);
    return buffer == null ? {kind: "none"} : {kind: "state", state: {...state, input: buffer}};
}

/** Sends one turn: the reply streams into the pane, batched; Ctrl-C (the task's signal) stops it and keeps what came. */
function send(conversation: ConversationState["conversation"], text: string): ToolTask<ConversationState> {
    return async (io) => {
        const startedAt = Date.now();
        io.update((s) => ({...s, turns: [...s.turns, {role: "user", text, interactionId: null, stopped: false}], streaming: "", pieces: 0, startedAt, scroll: null, error: null}));
        let pending = "";
        let pieces = 0;
        let timer: ReturnType<typeof setTimeout> | null = null;
        const flush = () => {
            timer = null;
            const more = pending;
            const count = pieces;
            pending = "";
            io.update((s) => ({...s, streaming: (s.streaming ?? "") + more, pieces: count}));
        };
        try {
            const reply = await conversation.send(text, {
                signal: io.signal,
                onToken: (piece) => {
                    pending += piece;
                    pieces++;
                    timer ??= setTimeout(flush, flushMs);
                }
            });
            if (timer != null) clearTimeout(timer);
            const stopped = reply.stopReason === "aborted";
            io.update((s) => ({
                ...s, streaming: null, startedAt: null,
                turns: [...s.turns, {role: "assistant", text: reply.text, interactionId: reply.interactionId, stopped}]
            }));
            if (stopped) io.notice("ok", `■ stopped: ${s(reply.completion.completionTokens)} kept`);
        } catch (error) {
            if (timer != null) clearTimeout(timer);
            io.update((s) => ({...s, streaming: null, startedAt: null, error: messageOf(error)}));
        }
    };
}

function turnCount(turns: number): string {
    return turns === 1 ? "1 turn" : `${turns} turns`;
}

function s(tokens: number): string {
    return tokens === 1 ? "1 token" : `${tokens} tokens`;
}

function ConversationView({state, world, width, height, theme, focused}: ToolViewProps<ConversationState>) {
    const rows = bodyRows(state, height);
    const lines = conversationLines(state, world, width);
    const page = textPage(lines.map((l) => l.text), state.scroll ?? Number.MAX_SAFE_INTEGER, rows);
    const shown = lines.slice(page.start, page.start + rows);
    const record = Object.values(world.personas).find((p) => p.name === state.persona);
    const progress = state.streaming != null
        ? `⠿ ${state.persona} replying · ${s(state.pieces)} · ${(((Date.now() - (state.startedAt ?? Date.now())) / 1000)).toFixed(1)} s · Ctrl-C stops`
        : `${turnCount(state.turns.filter((t) => t.role === "assistant").length)} · Enter send · Ctrl-L new · Ctrl-K context · Esc back`;
    return (
        <Box flexDirection="column" width={width} height={height}>
            <Text wrap="truncate-end" color={state.streaming != null ? theme.warn : theme.muted}>
                {[record?.baseModelPath == null ? null : basename(record.baseModelPath), page.position, progress].filter((p) => p != null).join(" · ")}
            </Text>
            <Box flexDirection="column" height={rows} overflow="hidden">
                {shown.map((line, i) => (
                    <Box key={page.start + i} height={1}>
                        <Text wrap="truncate-end" color={toneColour(line.tone, theme)} bold={line.tone === "user" && line.text.startsWith("you ›")}>{line.text === "" ? " " : line.text}</Text>
                    </Box>
                ))}
            </Box>
            <Text color={focused ? theme.focus : theme.border} wrap="truncate-end">{"─".repeat(Math.max(1, width))}</Text>
            <BufferView buffer={state.input} height={inputRows(state)} width={width} showCursor={focused && state.streaming == null} theme={theme} prompt="» "
                placeholder={state.streaming != null ? "" : `message ${state.persona}…`} />
        </Box>
    );
}

function toneColour(tone: ConversationLine["tone"], theme: Theme): string | undefined {
    switch (tone) {
        case "user": return theme.accent;
        case "assistant": return undefined;
        case "verdict": return theme.muted;
        case "muted": return theme.muted;
        case "error": return theme.error;
        default: return tone satisfies never;
    }
}

function basename(file: string): string {
    return file.split(/[\\/]/).pop() ?? file;
}

export const conversationTool: ToolDefinition<ConversationState> = {
    kind: "conversation",
    title: (state) => `Chat ${state.persona}${state.streaming != null ? " ⠿" : ""}`,
    keys,
    View: ConversationView,
    busy: (state) => state.streaming != null,
    help: [
        {keys: "Enter / ↑↓", action: "send the line / lines sent before"},
        {keys: "PgUp PgDn", action: "scroll the conversation"},
        {keys: "Ctrl-C", action: "stop the reply (what came is kept)"},
        {keys: "Ctrl-L / Ctrl-K", action: "new conversation / what the persona sees"},
        {keys: "Esc / Ctrl-W", action: "back to the browser / close"}
    ]
};
