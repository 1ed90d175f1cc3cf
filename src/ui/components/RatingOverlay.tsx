/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {RatingState} from "../state/rating.js";
import {architectJudge, conversationLines, ratingRows} from "../state/rating.js";
import {latestVerdicts} from "../state/verdicts.js";
import {textPage, wrapText} from "../state/wrapText.js";
import type {Theme} from "../theme.js";
import {TextView} from "./TextView.js";

export type RatingOverlayProps = {rating: RatingState, width: number, height: number, theme: Theme};

/**
 * The Architect rating one interaction: the whole conversation (wrapped, PgUp/PgDn), then one row per
 * axis with the Architect's score being set beside the Oracle's verdict (and the Architect's earlier
 * one, if any), and what went wrong.
 */
export function RatingOverlay({rating, width, height, theme}: RatingOverlayProps) {
    if (rating.kind === "empty")
        return (
            <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.focus} overflow="hidden">
                <Text bold color={theme.focus} wrap="truncate-end">Rate {rating.persona}'s interaction</Text>
                <Text color={theme.warn} wrap="wrap">{rating.message}</Text>
                <Text color={theme.muted} wrap="truncate-end">Esc or Enter closes.</Text>
            </Box>
        );
    const inner = width - 2;
    const {oracle, architect} = latestVerdicts(rating.entry);
    const lines = conversationLines(rating.entry).flatMap((line) => wrapText(line, inner - 2));
    // Inside the border: the title, the conversation, the column heads, the rows, the hint, the problem.
    const fixed = 1 + 1 + ratingRows.length + 1 + (rating.problem == null ? 0 : 2);
    const conversationRows = Math.max(2, height - 2 - fixed);
    const page = textPage(lines, rating.scroll, conversationRows);
    const labelWidth = 24;
    const mineWidth = 12;
    const oracleName = oracle?.judge ?? "Oracle";
    return (
        <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.focus} overflow="hidden">
            <Text bold color={theme.focus} wrap="truncate-end">
                {architectJudge} rates {rating.persona}'s interaction {rating.position}/{rating.count} ({rating.interactionId.slice(0, 8)}){page.position == null ? "" : ` · ${page.position} PgUp PgDn`}
            </Text>
            <Box paddingLeft={2}>
                <TextView lines={lines.length === 0 ? [`(${rating.entry.kind} without messages)`] : lines} offset={page.start} rows={conversationRows} color={theme.muted} />
            </Box>
            <Text wrap="truncate-end" color={theme.muted}>
                {"".padEnd(labelWidth)}{"you".padEnd(mineWidth)}{oracle == null ? `${oracleName}: not judged yet` : `${oracleName}: golden ${oracle.golden.toFixed(2)}`}
                {architect == null ? "" : ` · your last: ${architect.golden.toFixed(2)}`}
            </Text>
            {ratingRows.map((row, index) => {
                const selected = index === rating.row;
                const mine = row === "overall" ? "1–5 = all" : rating.scores[row] == null ? "·" : String(rating.scores[row]);
                const theirs = row === "overall" ? "" : oracle?.axes[row] == null ? "" : `${oracle.axes[row].score}  ${oracle.axes[row].rationale.replace(/\s+/g, " ")}`;
                return (
                    <Text key={row} inverse={selected} wrap="truncate-end">
                        {selected ? "▸ " : "  "}{row.padEnd(labelWidth - 2)}{mine.padEnd(mineWidth)}<Text color={selected ? undefined : theme.muted}>{theirs}</Text>
                    </Text>
                );
            })}
            <Text color={theme.muted} wrap="truncate-end">1–5 score · Tab/↑↓ axis · Backspace clear · Enter record axes · Esc cancel</Text>
            {rating.problem == null ? null : <Text color={theme.error} wrap="wrap">✗ {rating.problem}</Text>}
        </Box>
    );
}
