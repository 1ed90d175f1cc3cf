/**
 * The border between image data and Playground values. Image data is plain (strings, numbers,
 * arrays, records, Map, Set, Date); the interpreter has its own Symbol, Character, Float,
 * Dictionary and OrderedCollection. Primitives convert at the border so that nothing but plain
 * data is ever journalled.
 */
import {fromHost, toHost} from "../lang/index.js";

/** An image value as the interpreter sees it. */
export function toSmalltalk(value: unknown): unknown {
    return fromHost(value);
}

/** A Playground value as plain image data. */
export function fromSmalltalk(value: unknown): unknown {
    return toHost(value);
}
