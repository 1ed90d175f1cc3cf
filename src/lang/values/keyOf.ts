import {Float} from "./Float.js";

/**
 * The JavaScript Map key for a Smalltalk value under Smalltalk equality: numbers by value
 * (so `3` and `3.0` meet, as `3 = 3.0`), strings by content, symbols and characters by
 * identity (they are unique), and everything else by identity.
 */
export function keyOf(value: unknown): unknown {
    return value instanceof Float ? (Number.isNaN(value.value) ? value : value.value) : value;
}
