/** Deeper than this, a value goes to the codec: a cycle must not overflow the stack here (the codec reports it). */
const maxDepth = 64;

/**
 * True when `JSON.parse(JSON.stringify(value))` gives back an equal value: strings, booleans, null, finite
 * numbers other than -0, and arrays (without holes) and plain objects of those. False for everything JSON
 * would drop or change: undefined, NaN, ±Infinity, -0, BigInt, functions, symbols, Dates, Maps, Sets,
 * class instances, objects without a prototype, sparse arrays. One walk, no allocation.
 */
export function isPlainJson(value: unknown, depth = 0): boolean {
    switch (typeof value) {
        case "string":
        case "boolean":
            return true;
        case "number":
            return Number.isFinite(value) && !Object.is(value, -0);
        case "object": {
            if (value === null) return true;
            if (depth >= maxDepth) return false;
            const prototype: unknown = Object.getPrototypeOf(value);
            if (prototype === Array.prototype) {
                const array = value as unknown[];
                for (let index = 0; index < array.length; index++)
                    if (!(index in array) || !isPlainJson(array[index], depth + 1)) return false;
                return true;
            }
            if (prototype !== Object.prototype) return false;
            const record = value as Record<string, unknown>;
            for (const key of Object.keys(record)) if (!isPlainJson(record[key], depth + 1)) return false;
            return true;
        }
        default:
            return false;
    }
}
