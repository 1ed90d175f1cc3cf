import {SmalltalkRuntimeError} from "./errors.js";
import {isNumber, numberEquals, toDouble} from "./arithmetic.js";
import {Association} from "./values/Association.js";
import {Dictionary} from "./values/Dictionary.js";
import {Float} from "./values/Float.js";
import {OrderedCollection} from "./values/OrderedCollection.js";
import {StSet} from "./values/StSet.js";
import {stringText} from "./values/StString.js";
import {StSymbol} from "./values/StSymbol.js";

const maxDepth = 64;

/**
 * Smalltalk `a = b`: numbers by value across representations, strings by content, Arrays,
 * OrderedCollections, Associations, Dictionaries and Sets by contents; anything else by identity.
 * As in Pharo, a String equals a Symbol of the same characters (`'abc' = #abc`) but a Symbol
 * equals only itself (`#abc = 'abc'` is false): String>>= asks `isString`, Symbol>>= is `==`.
 */
export function stEquals(a: unknown, b: unknown, depth = 0): boolean {
    if (a === b) return !(a instanceof Float && Number.isNaN(a.value));
    if (depth > maxDepth) throw new SmalltalkRuntimeError(`= compared collections nested more than ${maxDepth} levels deep (is there a cycle?).`);
    if (isNumber(a)) return isNumber(b) && numberEquals(a, b);
    const text = stringText(a);
    if (text !== undefined) return text === (b instanceof StSymbol ? b.name : stringText(b));
    if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return false;
    if (Array.isArray(a)) return Array.isArray(b) && sequenceEquals(a, b, depth);
    if (a instanceof OrderedCollection) return b instanceof OrderedCollection && sequenceEquals(a.items, b.items, depth);
    if (a instanceof Association) return b instanceof Association && stEquals(a.key, b.key, depth + 1) && stEquals(a.value, b.value, depth + 1);
    if (a instanceof Dictionary) {
        if (!(b instanceof Dictionary) || a.size !== b.size) return false;
        return a.associations().every((association) => {
            const other = b.get(association.key);
            return other != null && stEquals(association.value, other.value, depth + 1);
        });
    }
    if (a instanceof StSet) return b instanceof StSet && a.size === b.size && a.values().every((item) => b.has(item));
    return false;
}

function sequenceEquals(a: readonly unknown[], b: readonly unknown[], depth: number): boolean {
    if (a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!stEquals(a[i], b[i], depth + 1)) return false;
    return true;
}

/** Smalltalk `hash`, consistent with stEquals (equal values hash alike). */
export function stHash(value: unknown): number {
    if (isNumber(value)) {
        const x = toDouble(value);
        return Number.isInteger(x) && Math.abs(x) < 2 ** 31 ? x | 0 : hashString(String(x));
    }
    const text = value instanceof StSymbol ? value.name : stringText(value);
    if (text !== undefined) return hashString(text);
    if (Array.isArray(value)) return hashString("Array") ^ value.length;
    if (value instanceof OrderedCollection) return hashString("OrderedCollection") ^ value.items.length;
    if (value instanceof Dictionary || value instanceof StSet) return value.size;
    if (value == null) return 0;
    if (value === true) return 1;
    if (value === false) return 2;
    return identityHash(value);
}

function hashString(text: string): number {
    let h = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        h ^= text.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
    }
    return h >>> 1;
}

const identities = new WeakMap<object, number>();
let nextIdentity = 1;

/** A stable small number per object (Smalltalk's identityHash). */
export function identityHash(value: unknown): number {
    if (typeof value !== "object" && typeof value !== "function") return hashString(String(value));
    if (value === null) return 0;
    let id = identities.get(value);
    if (id == null) {
        id = nextIdentity++;
        identities.set(value, id);
    }
    return id;
}
