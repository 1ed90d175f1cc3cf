import {decodeEventLine} from "./decodeEventLine.js";
import {batchFormat} from "./packBatch.js";
import {fieldValue} from "./streamEntries.js";
import {decodeEvent} from "./validateEvent.js";
import type {Validation} from "./validateEvent.js";

/**
 * A stream entry, unpacked. `batchId` names it in a group's record of handled work: the batch's id, or for
 * an entry of the older one-event form (field `e`) the event's id (null when that event is invalid).
 * `lines` are its events as encoded, and `decode(i)` decodes and validates the i-th: events are decoded
 * one at a time, as they are handled, so that no decoded batch is held. `problem` says why the entry as a
 * whole cannot be used (then `lines` is empty); a bad event inside a good batch is only that event's
 * problem, in what `decode` answers for it.
 */
export type UnpackedEntry = {
    batchId: string | null,
    /** The older one-event form: its one event has no position of its own. */
    single: boolean,
    lines: string[],
    decode(index: number): Validation,
    problem: string | null,
    /** The entry's text, for a dead letter when it is unusable as a whole. */
    raw: string
};

/** Unpacks a stream entry, in either form; never throws. */
export function unpackEntry(fields: string[]): UnpackedEntry {
    const format = fieldValue(fields, "f");
    if (format == null) {
        // The one-event form, written before batches: still read, so that a mixed stream works.
        const encoded = fieldValue(fields, "e");
        const raw = encoded ?? JSON.stringify(fields);
        const result = decodeEvent(encoded);
        return {batchId: result.ok ? result.event.id : null, single: true, lines: [raw], decode: () => result, problem: null, raw};
    }
    const body = fieldValue(fields, "b");
    const batchId = fieldValue(fields, "id");
    const whole = (problem: string): UnpackedEntry =>
        ({batchId: null, single: false, lines: [], decode: () => ({ok: false, reason: problem}), problem, raw: body ?? JSON.stringify(fields)});
    if (format !== batchFormat) return whole(`unsupported batch format f=${JSON.stringify(format)}, expected f=${JSON.stringify(batchFormat)}`);
    if (body == null || batchId == null || batchId === "") return whole("batch entry without its 'b' (events) or 'id' field");
    const lines = body.split("\n");
    const count = fieldValue(fields, "n");
    if (count !== String(lines.length)) return whole(`batch says n=${JSON.stringify(count)} but holds ${lines.length} events`);
    return {batchId, single: false, lines, decode: (index) => decodeEventLine(lines[index] ?? ""), problem: null, raw: body};
}
