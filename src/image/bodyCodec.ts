import {GoldenDataset} from "../objects/index.js";
import {codec} from "./codec.js";

/**
 * Where the non-JSON values of an encoded body are, as a tree that follows the data:
 * a string is the type tag of the value at that spot, an object holds tags for some children,
 * and `[tag, children]` is a value that has a tag itself and tagged children (unused today,
 * kept so that a future tag can nest).
 */
export type BodyMeta = string | {[key: string]: BodyMeta} | [string, {[key: string]: BodyMeta}];

/** A body ready for JSON.stringify: `json` shares every subtree that needed no change with the input. */
export type EncodedBody = {json: unknown, meta: BodyMeta | null};

/**
 * Tags. Plain data and Dates (what 100,000 golden samples are made of) are handled here; every
 * other value is handed whole to the image codec, so the set of types an image can hold is the
 * codec's one table, and the two never disagree.
 */
const tagDate = "D";
const tagUndefined = "u";
const tagCodec = "c";
/** In the meta of an array: the meta of every element. Never an index, so never ambiguous. */
const everyElement = "*";

// The walk reports a replacement through this slot rather than a returned pair: no allocation
// per node, which is what keeps the walk at a small fraction of JSON.stringify.
const same: unique symbol = Symbol("same");
let replacement: unknown = same;

/**
 * Prepares a value for `JSON.stringify`: finds every value JSON cannot carry and records its type
 * in a meta tree. Dates need no replacement (their toJSON gives the ISO string) and undefined
 * object members are simply left out by JSON.stringify, so only codec values copy their parents.
 *
 * Why not the codec (SuperJSON) for the whole body: on 100,000 samples its serialize takes over
 * five seconds, twenty times JSON.stringify; this walk takes a fifth of it.
 */
export function encodeBody(value: unknown): EncodedBody {
    const meta = walk(value);
    const json = replacement === same ? value : replacement;
    replacement = same;
    return {json: json === undefined ? null : json, meta: meta ?? null};
}

/** Rebuilds the value from a parsed body, in place: only the spots named in `meta` are visited. */
export function decodeBody(json: unknown, meta: BodyMeta | null): unknown {
    return meta == null ? json : revive(json, meta);
}

function walk(value: unknown): BodyMeta | undefined {
    switch (typeof value) {
        case "string":
        case "boolean":
            replacement = same;
            return undefined;
        case "number":
            if (Number.isFinite(value) && !Object.is(value, -0)) {
                replacement = same;
                return undefined;
            }
            return viaCodec(value);
        case "undefined":
            replacement = same;
            return tagUndefined;
        case "object":
            if (value === null) {
                replacement = same;
                return undefined;
            }
            return walkObject(value);
        default:
            return viaCodec(value);
    }
}

function walkObject(value: object): BodyMeta | undefined {
    if (value instanceof GoldenDataset) {
        // Written as the plain array of its samples, as datasets always were: the image format does not
        // change, and loading wraps it again (wrapGoldenDatasets).
        const samples = value.toArray();
        const meta = walkArray(samples, true);
        if (replacement === same) replacement = samples;
        return meta;
    }
    if (Array.isArray(value)) return walkArray(value, false);
    const proto: unknown = Object.getPrototypeOf(value);
    if (proto === Object.prototype || proto === null) {
        const record = value as Record<string, unknown>;
        let children: Record<string, BodyMeta> | undefined;
        let copy: Record<string, unknown> | undefined;
        for (const key in record) {
            const child = walk(record[key]);
            if (child !== undefined) (children ??= {})[key] = child;
            if (replacement !== same) (copy ??= {...record})[key] = replacement;
        }
        replacement = copy ?? same;
        return children;
    }
    if (value instanceof Date) {
        replacement = same;
        return tagDate;
    }
    return viaCodec(value);
}

/**
 * Arrays of records (golden samples, scrapbook entries) mostly share one meta: then it is written
 * once under `*`, not once per index, which keeps the meta of 100,000 samples small.
 * `samples`: the elements are golden samples, most of them of the usual shape (usualSample).
 */
function walkArray(value: readonly unknown[], samples: boolean): BodyMeta | undefined {
    let children: Record<string, BodyMeta> | undefined;
    let copy: unknown[] | undefined;
    let shared: BodyMeta | undefined;
    let uniform = true;
    for (let i = 0; i < value.length; i++) {
        let child: BodyMeta | undefined;
        if (samples && usualSample(value[i])) {
            child = usualSampleMeta;
            replacement = same;
        } else child = walk(value[i]);
        if (replacement !== same) (copy ??= value.slice())[i] = replacement;
        if (uniform) {
            if (i === 0) shared = child;
            if (i === 0 || sameMeta(child, shared)) continue;
            uniform = false;
            if (shared !== undefined) {
                children = {};
                for (let j = 0; j < i; j++) children[j] = shared;
            }
        }
        if (child !== undefined) (children ??= {})[i] = child;
    }
    replacement = copy ?? same;
    if (uniform) return shared === undefined ? undefined : {[everyElement]: shared};
    return children;
}

