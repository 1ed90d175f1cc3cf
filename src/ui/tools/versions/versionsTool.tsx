/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {MethodVersion} from "../../../index.js";
import type {KeyPress} from "../../state/interpretKey.js";
import type {DiffLine} from "../../state/lineDiff.js";
import {diffStat, lineDiff} from "../../state/lineDiff.js";
import {scrollWindow} from "../../state/scrollWindow.js";
import {lastOffset, textPage} from "../../state/wrapText.js";
import type {Theme} from "../../theme.js";
import type {ToolContext, ToolDefinition, ToolIntent, ToolViewProps} from "../Tool.js";

/**
 * A method's versions (from the image and the journal, newest first) and, for the selected one, its
 * diff against the method as it is now; Enter reverts to it (after asking).
 */
export type VersionsState = {persona: string, selector: string, versions: MethodVersion[], selected: number, scroll: number};

const listRows = (height: number) => Math.max(1, Math.min(8, Math.floor((height - 2) / 3)));
const diffRows = (height: number) => Math.max(1, height - 2 - listRows(height));

/** The diff shown for the selected version: what reverting to it would change in the current source. */
export function diffOf(state: VersionsState): DiffLine[] {
    const current = state.versions.find((v) => v.origin === "current");
    const chosen = state.versions[state.selected];
    if (chosen == null) return [];
    if (current == null || chosen === current) return chosen.source.split("\n").map((text) => ({kind: "same", text}));
    return lineDiff(current.source, chosen.source);
}

function keys(state: VersionsState, input: string, key: KeyPress, context: ToolContext): ToolIntent<VersionsState> {
    const pick = (selected: number): ToolIntent<VersionsState> =>
        ({kind: "state", state: {...state, selected: Math.max(0, Math.min(state.versions.length - 1, selected)), scroll: 0}});
    const rows = diffRows(context.height);
    const scroll = (delta: number): ToolIntent<VersionsState> =>
        ({kind: "state", state: {...state, scroll: Math.max(0, Math.min(lastOffset(diffOf(state).length, rows), state.scroll + delta))}});
    if (key.upArrow) return pick(state.selected - 1);
    if (key.downArrow) return pick(state.selected + 1);
    if (key.pageUp) return scroll(-rows);
    if (key.pageDown) return scroll(rows);
    if (key.escape) return {kind: "leave"};
    if (key.return || input === "r") {
        const version = state.versions[state.selected];
        if (version == null || version.origin === "current") return {kind: "browser", actions: [{type: "notice", notice: {kind: "error", text: "That is the current version: pick an older one to revert to"}}]};
        const stat = diffStat(diffOf(state));
        return {
            kind: "browser", actions: [{
                type: "openConfirm", confirm: {
                    title: `Revert ${state.persona} >> #${state.selector} to the version of ${when(version.at)}?`,
                    lines: [`It changes ${stat.removed} line(s) and adds ${stat.added}; the current source stays a version, and u undoes it.`],
                    yes: {kind: "revert", persona: state.persona, selector: state.selector, source: version.source, category: version.category}
                }
            }]
        };
    }
    return {kind: "none"};
}

function when(at: Date): string {
    return at.toISOString().replace("T", " ").slice(0, 19);
}

function VersionsView({state, width, height, theme}: ToolViewProps<VersionsState>) {
    const rows = listRows(height);
    const window = scrollWindow(state.versions.length, state.selected, rows);
    const diff = diffOf(state);
    const page = textPage(diff.map((d) => d.text), state.scroll, diffRows(height));
    const chosen = state.versions[state.selected];
    return (
        <Box flexDirection="column" width={width} height={height}>
            <Text wrap="truncate-end" color={theme.muted}>
                {state.versions.length} versions · ↑↓ pick · Enter revert to it · PgUp PgDn scroll · Esc back
            </Text>
            <Box flexDirection="column" height={rows} overflow="hidden">
                {state.versions.slice(window.start, window.end).map((version, offset) => {
                    const index = window.start + offset;
                    const selected = index === state.selected;
                    const first = version.source.split("\n").find((l, i) => i > 0 && l.trim() !== "")?.trim() ?? "";
                    return (
                        <Box key={index} height={1}>
                            <Text inverse={selected} wrap="truncate-end">
                                {selected ? "›" : " "}{String(index + 1).padStart(2)} {when(version.at)} <Text color={selected ? undefined : theme.accent}>{version.origin.padEnd(7)}</Text> {version.category} · {first}
                            </Text>
                        </Box>
                    );
                })}
            </Box>
            <Text wrap="truncate-end" color={theme.muted}>
                {chosen == null ? "" : chosen.origin === "current" ? "── the current source" : `── reverting to ${when(chosen.at)} changes the current source so:`}{page.position == null ? "" : ` (${page.position})`}
            </Text>
            <Box flexDirection="column" height={diffRows(height)} overflow="hidden">
                {diff.slice(page.start, page.start + diffRows(height)).map((line, i) => (
                    <Box key={page.start + i} height={1}>
                        <Text wrap="truncate-end" color={diffColour(line, theme)}>{line.kind === "added" ? "+ " : line.kind === "removed" ? "- " : "  "}{line.text}</Text>
                    </Box>
                ))}
            </Box>
        </Box>
    );
}

function diffColour(line: DiffLine, theme: Theme): string | undefined {
    return line.kind === "added" ? theme.ok : line.kind === "removed" ? theme.error : undefined;
}

export const versionsTool: ToolDefinition<VersionsState> = {
    kind: "versions",
    title: (state) => `Versions ${state.persona}>>#${state.selector}`,
    keys,
    View: VersionsView,
    help: [
        {keys: "↑↓ / PgUp PgDn", action: "pick a version / scroll its diff"},
        {keys: "Enter or r", action: "revert to it (asks; u undoes)"},
        {keys: "Esc / Ctrl-W", action: "back to the browser / close"}
    ]
};
