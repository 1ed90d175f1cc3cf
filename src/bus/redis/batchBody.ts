import {codecMarker} from "./encodeEvent.js";
import type {EncodedEvent} from "./encodeEvent.js";
import {FlatRow} from "./FlatRow.js";

/**
 * The body of a batch entry (format `b2`): one JSON array of elements, in order:
 * - a run of flat events with the same keys: `[keys, values, values, ...]`, an array of arrays holding the key
 *   list once and then one array of values per event. The usual whole batch is one run, written by one
 *   JSON.stringify call and read back by one JSON.parse: no key repeated per event, fewer characters to write,
 *   send, store and parse, and arrays of primitives are the cheapest thing for both calls;
 * - a plain event with nested values: its JSON object (`at` in milliseconds);
 * - an event that needed the image codec: a JSON string holding the codec's text.
 * Each event keeps its position (its index counting the events of every element in order): a bad one is
 * dead-lettered alone, under it, and a group records progress by it (see unpackEntry).
 */
export function batchBody(events: readonly EncodedEvent[]): string {
    const parts: string[] = [];
    let run: unknown[] | null = null;
    let runKeys: readonly string[] | null = null;
    for (const event of events) {
        if (event instanceof FlatRow) {
            if (event.keys !== runKeys) {
                if (run != null) parts.push(JSON.stringify(run));
                runKeys = event.keys;
                run = [runKeys];
            }
            (run as unknown[]).push(event.values);
            continue;
        }
        if (run != null) parts.push(JSON.stringify(run));
        run = null;
        runKeys = null;
        parts.push(event.startsWith(codecMarker) ? JSON.stringify(event.slice(codecMarker.length)) : event);
    }
    if (run != null) parts.push(JSON.stringify(run));
    return parts.length === 1 ? `[${parts[0] as string}]` : `[${parts.join(",")}]`;
}
