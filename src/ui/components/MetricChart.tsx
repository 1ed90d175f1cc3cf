/* @jsxRuntime automatic */
/* @jsxImportSource react */
// The pragmas: see runBrowser.tsx.
import {Box, Text} from "ink";
import type {MetricPoint} from "../../index.js";
import {blockChart, sparkline} from "../state/chart.js";
import {formatNumber} from "../state/catalog.js";
import type {Theme} from "../theme.js";

export type MetricChartProps = {points: readonly MetricPoint[], width: number, height: number, theme: Theme};

/** A metric over time: a block chart when there is room, always a sparkline and the figures. */
export function MetricChart({points, width, height, theme}: MetricChartProps) {
    const values = points.map((p) => p.value);
    const low = Math.min(...values);
    const high = Math.max(...values);
    const last = values[values.length - 1]!;
    const labelWidth = Math.max(formatNumber(high).length, formatNumber(low).length) + 1;
    const chartWidth = Math.max(4, width - labelWidth - 1);
    const chartRows = Math.max(0, height - 3);
    const chart = chartRows >= 2 ? blockChart(values, chartWidth, chartRows) : [];
    const from = points[0]!.at.toISOString().slice(0, 10);
    const to = points[points.length - 1]!.at.toISOString().slice(0, 10);
    return (
        <Box flexDirection="column">
            <Text wrap="truncate-end">last <Text bold>{formatNumber(last)}</Text><Text color={theme.muted}> · n={values.length} · min {formatNumber(low)} · max {formatNumber(high)}</Text></Text>
            {chart.map((line, i) => (
                <Text key={i} wrap="truncate-end">
                    <Text color={theme.muted}>{(i === 0 ? formatNumber(high) : i === chart.length - 1 ? formatNumber(low) : "").padStart(labelWidth - 1)} </Text>
                    <Text color={theme.chart}>{line}</Text>
                </Text>
            ))}
            {chart.length === 0 ? <Text color={theme.chart} wrap="truncate-end">{sparkline(values, width)}</Text> : null}
            <Text color={theme.muted} wrap="truncate-end">{from === to ? from : `${from} … ${to}`}</Text>
        </Box>
    );
}
