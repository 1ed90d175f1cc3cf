import {codecMarker} from "./encodeEvent.js";
import type {EncodedEvent, FlatEvent} from "./encodeEvent.js";

/**
 * The body of a batch entry: one JSON array, an element per event, in order. A plain event is its JSON object
 * (`at` in milliseconds); an event that needed the image codec is a JSON string holding the codec's text.
 * Runs of flat events, the usual whole batch, are written by one JSON.stringify call: cheaper than one per
 * event and a join, and read back by one JSON.parse.
 */
export function batchBody(events: readonly EncodedEvent[]): string {
    let run: FlatEvent[] = [];
    const parts: string[] = [];
    const endRun = () => {
        if (run.length > 0) parts.push(JSON.stringify(run).slice(1, -1));
        run = [];
    };
    for (const event of events) {
        if (typeof event !== "string") {
            run.push(event);
            continue;
        }
        if (parts.length === 0 && run.length === 0 && events.length === 1 && !event.startsWith(codecMarker)) return `[${event}]`;
        endRun();
        parts.push(event.startsWith(codecMarker) ? JSON.stringify(event.slice(codecMarker.length)) : event);
    }
    if (parts.length === 0) return JSON.stringify(run);
    endRun();
    return `[${parts.join(",")}]`;
}
