/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import {TextView} from "../../components/TextView.js";
import type {KeyPress} from "../../state/interpretKey.js";
import {wrapCached} from "../../state/resultText.js";
import {lastOffset, textPage} from "../../state/wrapText.js";
import type {ToolContext, ToolDefinition, ToolIntent, ToolViewProps} from "../Tool.js";
import {evolutionText} from "./evolutionText.js";

/**
 * The philosophical loop for one persona: BABS's scouting runs as comparison tables with their intervals, the
 * sandbox verdicts, the lineage, and the ascension waiting for the Architect's approval (a approves, x declines);
 * s asks BABS to scout now, c cancels what runs. Live progress is in the Transcript (its "evolution" filter).
 */
export type EvolutionState = {persona: string, scroll: number};

const bodyRows = (context: ToolContext) => Math.max(1, context.height - 1);

function linesOf(state: EvolutionState, context: ToolContext): string[] {
    return wrapCached(evolutionText(context.world, state.persona).join("\n"), context.width);
}

/** Sends `source` to the running image, and says what it answered. */
function send(source: string): ToolIntent<EvolutionState> {
    return {
        kind: "task",
        task: async (io) => {
            try {
                io.notice("ok", String(await io.session.runtime.evaluate(source)).split("\n")[0]!);
            } catch (error) {
                io.notice("error", (error as Error).message);
            }
        }
    };
}

function keys(state: EvolutionState, input: string, key: KeyPress, context: ToolContext): ToolIntent<EvolutionState> {
    const rows = bodyRows(context);
    const last = lastOffset(linesOf(state, context).length, rows);
    const to = (scroll: number): ToolIntent<EvolutionState> => ({kind: "state", state: {...state, scroll: Math.max(0, Math.min(last, scroll))}});
    if (key.upArrow) return to(state.scroll - 1);
    if (key.downArrow) return to(state.scroll + 1);
    if (key.pageUp) return to(state.scroll - rows);
    if (key.pageDown || input === " ") return to(state.scroll + rows);
    if (key.home) return to(0);
    if (key.end) return to(last);
    if (input === "a") return send(`${state.persona} ascend`);
    if (input === "x") return send(`${state.persona} declineAscension`);
    if (input === "s") return send(`BABS scoutFor: ${state.persona}`);
    if (input === "c") return send(`${state.persona} stopEvolution`);
    if (key.escape || input === "q") return {kind: "leave"};
    return {kind: "none"};
}

function EvolutionView({state, width, height, theme, ...context}: ToolViewProps<EvolutionState>) {
    const lines = linesOf(state, {...context, width, height});
    const rows = Math.max(1, height - 1);
    const page = textPage(lines, state.scroll, rows);
    return (
        <Box flexDirection="column" width={width} height={height}>
            <Text wrap="truncate-end" color={theme.muted}>{page.position ?? `${lines.length} lines`} · s scout · a ascend · x decline · c cancel · ↑↓ PgUp PgDn scroll · Esc back</Text>
            <TextView lines={lines} offset={state.scroll} rows={rows} />
        </Box>
    );
}

export const evolutionTool: ToolDefinition<EvolutionState> = {
    kind: "evolution",
    title: (state) => `Evolution: ${state.persona}`,
    keys,
    View: EvolutionView,
    help: [
        {keys: "s", action: "BABS scouts for this persona now (in the background)"},
        {keys: "a / x", action: "approve / decline the ascension waiting for you"},
        {keys: "c", action: "cancel the scouting, sandbox or ascension running for this persona (nothing changes)"},
        {keys: "↑↓ PgUp PgDn Home End", action: "scroll"},
        {keys: "Esc / Ctrl-W", action: "back to the browser / close"}
    ]
};
