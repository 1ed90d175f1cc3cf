import {codecMarker, plainMarker} from "./encodeEvent.js";
import {decodeEvent, validateEvent} from "./validateEvent.js";
import type {Validation} from "./validateEvent.js";

/**
 * Decodes one line written by `encodeEvent` and validates it like `decodeEvent`. A plain line is parsed
 * with `JSON.parse` and its `at` (milliseconds) turned back into a Date (only `at`: nothing else in a plain
 * line was a Date, or it would have gone through the codec); a codec line goes to the image codec. Never throws.
 */
export function decodeEventLine(line: string): Validation {
    const marker = line.slice(0, 1);
    if (marker === plainMarker) {
        let value: unknown;
        try {
            value = JSON.parse(line);
        } catch (error) {
            return {ok: false, reason: `undecodable: ${error instanceof Error ? error.message : String(error)}`};
        }
        if (typeof value === "object" && value != null && !Array.isArray(value)) {
            const record = value as Record<string, unknown>;
            if (typeof record.at === "number") record.at = new Date(record.at);
        }
        return validateEvent(value);
    }
    if (marker === codecMarker) return decodeEvent(line.slice(1));
    return {ok: false, reason: `unknown event encoding ${JSON.stringify(marker)}: expected "${plainMarker}" (plain JSON) or "${codecMarker}" (image codec)`};
}
