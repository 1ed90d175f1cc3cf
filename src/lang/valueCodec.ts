import {Proto, protoOf} from "../objects/index.js";
import {BlockClosure} from "./BlockClosure.js";
import {ValueNotStorableError} from "./errors.js";
import {valueKinds} from "./valueKinds.js";
import type {DecodeContext, EncodeContext} from "./valueKinds.js";
import {Dictionary} from "./values/Dictionary.js";
import "./valueKindsMore.js";
import {ByteArray} from "./values/ByteArray.js";
import {Float} from "./values/Float.js";
import {StSet} from "./values/StSet.js";

/**
 * The encoding of Smalltalk values as plain, journal-safe data (what the image stores), and back.
 *
 * - nil, Booleans, SmallIntegers, LargeIntegers (bigint), Strings and non-integral Floats are
 *   themselves; an Array is a plain array.
 * - Every other kind is a tagged record `{"$st": kind, …}` (see valueKinds.ts): a Symbol, a Float
 *   with an integral value, an OrderedCollection, a Dictionary with its keys' kinds, a persona
 *   (by id), an instance of a class of one's own (by class name and instance variable names)…
 * - An object met more than once (shared, or in a cycle) carries `"$oid"` where it first
 *   appears; later it is `{"$st": "ref", "oid": …}`. A decoder keeps one object per oid, so two
 *   slots that held one collection hold one collection again, and a cycle closes.
 * - What plain data from older images holds (arrays, Maps, Sets, records, numbers) decodes as it
 *   always did: Array, Dictionary, Set, Record, SmallInteger or Float.
 * A record of the host whose own key is `$st` is wrapped (`{"$st": "Record", fields}`), so no
 * plain record can be read as a tag.
 */
export function encodeValue(value: unknown, context: Partial<EncodeContext> = {}): unknown {
    const counts = new Map<object, number>();
    countReferences(value, counts);
    let next = 0;
    const oids = new Map<object, string>();
    for (const [object, count] of counts)
        if (count > 1 || context.sharedElsewhere?.(object) === true) oids.set(object, context.oidFor?.(object) ?? `o${++next}`);
    const emitted = new Set<object>();
    const full: EncodeContext = {
        persona: context.persona ?? ((proto) => proto.personaId),
        encode: (v) => encodeNode(v, full, emitted, oids, 0)
    };
    return full.encode(value);
}

const maxDepth = 10_000;

/** Objects with identity, each with how many times the value refers to it. */
function countReferences(root: unknown, counts: Map<object, number>): void {
    const stack: unknown[] = [root];
    while (stack.length > 0) {
        const value = stack.pop();
        if (!hasIdentity(value)) continue;
        const seen = counts.get(value) ?? 0;
        counts.set(value, seen + 1);
        if (seen > 0) continue;
        for (const child of childrenOf(value)) stack.push(child);
    }
}

/** Values whose identity the encoding keeps: collections and instances, not numbers, strings, Symbols or Characters. */
function hasIdentity(value: unknown): value is object {
    if (typeof value !== "object" || value === null) return false;
    if (value instanceof Float || value instanceof Proto || value instanceof Date || value instanceof BlockClosure) return false;
    const kind = valueKinds.kindOf(value);
    return kind == null ? Array.isArray(value) || isRecord(value) : kind.identity;
}

function childrenOf(value: object): readonly unknown[] {
    if (Array.isArray(value) && !(value instanceof ByteArray)) return value;
    const kind = valueKinds.kindOf(value);
    if (kind != null) return kind.children(value as never);
    return Object.values(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const prototype = Object.getPrototypeOf(value) as unknown;
    return prototype === Object.prototype || prototype === null;
}

function encodeNode(value: unknown, context: EncodeContext, emitted: Set<object>, oids: Map<object, string>, depth: number): unknown {
    if (depth > maxDepth) throw new ValueNotStorableError("a value nested deeper than 10,000 levels", "keep stored values flatter");
    switch (typeof value) {
        case "undefined": return null;
        case "boolean": case "string": case "bigint": return value;
        case "number": return Number.isSafeInteger(value) ? value : encodeFloat(value);
        case "function": case "symbol": throw new ValueNotStorableError("a host object", "store plain values");
        default: break;
    }
    if (value === null) return null;
    const object = value as object;
    if (value instanceof Float) return Number.isInteger(value.value) || !Number.isFinite(value.value) ? encodeFloat(value.value) : value.value;
    if (value instanceof Date) return new Date(value.getTime());
    const proxied = protoOf(value);
    if (proxied != null || value instanceof Proto) return {$st: "Persona", id: context.persona(proxied ?? value as Proto)};
    const oid = oids.get(object);
    if (oid != null) {
        if (emitted.has(object)) return {$st: "ref", oid};
        emitted.add(object);
    }
    const encode = (v: unknown): unknown => encodeNode(v, context, emitted, oids, depth + 1);
    const inner: EncodeContext = {...context, encode};
    let encoded: Record<string, unknown> | unknown[];
    if (Array.isArray(value) && !(value instanceof ByteArray)) {
        const items = value.map(encode);
        if (oid == null) return items;
        encoded = {$st: "Array", items};
    } else {
        const kind = valueKinds.kindOf(object);
        if (kind != null) encoded = {$st: kind.tag, ...kind.encode(object as never, inner)};
        else if (isRecord(value)) {
            const fields = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, encode(v)]));
            encoded = Object.hasOwn(value, "$st") || oid != null ? {$st: "Record", fields} : fields;
        } else throw new ValueNotStorableError(valueKinds.describe(value), "store the values it holds instead");
    }
    if (oid != null) (encoded as Record<string, unknown>).$oid = oid;
    return encoded;
}

