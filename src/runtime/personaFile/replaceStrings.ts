/**
 * Replaces, in place, every string of freshly decoded data (values, and the keys of dictionaries) that is
 * exactly a key of `replacements`: the persona's old id, the stored paths of files that were placed
 * elsewhere. Only whole strings match, so a message that merely mentions a path is left as it was.
 */
export function replaceStrings(value: unknown, replacements: ReadonlyMap<string, string>): unknown {
    if (replacements.size === 0) return value;
    return visit(value, replacements, 0);
}

function visit(value: unknown, replacements: ReadonlyMap<string, string>, depth: number): unknown {
    if (typeof value === "string") return replacements.get(value) ?? value;
    if (typeof value !== "object" || value === null || depth > 256) return value;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
            const item: unknown = value[i];
            // Strings and nested data only: numbers, booleans and null cannot match.
            if (typeof item === "string" || (typeof item === "object" && item !== null)) value[i] = visit(item, replacements, depth + 1);
        }
        return value;
    }
    if (value instanceof Map) {
        const entries = [...value].map(([k, v]) => [visit(k, replacements, depth + 1), visit(v, replacements, depth + 1)] as const);
        value.clear();
        for (const [k, v] of entries) value.set(k, v);
        return value;
    }
    if (value instanceof Set) {
        const items = [...value].map((item) => visit(item, replacements, depth + 1));
        value.clear();
        for (const item of items) value.add(item);
        return value;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) return value;
    const record = value as Record<string, unknown>;
    let renamed = false;
    for (const key in record) {
        const item = record[key];
        if (typeof item === "string" || (typeof item === "object" && item !== null)) record[key] = visit(item, replacements, depth + 1);
        if (replacements.has(key)) renamed = true;
    }
    if (!renamed) return record;
    // A key to rename: rebuild the record so its keys keep their order.
    // defineProperty, not assignment: a key such as "__proto__" stays a key and never becomes the prototype.
    const copy: Record<string, unknown> = {};
    for (const key in record) Object.defineProperty(copy, replacements.get(key) ?? key, {value: record[key], enumerable: true, writable: true, configurable: true});
    return copy;
}
