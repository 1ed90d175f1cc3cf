import type {LivingEvent} from "../../objects/index.js";
import {codec} from "../../image/index.js";
import {FlatRow} from "./FlatRow.js";
import type {FlatValue} from "./FlatRow.js";
import {isPlainJson} from "./isPlainJson.js";

/**
 * An event as the publisher queues it until its batch is written (see `batchBody`):
 * - a `FlatRow`: a flat event's values (`at` as milliseconds) under its key list, written with the rest of its
 *   run in ONE JSON.stringify call. The row holds only primitives, so it is a snapshot: changing the event after
 *   `publish` changes nothing that is sent;
 * - a string starting with `{`: a plain event with nested arrays or objects, already written as JSON (now,
 *   at publish, because those nested values could still change);
 * - a string starting with `s`: the image codec's text for an event JSON cannot carry.
 */
export type EncodedEvent = FlatRow | string;

/** First character of the codec form in an `EncodedEvent`. */
export const codecMarker = "s";

/**
 * The key list of the last flat event encoded: the next event with the same keys, in the same order (nearly
 * always the case: events are made by one literal per type), shares this very array, so that a batch writes
 * its key list once per run of such events instead of once per event (see `batchBody`).
 */
let sharedKeys: string[] = [];

/**
 * Encodes an event for a batch. Nearly every event is plain JSON plus the Date in `at`; those take the
 * plain path: `at` as its milliseconds (`JSON.stringify` would format it through Date#toISOString, which
 * costs nearly as much as the rest of the event), everything else as JSON has it. `isPlainJson` decides, so
 * the plain path never loses or changes a value. Anything else (a Map or a Date in a user payload,
 * undefined, NaN, -0, BigInt, a class instance) goes through the image codec, which carries every value it
 * supports. Throws what the codec throws for a value it cannot encode (a cycle, say).
 */
export function encodeEvent(event: LivingEvent): EncodedEvent {
    return plainForm(event) ?? codecMarker + codec.stringify(event);
}

/** Characters an encoded event takes in a batch body, near enough to cap a batch's size. */
export function encodedSize(encoded: EncodedEvent): number {
    return typeof encoded === "string" ? encoded.length : encoded.size;
}

/** The plain form of an event (a row, or JSON text when it nests), or null when only the codec can carry it. */
function plainForm(event: LivingEvent): EncodedEvent | null {
    if (Object.getPrototypeOf(event) !== Object.prototype) return null;
    const at: unknown = event.at;
    if (!(at instanceof Date)) return null;
    const ms = at.getTime();
    if (Number.isNaN(ms)) return null;
    // Such a field would set the prototype of the object it is read back into, instead of being a field.
    if (Object.hasOwn(event, "__proto__")) return null;
    const record = event as unknown as Record<string, unknown>;
    // The keys are compared with the last flat event's as they come: the same list is shared, not made again.
    let keys: string[] | null = null;
    const shared = sharedKeys;
    // Sized for the keys of the last flat event (nearly always this one's too): one allocation, not a growing array.
    const values = new Array<FlatValue>(shared.length);
    let count = 0;
    let size = 2;
    // for-in, not Object.keys: no array per event. It lists own keys in the order JSON.stringify writes them,
    // then inherited enumerable ones (a polluted Object.prototype), which send the event to the codec.
    for (const key in record) {
        if (!Object.hasOwn(record, key)) return null;
        const value = key === "at" ? ms : record[key];
        switch (typeof value) {
            case "string":
                size += value.length + 3;
                break;
            case "boolean":
                size += 6;
                break;
            case "number":
                if (!Number.isFinite(value) || Object.is(value, -0)) return null;
                size += 16;
                break;
            case "object":
                if (value === null) {
                    size += 5;
                    break;
                }
                return nestedJson(record, ms);
            default:
                return null;
        }
        if (keys == null && shared[count] !== key) keys = shared.slice(0, count);
        keys?.push(key);
        values[count++] = value;
    }
    if (keys == null && count !== shared.length) keys = shared.slice(0, count);
    values.length = count;
    if (keys != null) sharedKeys = keys;
    return new FlatRow(keys ?? shared, values, size);
}

/** A plain event with nested arrays or objects, written now as JSON (`at` in milliseconds); null when JSON cannot carry it. */
function nestedJson(event: Record<string, unknown>, ms: number): string | null {
    const copy: Record<string, unknown> = Object.assign({}, event);
    copy.at = ms;
    // for-in, not Object.keys: an inherited enumerable key (a polluted Object.prototype) is checked too, which
    // can only send the event to the codec.
    for (const key in copy) if (!isPlainJson(copy[key])) return null;
    return JSON.stringify(copy);
}
