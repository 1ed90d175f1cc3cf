import type {MethodRecord, PersonaRecord} from "./PersonaRecord.js";
import {personaSlotNames} from "./PersonaRecord.js";
import type {Proto} from "./Proto.js";
import {protoOf} from "./protoProxy.js";
import {recordSlot} from "./recordSlot.js";
import {lookupMethod, respondsTo, understoodSelectors} from "./send.js";

/** One row of an inspector: a slot name and a short summary of its value. */
export type InspectRow = {slot: string, summary: string, value: unknown};

/**
 * I reflect on a persona without sending it a message, so neither a Proxy nor a
 * doesNotUnderstand: method can fool me or be triggered by me (Pharo's mirror primitives).
 * The inspector, the serializer and `respondsTo` go through me.
 */
export class Mirror {
    public constructor(public readonly proto: Proto) {}

    public get name(): string {
        return this.proto.name;
    }

    public get record(): PersonaRecord {
        return this.proto.record;
    }

    public slotNames(): string[] {
        return [...personaSlotNames, ...Object.keys(this.record.slots).map((slot) => `slots.${slot}`)];
    }

    public slot(name: string): unknown {
        const record = this.record;
        if (name.startsWith("slots.")) return record.slots[name.slice("slots.".length)];
        return recordSlot(record, name);
    }

    /** Selectors of my own methods (not inherited). */
    public methods(): string[] {
        return Object.keys(this.record.methods).sort();
    }

    public method(selector: string): MethodRecord | null {
        return lookupMethod(this.proto, selector)?.method ?? null;
    }

    public respondsTo(selector: string): boolean {
        return respondsTo(this.proto, selector);
    }

    public understood(): string[] {
        return understoodSelectors(this.proto);
    }

    public inspect(): InspectRow[] {
        return this.slotNames().map((slot) => {
            const value = this.slot(slot);
            return {slot, value, summary: summarize(value)};
        });
    }
}

/** A Mirror on a Proto or on its Proxy handle. */
export function mirrorOf(value: unknown): Mirror {
    const proto = protoOf(value);
    if (proto == null) throw new TypeError(`mirrorOf expects a persona (a Proto or its handle), got ${typeof value}.`);
    return new Mirror(proto);
}

/** A one-line summary of any image value, for inspectors and printString. */
export function summarize(value: unknown, width = 60): string {
    let text: string;
    if (value === null) text = "nil";
    else if (value === undefined) text = "undefined";
    else if (typeof value === "string") text = JSON.stringify(value);
    else if (typeof value === "bigint") text = `${value}n`;
    else if (typeof value !== "object") text = String(value);
    else if (value instanceof Date) text = value.toISOString();
    else if (Array.isArray(value)) text = `Array(${value.length})`;
    else if (value instanceof Map) text = `Map(${value.size})`;
    else if (value instanceof Set) text = `Set(${value.size})`;
    else {
        const keys = Object.keys(value);
        text = `{${keys.slice(0, 4).join(", ")}${keys.length > 4 ? ", …" : ""}}`;
    }
    return text.length > width ? text.slice(0, width - 1) + "…" : text;
}
