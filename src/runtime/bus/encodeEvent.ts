import type {LivingEvent} from "../../objects/index.js";
import {codec} from "../../image/index.js";
import {isPlainJson} from "./isPlainJson.js";

/** First character of a plain event: the line is a JSON object, with `at` as milliseconds since the epoch. */
export const plainMarker = "{";
/** First character of an event that needed the codec: what follows is the image codec's text (`codec.stringify`). */
export const codecMarker = "s";

/**
 * Encodes an event as one line of a batch (see `packBatch`). Its first character says how: `{` for plain
 * JSON (the line is the JSON object itself, so that no marker has to be added or cut off), `s` for the codec.
 * Nearly every event is plain JSON plus the Date in `at`; those are written as JSON, `at` as its
 * milliseconds (see `encodePlain`), several times faster than the codec, which walks every value looking
 * for types JSON lacks before it serializes. Anything else (a Map or a Date in a user payload, undefined,
 * NaN, -0, BigInt, a class instance) goes through the image codec, which carries every value it supports.
 * `isPlainJson` decides, so that the plain path never loses or changes a value. Neither form ever holds a
 * raw newline (JSON escapes them inside strings), so lines can be joined with "\n".
 * Throws what the codec throws for a value it cannot encode (a cycle, say).
 */
export function encodeEvent(event: LivingEvent): string {
    return encodePlain(event) ?? codecMarker + codec.stringify(event);
}

/**
 * The plain form, or null when the event needs the codec. `JSON.stringify(event)` would format `at` through
 * Date#toISOString, which costs nearly as much as the rest of the event; a shallow copy with `at` as its
 * milliseconds costs a fifth of that. The check walks the copy, so that it sees exactly what is written.
 */
function encodePlain(event: LivingEvent): string | null {
    if (Object.getPrototypeOf(event) !== Object.prototype) return null;
    const at: unknown = event.at;
    if (!(at instanceof Date)) return null;
    const ms = at.getTime();
    if (Number.isNaN(ms)) return null;
    // Object.assign would set the copy's prototype instead of copying such a field.
    if (Object.hasOwn(event, "__proto__")) return null;
    const copy: Record<string, unknown> = Object.assign({}, event);
    copy.at = ms;
    // for-in, not Object.keys: no array per event. An inherited enumerable key (a polluted Object.prototype)
    // is checked too, which can only send the event to the codec.
    for (const key in copy) {
        const value = copy[key];
        if (typeof value !== "string" && !isPlainJson(value)) return null;
    }
    return JSON.stringify(copy);
}
