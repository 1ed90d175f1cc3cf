import {decodeEvent, validateEvent} from "../validateEvent.js";
import type {Validation} from "../validateEvent.js";

/**
 * Decodes one element of a batch body (see `batchBody`) and validates it like `decodeEvent`: an object is a
 * plain event whose `at` (milliseconds) becomes a Date again (only `at`: nothing else in a plain event was a
 * Date, or it would have gone through the codec); a string is the image codec's text. Never throws.
 */
export function decodeBatchItem(item: unknown): Validation {
    if (typeof item === "string") return decodeEvent(item);
    if (typeof item === "object" && item !== null && !Array.isArray(item)) {
        const record = item as Record<string, unknown>;
        if (typeof record.at === "number") record.at = new Date(record.at);
    }
    return validateEvent(item);
}
