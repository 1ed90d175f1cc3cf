import {Float} from "./Float.js";
import {StString} from "./StString.js";

/**
 * The JavaScript Map key for a Smalltalk value under Smalltalk equality: numbers by value
 * (so `3` and `3.0` meet, as `3 = 3.0`), strings by content (a String you can change by its
 * contents when it is added or looked up, as Pharo hashes it then), symbols and characters by
 * identity (they are unique), and everything else by identity.
 */
export function keyOf(value: unknown): unknown {
    if (value instanceof StString) return value.toString();
    return value instanceof Float ? (Number.isNaN(value.value) ? value : value.value) : value;
}
