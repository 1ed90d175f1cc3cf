import {eventVersion} from "../objects/index.js";
import type {LivingEvent, LivingEventType} from "../objects/index.js";
import {codec} from "../image/index.js";
import {eventSchema, isLivingEventType} from "./eventSchema.js";
import type {FieldKind} from "./eventSchema.js";

export type Validation = {ok: true, event: LivingEvent} | {ok: false, reason: string};

/** The schema's fields per type as [name, kind] pairs, listed once instead of once per event received. */
const schemaFields = Object.fromEntries(Object.entries(eventSchema).map(([type, fields]) =>
    [type, Object.entries(fields as Record<string, FieldKind>)])) as Record<LivingEventType, [string, FieldKind][]>;

/**
 * Decodes an event received from another process with the image codec and checks it against
 * the event union: version, known type, base fields and every payload field.
 * Never throws: whatever arrives, the answer is an event or a reason a human can act on.
 */
export function decodeEvent(raw: string | undefined): Validation {
    if (raw == null) return {ok: false, reason: "missing field 'e' (the encoded event)"};
    let value: unknown;
    try {
        value = codec.parse(raw);
    } catch (error) {
        return {ok: false, reason: `undecodable: ${error instanceof Error ? error.message : String(error)}`};
    }
    return validateEvent(value);
}

/** Checks a decoded value against the event union; see `decodeEvent`. */
export function validateEvent(value: unknown): Validation {
    if (typeof value !== "object" || value == null || Array.isArray(value))
        return {ok: false, reason: `not an object: ${describe(value)}`};
    const record = value as Record<string, unknown>;
    if (record.v !== eventVersion)
        return {ok: false, reason: `unsupported version v=${describe(record.v)}, expected v=${eventVersion}`};
    if (!isLivingEventType(record.type)) return {ok: false, reason: `unknown type ${describe(record.type)}`};
    if (typeof record.id !== "string" || record.id === "")
        return {ok: false, reason: `field 'id' must be a non-empty string, got ${describe(record.id)}`};
    if (!(record.at instanceof Date) || Number.isNaN(record.at.getTime()))
        return {ok: false, reason: `field 'at' must be a valid Date, got ${describe(record.at)}`};
    if (!matchesKind(record.persona, "string|null"))
        return {ok: false, reason: `field 'persona' must be a string or null, got ${describe(record.persona)}`};
    for (const [name, kind] of schemaFields[record.type]) {
        if (!matchesKind(record[name], kind))
            return {ok: false, reason: `${record.type}: field '${name}' must be ${kindName(kind)}, got ${describe(record[name])}`};
    }
    return {ok: true, event: record as LivingEvent};
}

function matchesKind(value: unknown, kind: FieldKind): boolean {
    if (typeof kind === "object") return typeof value === "string" && kind.oneOf.includes(value);
    switch (kind) {
        case "string": return typeof value === "string";
        case "number": return typeof value === "number";
        case "boolean": return typeof value === "boolean";
        case "string|null": return value === null || typeof value === "string";
        case "number|null": return value === null || typeof value === "number";
        case "string[]": return Array.isArray(value) && value.every((item) => typeof item === "string");
        case "unknown": return true;
        default: return kind satisfies never;
    }
}

function kindName(kind: FieldKind): string {
    return typeof kind === "object" ? `one of ${kind.oneOf.map((option) => JSON.stringify(option)).join(", ")}` : kind;
}

function describe(value: unknown): string {
    if (value === undefined) return "nothing";
    let text: string;
    try {
        text = value instanceof Date ? `Date(${value.getTime()})` : JSON.stringify(value) ?? String(value);
    } catch {
        // BigInt and cyclic values do not JSON-encode; their type is description enough.
        text = typeof value;
    }
    return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
