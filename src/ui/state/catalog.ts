import type {GoldenSample, MetricPoint, PersonaRecord, ScrapbookEntry} from "../../index.js";
import {describe} from "./inspectRows.js";

/** The categories of the second pane, in order. */
export const categories = ["slots", "methods", "golden dataset", "metrics", "scrapbook", "codex"] as const;
export type Category = typeof categories[number];

/**
 * One entry of the items pane. `kind` says what Enter and `e` do with it:
 * a `slot` is edited through at:put:, a `method` or `newMethod` opens the method editor,
 * the others are inspected (a `metric` is drawn as a chart).
 */
export type Item =
    | {kind: "slot", label: string, summary: string, slot: string, value: unknown}
    | {kind: "method", label: string, summary: string, selector: string, source: string, value: unknown}
    | {kind: "newMethod", label: string, summary: string, value: unknown}
    | {kind: "metric", label: string, summary: string, name: string, points: MetricPoint[], value: unknown}
    | {kind: "value", label: string, summary: string, value: unknown};

// These slots have a category of their own, so the slots category does not repeat them.
const ownCategory = new Set(["codex", "goldenDataset", "performanceMetrics", "scrapbook", "methods", "slots"]);

/** The items of one category of a persona. */
export function itemsOf(record: PersonaRecord, category: Category): Item[] {
    switch (category) {
        case "slots": {
            const fixed = Object.keys(record).filter((slot) => !ownCategory.has(slot)).map((slot) =>
                slotItem(slot, slot, (record as Record<string, unknown>)[slot]));
            const free = Object.entries(record.slots).map(([slot, value]) => slotItem(`${slot} *`, slot, value));
            return [...fixed, ...free];
        }
        case "methods":
            return [
                ...Object.values(record.methods).sort((a, b) => a.selector.localeCompare(b.selector)).map((m): Item => ({
                    kind: "method", label: `#${m.selector}`, summary: m.category, selector: m.selector, source: m.source, value: m
                })),
                {kind: "newMethod", label: "+ new method", summary: "write a new method", value: null}
            ];
        case "golden dataset":
            return record.goldenDataset.map((sample, i) => ({kind: "value", label: sampleLabel(sample, i), summary: describe(sample), value: sample}));
        case "metrics":
            return metricSeries(record.performanceMetrics).map(([name, points]) => ({
                kind: "metric", label: name, summary: `${points.length} points, last ${formatNumber(points[points.length - 1]!.value)}`, name, points, value: points
            }));
        case "scrapbook":
            return record.scrapbook.map((entry, i) => ({kind: "value", label: entryLabel(entry, i), summary: describe(entry), value: entry}));
        case "codex":
            return Object.entries(record.codex).map(([key, value]) => ({kind: "value", label: key, summary: describe(value), value}));
        default:
            return category satisfies never;
    }
}

/** The performance metrics grouped by name, each series in time order. */
export function metricSeries(points: readonly MetricPoint[]): [string, MetricPoint[]][] {
    const byName = new Map<string, MetricPoint[]>();
    for (const point of points) {
        const series = byName.get(point.name) ?? [];
        series.push(point);
        byName.set(point.name, series);
    }
    return [...byName.entries()].map(([name, series]) => [name, series.sort((a, b) => a.at.getTime() - b.at.getTime())]);
}

export function formatNumber(value: number): string {
    if (Number.isInteger(value)) return String(value);
    return Math.abs(value) >= 100 ? value.toFixed(0) : value.toPrecision(3);
}

function slotItem(label: string, slot: string, value: unknown): Item {
    return {kind: "slot", label, summary: describe(value), slot, value};
}

function sampleLabel(sample: GoldenSample, index: number): string {
    const score = sample.provenance.scores?.golden;
    const user = sample.messages.find((m) => m.role === "user")?.content ?? "";
    return `${index + 1} ${score == null ? "-" : score.toFixed(1)} ${oneLine(user)}`;
}

function entryLabel(entry: ScrapbookEntry, index: number): string {
    const user = entry.messages.find((m) => m.role === "user")?.content ?? entry.kind;
    return `${index + 1} ${entry.kind} ${oneLine(user)}`;
}

function oneLine(text: string): string {
    return text.replace(/\s+/g, " ").trim();
}
