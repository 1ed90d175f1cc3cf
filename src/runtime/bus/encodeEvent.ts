import type {LivingEvent} from "../../objects/index.js";
import {codec} from "../../image/index.js";
import {isPlainJson} from "./isPlainJson.js";

/** A flat event (every field a string, finite number, boolean or null) copied with `at` as milliseconds. */
export type FlatEvent = {readonly flat: unique symbol} & Record<string, string | number | boolean | null>;

/**
 * An event as the publisher queues it until its batch is written (see `batchBody`):
 * - a `FlatEvent` copy: written with the rest of its batch in ONE JSON.stringify call. The copy holds only
 *   primitives, so it is a snapshot: changing the event after `publish` changes nothing that is sent;
 * - a string starting with `{`: a plain event with nested arrays or objects, already written as JSON (now,
 *   at publish, because those nested values could still change);
 * - a string starting with `s`: the image codec's text for an event JSON cannot carry.
 */
export type EncodedEvent = FlatEvent | string;

/** First character of the codec form in an `EncodedEvent`. */
export const codecMarker = "s";

/**
 * Encodes an event for a batch. Nearly every event is plain JSON plus the Date in `at`; those take the
 * plain path: `at` as its milliseconds (`JSON.stringify` would format it through Date#toISOString, which
 * costs nearly as much as the rest of the event), everything else as JSON has it. `isPlainJson` decides, so
 * the plain path never loses or changes a value. Anything else (a Map or a Date in a user payload,
 * undefined, NaN, -0, BigInt, a class instance) goes through the image codec, which carries every value it
 * supports. Throws what the codec throws for a value it cannot encode (a cycle, say).
 */
export function encodeEvent(event: LivingEvent): EncodedEvent {
    return plainCopy(event) ?? codecMarker + codec.stringify(event);
}

/** Characters an encoded event takes in a batch body, near enough to cap a batch's size. */
export function encodedSize(encoded: EncodedEvent): number {
    if (typeof encoded === "string") return encoded.length;
    let size = 2;
    for (const key in encoded) {
        const value = encoded[key];
        size += key.length + 4 + (typeof value === "string" ? value.length + 2 : 24);
    }
    return size;
}

function plainCopy(event: LivingEvent): EncodedEvent | null {
    if (Object.getPrototypeOf(event) !== Object.prototype) return null;
    const at: unknown = event.at;
    if (!(at instanceof Date)) return null;
    const ms = at.getTime();
    if (Number.isNaN(ms)) return null;
    // Object.assign would set the copy's prototype instead of copying such a field.
    if (Object.hasOwn(event, "__proto__")) return null;
    const copy: Record<string, unknown> = Object.assign({}, event);
    copy.at = ms;
    let flat = true;
    // for-in, not Object.keys: no array per event. An inherited enumerable key (a polluted Object.prototype)
    // is checked too, which can only send the event to the codec.
    for (const key in copy) {
        const value = copy[key];
        if (typeof value === "string") continue;
        if (!isPlainJson(value)) return null;
        if (typeof value === "object" && value !== null) flat = false;
    }
    return flat ? copy as FlatEvent : JSON.stringify(copy);
}
