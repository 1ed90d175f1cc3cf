/**
 * Terminal charts of a number series: a one-line sparkline and a small block chart, drawn
 * with the eighth-block characters so that a series reads at a glance.
 */
const ticks = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;
const eighths = [" ", "▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"] as const;

/** The last `width` values (or all of them, resampled) as one line of block characters. */
export function sparkline(values: readonly number[], width: number): string {
    const series = resample(values, width);
    if (series.length === 0) return "";
    const {low, span} = range(series);
    return series.map((v) => ticks[span === 0 ? 3 : Math.round(((v - low) / span) * (ticks.length - 1))]!).join("");
}

/**
 * A block chart `height` rows tall and at most `width` columns wide, top row first.
 * Each column is one value (resampled to the width); its bar is measured in eighths of a row.
 */
export function blockChart(values: readonly number[], width: number, height: number): string[] {
    const series = resample(values, width);
    const rows = Math.max(1, height);
    if (series.length === 0) return [];
    const {low, span} = range(series);
    // A flat series still shows as a bar, half the chart's height.
    const levels = series.map((v) => span === 0 ? Math.round(rows * 4) : Math.max(1, Math.round(((v - low) / span) * rows * 8)));
    const lines: string[] = [];
    for (let row = rows - 1; row >= 0; row--) {
        lines.push(levels.map((level) => eighths[Math.max(0, Math.min(8, level - row * 8))]!).join(""));
    }
    return lines;
}

/**
 * At most `width` points: a longer series is cut into `width` buckets, each drawn as its mean,
 * so the whole history stays visible rather than only its tail.
 */
export function resample(values: readonly number[], width: number): number[] {
    const finite = values.filter((v) => Number.isFinite(v));
    const columns = Math.max(1, Math.floor(width));
    if (finite.length <= columns) return finite;
    const out: number[] = [];
    for (let c = 0; c < columns; c++) {
        const from = Math.floor((c * finite.length) / columns);
        const to = Math.max(from + 1, Math.floor(((c + 1) * finite.length) / columns));
        const bucket = finite.slice(from, to);
        out.push(bucket.reduce((a, b) => a + b, 0) / bucket.length);
    }
    return out;
}

function range(values: readonly number[]): {low: number, span: number} {
    const low = Math.min(...values);
    return {low, span: Math.max(...values) - low};
}
