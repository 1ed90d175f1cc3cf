/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {RatingState} from "../state/rating.js";
import {architectJudge, ratingRows} from "../state/rating.js";
import type {Theme} from "../theme.js";

export type RatingOverlayProps = {rating: RatingState, width: number, height: number, theme: Theme};

/** The Architect rating the focused persona's last interaction: its first lines, the rows to score, and what went wrong. */
export function RatingOverlay({rating, width, height, theme}: RatingOverlayProps) {
    if (rating.kind === "empty")
        return (
            <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.focus} overflow="hidden">
                <Text bold color={theme.focus} wrap="truncate-end">Rate {rating.persona}'s last interaction</Text>
                <Text color={theme.warn} wrap="wrap">{rating.message}</Text>
                <Text color={theme.muted} wrap="truncate-end">Esc or Enter closes.</Text>
            </Box>
        );
    // Inside the border: title, the preview, a blank line, the rows, the hint, and the problem.
    const previewRows = Math.max(1, Math.min(rating.preview.length, height - 2 - 1 - 1 - ratingRows.length - 1 - 2));
    return (
        <Box flexDirection="column" width={width} height={height} borderStyle="double" borderColor={theme.focus} overflow="hidden">
            <Text bold color={theme.focus} wrap="truncate-end">{architectJudge} rates {rating.persona}'s last interaction ({rating.interactionId})</Text>
            {rating.preview.slice(0, previewRows).map((line, i) => <Text key={i} color={theme.muted} wrap="truncate-end">  {line}</Text>)}
            <Text> </Text>
            {ratingRows.map((row, index) => {
                const selected = index === rating.row;
                const score = row === "overall" ? null : rating.scores[row];
                return (
                    <Text key={row} inverse={selected} wrap="truncate-end">
                        {selected ? "▸ " : "  "}{row.padEnd(22)}{row === "overall" ? "1–5 rates every axis now" : score == null ? "·" : `${score}`}
                    </Text>
                );
            })}
            <Text color={theme.muted} wrap="truncate-end">1–5 score · Tab/↑↓ axis · Backspace clear · Enter record axes · Esc cancel</Text>
            {rating.problem == null ? null : <Text color={theme.error} wrap="wrap">✗ {rating.problem}</Text>}
        </Box>
    );
}
