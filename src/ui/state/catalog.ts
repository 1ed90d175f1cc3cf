import type {GoldenSample, MetricPoint, PersonaRecord, ScrapbookEntry} from "../../index.js";
import {describe} from "./inspectRows.js";
import {verdictMark} from "./verdicts.js";

/** The kinds of category in the second pane, in order. */
export const categoryKinds = ["slots", "methods", "golden dataset", "metrics", "scrapbook", "codex"] as const;
export type CategoryKind = typeof categoryKinds[number];

/**
 * One row of the categories pane. Under "methods" (every method) come the persona's method
 * categories, as Pharo's protocols: `methodCategory` narrows the methods to one of them.
 */
export type Category = {kind: CategoryKind, label: string, methodCategory: string | null};

/**
 * One entry of the items pane. `kind` says what Enter and `e` do with it: a `slot` is edited
 * through at:put:, a `method` or `newMethod` opens the method editor, an `entry` (scrapbook) can be
 * rated, the others are inspected (a `metric` is drawn as a chart).
 */
export type Item =
    | {kind: "slot", label: string, summary: string, slot: string, value: unknown, free: boolean}
    | {kind: "method", label: string, summary: string, selector: string, category: string, source: string, value: unknown}
    | {kind: "newMethod", label: string, summary: string, value: unknown}
    | {kind: "metric", label: string, summary: string, name: string, points: MetricPoint[], value: unknown}
    | {kind: "entry", label: string, summary: string, entry: ScrapbookEntry, index: number, value: unknown}
    | {kind: "sample", label: string, summary: string, sample: GoldenSample, index: number, value: unknown}
    | {kind: "value", label: string, summary: string, value: unknown};

// These slots have a category of their own, so the slots category does not repeat them.
const ownCategory = new Set(["codex", "goldenDataset", "performanceMetrics", "scrapbook", "methods", "slots"]);

export const defaultMethodCategory = "as yet unclassified";

// A persona's record is frozen and replaced on every change to it, so it keys a cache: lists of
// 10,000 scrapbook entries are built once per change, not once per key press.
const categoryCache = new WeakMap<PersonaRecord, Category[]>();
const itemCache = new WeakMap<PersonaRecord, Map<string, Item[]>>();

/** The categories of a persona: the fixed ones, with its method categories under "methods". */
export function categoriesOf(record: PersonaRecord): Category[] {
    let cached = categoryCache.get(record);
    if (cached == null) {
        const methodCategories = [...new Set(Object.values(record.methods).map((m) => m.category))].sort();
        cached = categoryKinds.flatMap((kind): Category[] => kind !== "methods"
            ? [{kind, label: kind, methodCategory: null}]
            : [{kind, label: "methods", methodCategory: null}, ...methodCategories.map((c) => ({kind, label: `  ${c}`, methodCategory: c}))]);
        categoryCache.set(record, cached);
    }
    return cached;
}

/** The items of one category of a persona (cached until the persona changes). */
export function itemsOf(record: PersonaRecord, category: Category | CategoryKind): Item[] {
    const wanted: Category = typeof category === "string" ? {kind: category, label: category, methodCategory: null} : category;
    const key = `${wanted.kind}\u0000${wanted.methodCategory ?? ""}`;
    let byCategory = itemCache.get(record);
    if (byCategory == null) {
        byCategory = new Map();
        itemCache.set(record, byCategory);
    }
    let items = byCategory.get(key);
    if (items == null) {
        items = buildItems(record, wanted);
        byCategory.set(key, items);
    }
    return items;
}

function buildItems(record: PersonaRecord, category: Category): Item[] {
    switch (category.kind) {
        case "slots": {
            const fixed = Object.keys(record).filter((slot) => !ownCategory.has(slot)).map((slot) =>
                slotItem(slot, slot, (record as Record<string, unknown>)[slot], false));
            const free = Object.entries(record.slots).map(([slot, value]) => slotItem(`${slot} *`, slot, value, true));
            return [...fixed, ...free];
        }
        case "methods":
            return [
                ...Object.values(record.methods)
                    .filter((m) => category.methodCategory == null || m.category === category.methodCategory)
                    .sort((a, b) => a.selector.localeCompare(b.selector)).map((m): Item => ({
                        kind: "method", label: `#${m.selector}`, summary: m.category, selector: m.selector, category: m.category, source: m.source, value: m
                    })),
                {kind: "newMethod", label: "+ new method", summary: "write a new method", value: null}
            ];
        case "golden dataset":
            return record.goldenDataset.map((sample, index) => ({kind: "sample", label: sampleLabel(sample, index), summary: "", sample, index, value: sample}));
        case "metrics":
            return metricSeries(record.performanceMetrics).map(([name, points]) => ({
                kind: "metric", label: name, summary: `${points.length} points, last ${formatNumber(points[points.length - 1]!.value)}`, name, points, value: points
            }));
        case "scrapbook":
            return record.scrapbook.map((entry, index) => ({kind: "entry", label: entryLabel(entry, index), summary: "", entry, index, value: entry}));
        case "codex":
            return Object.entries(record.codex).map(([key, value]) => ({kind: "value", label: key, summary: describe(value), value}));
        default:
            return category.kind satisfies never;
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

function slotItem(label: string, slot: string, value: unknown, free: boolean): Item {
    return {kind: "slot", label, summary: describe(value), slot, value, free};
}

/** `12 4.8 What is a prototype?`: the position, the score it was curated with, the question. */
export function sampleLabel(sample: GoldenSample, index: number): string {
    const score = sample.provenance.scores?.golden;
    const user = sample.messages.find((m) => m.role === "user")?.content ?? "";
    return `${index + 1} ${score == null ? "-" : score.toFixed(1)} ${oneLine(user, 80)}`;
}

/** `12 3.8 ★5.0 What is a prototype?`: the position, the verdicts (the Oracle's, ★ the Architect's), the newest question. */
export function entryLabel(entry: ScrapbookEntry, index: number): string {
    const users = entry.messages.filter((m) => m.role === "user");
    const user = users[users.length - 1]?.content ?? entry.kind;
    const kind = entry.kind === "chat" ? "" : `${entry.kind} `;
    return `${index + 1} ${verdictMark(entry)} ${kind}${oneLine(user, 80)}`;
}

function oneLine(text: string, max: number): string {
    const flat = text.slice(0, max * 2).replace(/\s+/g, " ").trim();
    return flat.length > max ? flat.slice(0, max - 1) + "…" : flat;
}