function encodeFloat(x: number): unknown {
    return {$st: "Float", value: Number.isNaN(x) ? "nan" : x === Infinity ? "infinity" : x === -Infinity ? "negativeInfinity" : x};
}

/** Plain data back as a Smalltalk value (see encodeValue). */
export function decodeValue(plain: unknown, context: Partial<DecodeContext> = {}): unknown {
    const full: DecodeContext = {
        objects: context.objects ?? new Map(),
        remember: context.remember,
        persona: context.persona ?? (() => null),
        classNamed: context.classNamed ?? (() => null),
        compileBlock: context.compileBlock ?? (() => null),
        decode: (v) => decodeNode(v, full, 0)
    };
    return full.decode(plain);
}

function decodeNode(plain: unknown, context: DecodeContext, depth: number): unknown {
    switch (typeof plain) {
        case "undefined": return null;
        case "number": return Number.isSafeInteger(plain) ? (Object.is(plain, -0) ? 0 : plain) : new Float(plain);
        case "bigint": return plain >= BigInt(Number.MIN_SAFE_INTEGER) && plain <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(plain) : plain;
        case "object": break;
        default: return plain;
    }
    if (plain === null) return null;
    if (depth > maxDepth) throw new ValueNotStorableError("stored data nested deeper than 10,000 levels", "check the image");
    const decode = (v: unknown): unknown => decodeNode(v, context, depth + 1);
    const inner: DecodeContext = {...context, decode};
    if (Array.isArray(plain)) return plain.map(decode);
    if (plain instanceof Date) return new Date(plain.getTime());
    if (plain instanceof Map) {
        const dictionary = new Dictionary();
        for (const [key, item] of plain) dictionary.set(decode(key), decode(item));
        return dictionary;
    }
    if (plain instanceof Set) {
        const set = new StSet();
        for (const item of plain) set.add(decode(item));
        return set;
    }
    const record = plain as Record<string, unknown>;
    const tag = record.$st;
    if (typeof tag !== "string") return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, decode(v)]));
    const oid = typeof record.$oid === "string" ? record.$oid : null;
    switch (tag) {
        case "ref": {
            const found = context.objects.get(String(record.oid));
            if (found === undefined) throw new ValueNotStorableError(`a reference to object ${String(record.oid)}, which the stored data does not hold`, "check the image");
            return found;
        }
        case "Float": {
            const v = record.value;
            return new Float(v === "nan" ? NaN : v === "infinity" ? Infinity : v === "negativeInfinity" ? -Infinity : Number(v));
        }
        case "Persona": return context.persona(String(record.id));
        case "Array": {
            if (oid != null && context.objects.has(oid)) return context.objects.get(oid);
            const items: unknown[] = [];
            if (oid != null) register(context, oid, items);
            for (const item of record.items as unknown[]) items.push(decode(item));
            return items;
        }
        case "Record": {
            if (oid != null && context.objects.has(oid)) return context.objects.get(oid);
            const result: Record<string, unknown> = {};
            if (oid != null) register(context, oid, result);
            for (const [k, v] of Object.entries(record.fields as Record<string, unknown>)) result[k] = decode(v);
            return result;
        }
        default: {
            const kind = valueKinds.byTag(tag);
            if (kind == null) throw new ValueNotStorableError(`stored data of an unknown kind (${tag})`, "open the image with the version of Living Image that wrote it");
            if (oid != null && context.objects.has(oid)) return context.objects.get(oid);
            return kind.decode(record, inner, (object) => {
                if (oid != null) register(context, oid, object);
            });
        }
    }
}

function register(context: DecodeContext, oid: string, object: object): void {
    context.objects.set(oid, object);
    context.remember?.(oid, object);
}
