import {validateEvent} from "../validateEvent.js";
import type {Validation} from "../validateEvent.js";

/**
 * Why the key list of a run (the first array of a run element, see `batchBody`) is unusable, or null when it
 * is fine: checked once per run, not once per event. `__proto__` is refused: set as a field of the object an
 * event is read back into, it would replace its prototype (the publisher never writes it in a run).
 */
export function runKeysProblem(keys: unknown): string | null {
    if (!Array.isArray(keys)) return "run without its key list (the run's first element must be an array of field names)";
    for (const key of keys as unknown[]) {
        if (typeof key !== "string") return `run key list holds a non-string field name ${JSON.stringify(key) ?? String(key)}`;
        if (key === "__proto__") return "run key list names the field '__proto__'";
    }
    return null;
}

/**
 * One event of a run: its values under the run's keys (already checked by `runKeysProblem`), `at` (milliseconds)
 * made a Date again, validated like any event received. Never throws.
 */
export function decodeRunRow(keys: readonly string[], row: unknown): Validation {
    if (!Array.isArray(row)) return {ok: false, reason: `run row is not an array of values: ${shortJson(row)}`};
    const values = row as unknown[];
    if (values.length !== keys.length) return {ok: false, reason: `run row holds ${values.length} values for ${keys.length} keys`};
    const event: Record<string, unknown> = {};
    for (let index = 0; index < keys.length; index++) event[keys[index] as string] = values[index];
    if (typeof event.at === "number") event.at = new Date(event.at);
    return validateEvent(event);
}

/** A row as the event it stands for, in JSON (`at` in milliseconds), for a dead letter; the row as is when it cannot be. */
export function rawRunRow(keys: unknown, row: unknown): string {
    if (runKeysProblem(keys) != null || !Array.isArray(row) || row.length !== (keys as string[]).length)
        return JSON.stringify({keys, row}) ?? String(row);
    const event: Record<string, unknown> = {};
    (keys as string[]).forEach((key, index) => {
        event[key] = (row as unknown[])[index];
    });
    return JSON.stringify(event);
}

function shortJson(value: unknown): string {
    const text = JSON.stringify(value) ?? String(value);
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
