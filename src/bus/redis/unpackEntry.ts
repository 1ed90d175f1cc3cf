import {decodeBatchItem} from "./decodeBatchItem.js";
import {decodeRunRow, rawRunRow, runKeysProblem} from "./decodeRunRow.js";
import {batchFormat, firstBatchFormat} from "./packBatch.js";
import {fieldValue} from "./streamEntries.js";
import {decodeEvent} from "../validateEvent.js";
import type {Validation} from "../validateEvent.js";

/**
 * A stream entry, unpacked. `batchId` names it in a group's record of handled work: the batch's id, or for
 * an entry of the older one-event form (field `e`) the event's id (null when that event is invalid).
 * It holds `size` events; `decode(i)` decodes and validates the i-th, one at a time as they are handled,
 * and `rawAt(i)` gives its text for a dead letter. `problem` says why the entry as a whole cannot be used
 * (then `size` is 0); a bad event inside a good batch is only that event's problem, in what `decode` answers.
 */
export type UnpackedEntry = {
    batchId: string | null,
    /** The older one-event form: its one event has no position of its own. */
    single: boolean,
    size: number,
    decode(index: number): Validation,
    rawAt(index: number): string,
    problem: string | null,
    /** The entry's text, for a dead letter when it is unusable as a whole. */
    raw: string
};

/**
 * The batch id and event count of an entry (what a group's record of handled work is asked about), read
 * without decoding a batch's events; null when the entry has none (it is unusable, or its one event invalid).
 */
export function batchKeyOf(fields: string[]): {id: string, size: number} | null {
    if (fieldValue(fields, "f") == null) {
        const result = decodeEvent(fieldValue(fields, "e"));
        return result.ok ? {id: result.event.id, size: 1} : null;
    }
    const id = fieldValue(fields, "id");
    const size = Number(fieldValue(fields, "n"));
    return id == null || id === "" || !Number.isSafeInteger(size) || size < 0 ? null : {id, size};
}

/** Unpacks a stream entry, in either form; never throws. */
export function unpackEntry(fields: string[]): UnpackedEntry {
    const format = fieldValue(fields, "f");
    if (format == null) {
        // The one-event form, written before batches: still read, so that a mixed stream works.
        const encoded = fieldValue(fields, "e");
        const raw = encoded ?? JSON.stringify(fields);
        const result = decodeEvent(encoded);
        return {batchId: result.ok ? result.event.id : null, single: true, size: 1, decode: () => result, rawAt: () => raw, problem: null, raw};
    }
    const body = fieldValue(fields, "b");
    const batchId = fieldValue(fields, "id");
    const whole = (problem: string): UnpackedEntry => ({
        batchId: null, single: false, size: 0, decode: () => ({ok: false, reason: problem}), rawAt: () => "", problem, raw: body ?? JSON.stringify(fields)
    });
    if (format !== batchFormat && format !== firstBatchFormat)
        return whole(`unsupported batch format f=${JSON.stringify(format)}, expected f=${JSON.stringify(batchFormat)} (or the older f=${JSON.stringify(firstBatchFormat)})`);
    if (body == null || batchId == null || batchId === "") return whole("batch entry without its 'b' (events) or 'id' field");
    let items: unknown;
    try {
        items = JSON.parse(body);
    } catch (error) {
        return whole(`undecodable batch: ${error instanceof Error ? error.message : String(error)}`);
    }
    if (!Array.isArray(items)) return whole("batch body is not a JSON array");
    const list: unknown[] = items;
    const count = fieldValue(fields, "n");
    if (format === firstBatchFormat) {
        // The first batch form: an element per event, never a run.
        if (count !== String(list.length)) return whole(`batch says n=${JSON.stringify(count)} but holds ${list.length} events`);
        return {
            batchId, single: false, size: list.length, problem: null, raw: body,
            decode: (index) => decodeBatchItem(list[index]),
            rawAt: (index) => rawItem(list[index])
        };
    }
    const size = eventsIn(list);
    if (count !== String(size)) return whole(`batch says n=${JSON.stringify(count)} but holds ${size} events`);
    const only = list.length === 1 ? list[0] : undefined;
    if (Array.isArray(only)) {
        // The usual batch: one run, its events at their own positions.
        const run: unknown[] = only;
        const problem = runKeysProblem(run[0]);
        const keys = run[0] as readonly string[];
        return {
            batchId, single: false, size, problem: null, raw: body,
            decode: (index) => problem == null ? decodeRunRow(keys, run[index + 1]) : {ok: false, reason: problem},
            rawAt: (index) => rawRunRow(run[0], run[index + 1])
        };
    }
    // Elements of several kinds: where each position lies, worked out once for the entry.
    const element = new Int32Array(size);
    const row = new Int32Array(size);
    const problems: (string | null)[] = [];
    let position = 0;
    list.forEach((item, at) => {
        problems.push(Array.isArray(item) ? runKeysProblem(item[0]) : null);
        const rows = Array.isArray(item) ? Math.max(0, item.length - 1) : 1;
        for (let index = 0; index < rows; index++, position++) {
            element[position] = at;
            row[position] = index + 1;
        }
    });
    return {
        batchId, single: false, size, problem: null, raw: body,
        decode: (index) => {
            const item = list[element[index] ?? 0];
            if (!Array.isArray(item)) return decodeBatchItem(item);
            const problem = problems[element[index] ?? 0];
            return problem == null ? decodeRunRow(item[0] as readonly string[], item[row[index] ?? 0]) : {ok: false, reason: problem};
        },
        rawAt: (index) => {
            const item = list[element[index] ?? 0];
            return Array.isArray(item) ? rawRunRow(item[0], item[row[index] ?? 0]) : rawItem(item);
        }
    };
}

/** Events in a `b2` body: a run holds one per array after its key list, any other element one. */
function eventsIn(list: unknown[]): number {
    let size = 0;
    for (const item of list) size += Array.isArray(item) ? Math.max(0, item.length - 1) : 1;
    return size;
}

/** An element as it was received: the codec's text as is; a plain event's `at`, made a Date by decoding, as milliseconds again. */
function rawItem(item: unknown): string {
    if (typeof item === "string") return item;
    const record = typeof item === "object" && item !== null ? item as Record<string, unknown> : null;
    if (record == null || !(record.at instanceof Date)) return JSON.stringify(item) ?? String(item);
    return JSON.stringify({...record, at: record.at.getTime()});
}