/** What `walk` answers for a usual golden sample: only its provenance's Date is tagged, nothing is replaced. */
const usualSampleMeta: BodyMeta = {provenance: {at: tagDate}};

/**
 * Whether `walk` would answer usualSampleMeta for `value`, and replace nothing: a plain record whose
 * members are plain JSON but `provenance`, a plain record whose members are plain JSON but `at`, a Date.
 * What nearly every golden sample is; checked without building a meta for each of its parts (and
 * comparing them), which made the walk over 100,000 samples a fifth of a save.
 */
function usualSample(value: unknown): boolean {
    if (!plainRecord(value)) return false;
    let provenance = false;
    for (const key in value) {
        const member = (value as Record<string, unknown>)[key];
        if (key === "provenance") {
            if (!usualProvenance(member)) return false;
            provenance = true;
        } else if (!plainJson(member)) return false;
    }
    return provenance;
}

function usualProvenance(value: unknown): boolean {
    if (!plainRecord(value)) return false;
    let at = false;
    for (const key in value) {
        const member = (value as Record<string, unknown>)[key];
        if (key === "at") {
            // As walkObject tells a Date: not an array, not a plain record, a Date.
            if (!(member instanceof Date) || Array.isArray(member) || plainRecord(member)) return false;
            at = true;
        } else if (!plainJson(member)) return false;
    }
    return at;
}

/** Whether `walk` answers no meta and no replacement for `value`: JSON carries it as it is. */
function plainJson(value: unknown): boolean {
    switch (typeof value) {
        case "string":
        case "boolean":
            return true;
        case "number":
            return Number.isFinite(value) && !Object.is(value, -0);
        case "object":
            if (value === null) return true;
            if (Array.isArray(value)) {
                for (let i = 0; i < value.length; i++) if (!plainJson(value[i])) return false;
                return true;
            }
            if (!plainRecord(value)) return false;
            for (const key in value) if (!plainJson((value as Record<string, unknown>)[key])) return false;
            return true;
        default:
            return false;
    }
}

function plainRecord(value: unknown): value is object {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}

function sameMeta(a: BodyMeta | undefined, b: BodyMeta | undefined): boolean {
    if (a === b) return true;
    if (a === undefined || b === undefined || typeof a === "string" || typeof b === "string") return false;
    if (Array.isArray(a)) return Array.isArray(b) && a[0] === b[0] && sameChildren(a[1], b[1]);
    return !Array.isArray(b) && sameChildren(a, b);
}

function sameChildren(a: {[key: string]: BodyMeta}, b: {[key: string]: BodyMeta}): boolean {
    let count = 0;
    for (const key in a) {
        if (!sameMeta(a[key], b[key])) return false;
        count++;
    }
    for (const _ in b) count--;
    return count === 0;
}

function viaCodec(value: unknown): BodyMeta {
    replacement = codec.serialize(value);
    return tagCodec;
}

function revive(json: unknown, meta: BodyMeta): unknown {
    if (typeof meta === "string") return reviveTagged(json, meta);
    if (Array.isArray(meta)) {
        reviveChildren(json, meta[1]);
        return reviveTagged(json, meta[0]);
    }
    reviveChildren(json, meta);
    return json;
}

function reviveChildren(json: unknown, children: {[key: string]: BodyMeta}): void {
    if (typeof json !== "object" || json === null) throw new BodyMetaError("meta names children of a value that has none");
    if (Array.isArray(json) && everyElement in children) {
        const shared = children[everyElement]!;
        for (let i = 0; i < json.length; i++) json[i] = revive(json[i], shared);
        return;
    }
    const target = json as Record<string, unknown>;
    for (const key in children) target[key] = revive(target[key], children[key]!);
}

function reviveTagged(json: unknown, tag: string): unknown {
    switch (tag) {
        case tagDate:
            // An invalid Date encodes as null (its toJSON); new Date(null) would be the epoch.
            return new Date(json === null ? Number.NaN : json as string);
        case tagUndefined:
            return undefined;
        case tagCodec:
            return codec.deserialize(json as {json: unknown, meta?: unknown});
        default:
            throw new BodyMetaError(`unknown type tag ${JSON.stringify(tag)}`);
    }
}

/** The meta tree of a body does not fit its data: the image is damaged or was written by a newer version. */
export class BodyMetaError extends Error {
    override name = "BodyMetaError";
}
