import {protoOf} from "../objects/index.js";
import {SmalltalkRuntimeError} from "./errors.js";
import {Association} from "./values/Association.js";
import {Character} from "./values/Character.js";
import {Dictionary} from "./values/Dictionary.js";
import {Float} from "./values/Float.js";
import {OrderedCollection} from "./values/OrderedCollection.js";
import {StSet} from "./values/StSet.js";
import {StString} from "./values/StString.js";
import {StSymbol} from "./values/StSymbol.js";

const maxDepth = 64;

/**
 * A Smalltalk value as plain data for TypeScript (persona primitives, the image): Floats become
 * numbers, Strings (either kind), Symbols and Characters host strings, Arrays and OrderedCollections arrays, Dictionaries Maps,
 * Sets Sets, Associations `[key, value]` pairs. Personas, blocks and host objects pass unchanged.
 */
export function toHost(value: unknown, depth = 0): unknown {
    if (typeof value !== "object" || value === null) return value;
    if (depth > maxDepth) throw new SmalltalkRuntimeError(`A value nested more than ${maxDepth} levels deep (or a cycle) cannot be handed to a persona. Pass a flatter value.`);
    if (value instanceof Float) return value.value;
    if (value instanceof StString) return value.toString();
    if (value instanceof StSymbol) return value.name;
    if (value instanceof Character) return value.string;
    if (Array.isArray(value)) return value.map((item: unknown) => toHost(item, depth + 1));
    if (value instanceof OrderedCollection) return value.items.map((item) => toHost(item, depth + 1));
    if (value instanceof Dictionary)
        return new Map(value.associations().map((a) => [toHost(a.key, depth + 1), toHost(a.value, depth + 1)]));
    if (value instanceof StSet) return new Set(value.values().map((item) => toHost(item, depth + 1)));
    if (value instanceof Association) return [toHost(value.key, depth + 1), toHost(value.value, depth + 1)];
    return value;
}

/**
 * A host value as the interpreter sees it: a number that is not a safe integer becomes a Float,
 * an unsafe-range integer bigint stays a LargeInteger, arrays are copied element by element,
 * Maps become Dictionaries, Sets become Sets and a persona's Proxy handle becomes its Proto.
 * Plain objects stay as they are and are read only through the Record protocol.
 */
export function fromHost(value: unknown, depth = 0): unknown {
    switch (typeof value) {
        case "number":
            return Number.isSafeInteger(value) ? (Object.is(value, -0) ? 0 : value) : new Float(value);
        case "bigint":
            return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
        case "undefined":
            return null;
        case "function":
        case "object": {
            if (value === null) return null;
            const proto = protoOf(value);
            if (proto != null) return proto;
            if (typeof value === "function") return value;
            if (depth > maxDepth) return value;
            if (Array.isArray(value)) return value.map((item: unknown) => fromHost(item, depth + 1));
            if (value instanceof Map) {
                const dictionary = new Dictionary();
                for (const [key, item] of value) dictionary.set(fromHost(key, depth + 1), fromHost(item, depth + 1));
                return dictionary;
            }
            if (value instanceof Set) {
                const set = new StSet();
                for (const item of value) set.add(fromHost(item, depth + 1));
                return set;
            }
            return value;
        }
        default:
            return value;
    }
}
