import SuperJSON from "superjson";
import {GoldenDataset} from "../objects/index.js";
import type {GoldenSample} from "../objects/index.js";

/**
 * The image codec: one private SuperJSON instance, every registration in this one file
 * (never a patched prototype). Images, journals and bus events are all encoded with it,
 * so Map, Set, Date, BigInt, RegExp, undefined and nested data survive a round trip.
 */
const instance = new SuperJSON({dedupe: false});

// SuperJSON's Date rule skips invalid Dates, which then reach JSON.stringify as null and come back
// as null: a slot holding `new Date("garbage")` would change type across a crash. Kept a Date here.
instance.registerCustom<Date, string>({
    isApplicable: (value): value is Date => value instanceof Date && Number.isNaN(value.getTime()),
    serialize: () => "Invalid Date",
    deserialize: () => new Date(Number.NaN)
}, "InvalidDate");

// A golden dataset travels as the array of its samples (their Dates encoded by this same instance).
instance.registerCustom<GoldenDataset, string>({
    isApplicable: (value): value is GoldenDataset => value instanceof GoldenDataset,
    serialize: (dataset) => instance.stringify(dataset.toArray()),
    deserialize: (text) => GoldenDataset.of(instance.parse<GoldenSample[]>(text))
}, "GoldenDataset");

export const codec = {
    /** Encodes any image value as a JSON string. */
    stringify(value: unknown): string {
        return instance.stringify(value);
    },
    /** Decodes a string made by `stringify`. Throws a SyntaxError on malformed JSON. */
    parse<T = unknown>(text: string): T {
        return instance.parse<T>(text);
    },
    /** The JSON-ready form ({json, meta}) for embedding inside a larger document. */
    serialize(value: unknown): {json: unknown, meta?: unknown} {
        return instance.serialize(value) as {json: unknown, meta?: unknown};
    },
    deserialize<T = unknown>(payload: {json: unknown, meta?: unknown}): T {
        return instance.deserialize<T>(payload as Parameters<typeof instance.deserialize>[0]);
    }
} as const;
