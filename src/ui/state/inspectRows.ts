import {Mirror, printString, protoOf, summarize} from "../../index.js";

/** One row of the inspector: a key, a one-line summary, and the value to drill into. */
export type InspectorRow = {label: string, summary: string, value: unknown, drillable: boolean};

/**
 * The rows of any value, as Pharo's inspector shows them: array elements by 1-based index,
 * map entries by key, a persona's slots through its Mirror (never through a send), a record's
 * fields by name. Leaves (strings, numbers, dates, nil) have no rows.
 */
export function inspectRows(value: unknown): InspectorRow[] {
    if (value == null || typeof value !== "object") return [];
    if (value instanceof Date || value instanceof RegExp) return [];
    const proto = protoOf(value);
    if (proto != null) return new Mirror(proto).inspect().map(({slot, value: v}) => row(slot, v));
    if (Array.isArray(value)) return value.map((v: unknown, i) => row(String(i + 1), v));
    if (value instanceof Map) return [...value.entries()].map(([k, v]: [unknown, unknown]) => row(describe(k, 24), v));
    if (value instanceof Set) return [...value.values()].map((v: unknown, i) => row(String(i + 1), v));
    const collection = smalltalkCollection(value);
    if (collection != null) return collection;
    return Object.entries(value).map(([k, v]) => row(k, v));
}

/** True when the value has rows to drill into. */
export function isDrillable(value: unknown): boolean {
    return inspectRows(value).length > 0;
}

/** The value reached by following `path` (row indices) from `root`; undefined when it is gone. */
export function valueAt(root: unknown, path: readonly number[]): {found: boolean, value: unknown} {
    let current = root;
    for (const index of path) {
        const next = inspectRows(current)[index];
        if (next == null) return {found: false, value: undefined};
        current = next.value;
    }
    return {found: true, value: current};
}

/**
 * A one-line description of a value. Image data (plain records, arrays, dates) gets the core's
 * summary; Playground values (Symbols, Characters, collections of the interpreter) and personas
 * get their printString, which is how Smalltalk shows them.
 */
export function describe(value: unknown, width = 60): string {
    if (isPlainData(value)) return summarize(value, width);
    let text: string;
    try {
        text = printString(value);
    } catch {
        text = summarize(value, width);
    }
    text = text.replace(/\s*\n\s*/g, " ");
    return text.length > width ? text.slice(0, width - 1) + "…" : text;
}

/**
 * The interpreter's own collections (Dictionary, Set, OrderedCollection) are not exported by the
 * core, so they are recognised by their protocol: `associations()`, `values()`, `items`.
 */
function smalltalkCollection(value: object): InspectorRow[] | null {
    const candidate = value as {associations?: unknown, values?: unknown, items?: unknown};
    if (typeof candidate.associations === "function") {
        const associations = (candidate.associations as () => unknown[]).call(value);
        return associations.map((a) => {
            const {key, value: v} = a as {key: unknown, value: unknown};
            return row(describe(key, 24), v);
        });
    }
    if (typeof candidate.values === "function" && "size" in value) {
        const values = (candidate.values as () => unknown).call(value);
        if (Array.isArray(values)) return values.map((v: unknown, i) => row(String(i + 1), v));
    }
    if (Array.isArray(candidate.items)) return (candidate.items as unknown[]).map((v, i) => row(String(i + 1), v));
    return null;
}

function row(label: string, value: unknown): InspectorRow {
    return {label, summary: describe(value), value, drillable: isDrillable(value)};
}

function isPlainData(value: unknown): boolean {
    if (value == null || typeof value !== "object") return typeof value !== "function" && typeof value !== "symbol";
    if (Array.isArray(value) || value instanceof Date || value instanceof Map || value instanceof Set) return true;
    const prototype = Object.getPrototypeOf(value) as unknown;
    return prototype === Object.prototype || prototype === null;
}

/** A value's whole text, for a view that wraps and scrolls: a String as it is, anything else as Smalltalk prints it. */
export function fullText(value: unknown): string {
    if (typeof value === "string") return value;
    try {
        return printString(value);
    } catch {
        return summarize(value, 100_000);
    }
}
