import {freeze} from "./immerSetup.js";

/**
 * Deep-freezes freshly decoded state, as immer expects of a base state.
 *
 * Why not immer's own `freeze(value, true)`: it allocates an entry array per object and is about
 * four times slower on a large image; loading 100,000 samples spends more time freezing than
 * hashing. Plain objects and arrays (nearly everything in an image) are frozen here; Map and Set
 * go to immer, which also blocks their mutating methods. Dates are left alone, as immer does.
 * A frozen object is taken as frozen all the way down, which holds for everything immer produced.
 */
export function deepFreeze<T>(value: T): T {
    freezeValue(value);
    return value;
}

function freezeValue(value: unknown): void {
    if (typeof value !== "object" || value === null || Object.isFrozen(value)) return;
    if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) freezeValue(value[i]);
        Object.freeze(value);
        return;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
        const record = value as Record<string, unknown>;
        for (const key in record) freezeValue(record[key]);
        Object.freeze(value);
        return;
    }
    if (value instanceof Map || value instanceof Set) freeze(value, true);
}
