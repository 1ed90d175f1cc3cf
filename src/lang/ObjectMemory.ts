import type {Proto} from "../objects/index.js";
import {ValueNotStorableError} from "./errors.js";
import {decodeValue, encodeValue} from "./valueCodec.js";
import type {DecodeContext} from "./valueKinds.js";
import {valueKinds} from "./valueKinds.js";

/** One write of a persona's free slot: its new stored (encoded, plain) value. */
export type SlotWrite = {persona: Proto, slot: string, value: unknown};

/** What the memory needs from the image: every persona, and one journalled update for a batch of slot writes. */
export type SlotStore = {
    personas(): Proto[],
    write(writes: readonly SlotWrite[]): void
};

/** What the memory needs from the interpreter: classes by name and blocks from source, for decoding. */
export type MemoryResolver = {
    classNamed(name: string): unknown,
    compileBlock(source: string): unknown
};

type Live = {persona: Proto, slot: string, stored: unknown, value: unknown};

/** The stored value of a slot written now, before the image holds it. */
const notStored = Symbol("not stored");

/**
 * I am the live side of persona slots: a free slot holds a Smalltalk object, and every read of
 * it answers that same object (`(BRICK at: #list) add: 5` changes the slot's collection), with
 * its class, its identity and its cycles. The image holds plain data (valueCodec's encoding):
 * I decode a slot the first time it is read, encode it when it is written, and at each checkpoint
 * (the end of every top-level run) write back, in one journalled update, every live slot whose
 * object changed. An object held by several slots is decoded once for all of them (they share
 * its oid), so two slots that held one collection still hold one after a reload. When the image
 * changes a slot behind my back (another tool wrote it), that write wins and I decode it afresh.
 */
export class ObjectMemory {
    private readonly live = new Map<string, Live>();
    private readonly oids = new WeakMap<object, string>();
    private readonly objects = new Map<string, object>();
    /** Where each oid is stored (slot keys), built by one scan of every persona's slots when first needed. */
    private oidIndex: Map<string, Set<string>> | null = null;
    private nextOid = 1;
    private readonly session = Math.random().toString(36).slice(2, 8);

    public constructor(private readonly store: SlotStore, private readonly resolver: MemoryResolver) {}

    /** The object a free slot holds (the slot exists: its stored data is `stored`). */
    public read(persona: Proto, slot: string, stored: unknown): unknown {
        const key = slotKey(persona, slot);
        const entry = this.live.get(key);
        if (entry != null && entry.stored === stored) return entry.value;
        if (!holdsOids(stored)) {
            const value = decodeValue(stored, this.decodeContext(persona));
            this.live.set(key, {persona, slot, stored, value});
            return value;
        }
        // Every slot that shares an object with this one comes alive with it, so each shared object is decoded once.
        for (const other of this.slotsSharingWith(stored, key)) this.materialize(other);
        return this.materialize({persona, slot, stored, key}).value;
    }

    /** Stores `value` in a free slot: refused values change nothing; from now on the slot holds this object. */
    public write(persona: Proto, slot: string, value: unknown): void {
        // Encoding alone says whether the value can be stored at all, before anything changes.
        this.encode(value, new Set());
        const key = slotKey(persona, slot);
        const previous = this.live.get(key);
        this.live.set(key, {persona, slot, stored: notStored, value});
        try {
            this.flush(key);
        } catch (error) {
            if (previous != null) this.live.set(key, previous);
            else this.live.delete(key);
            throw error;
        }
    }

    /** Forgets a slot that was removed. */
    public forget(persona: Proto, slot: string): void {
        this.live.delete(slotKey(persona, slot));
    }

    /** Writes back, in one update, every live slot whose object changed since it was stored. */
    public checkpoint(): void {
        if (this.live.size > 0) this.flush(null);
    }

    /**
     * Encodes every live slot (objects reachable from two of them keep an oid in each), and writes
     * those whose encoding differs from what the image holds, in one update. `required` is a slot
     * being written now: it is never skipped.
     */
    private flush(required: string | null): void {
        const current: [string, Live][] = [];
        for (const [key, entry] of this.live) {
            if (key === required || this.isCurrent(entry)) current.push([key, entry]);
            else this.live.delete(key);
        }
        const counts = new Map<object, number>();
        for (const [, entry] of current) for (const object of reachable([entry.value])) counts.set(object, (counts.get(object) ?? 0) + 1);
        const shared = new Set([...counts].filter(([, n]) => n > 1).map(([object]) => object));
        const writes: [string, Live, unknown][] = [];
        for (const [key, entry] of current) {
            let encoded: unknown;
            try {
                encoded = this.encode(entry.value, shared);
            } catch (error) {
                // The object now holds something that cannot be stored: the slot keeps its last stored value.
                if (error instanceof ValueNotStorableError && key !== required) continue;
                throw error;
            }
            if (entry.stored === notStored || !plainEquals(encoded, entry.stored)) writes.push([key, entry, encoded]);
        }
        if (writes.length === 0) return;
        this.store.write(writes.map(([, e, v]) => ({persona: e.persona, slot: e.slot, value: v})));
        for (const [key, entry, encoded] of writes) {
            entry.stored = this.storedNow(entry.persona, entry.slot) ?? encoded;
            this.index(encoded, key);
        }
    }

    private isCurrent(entry: Live): boolean {
        return this.storedNow(entry.persona, entry.slot) === entry.stored;
    }

    private storedNow(persona: Proto, slot: string): unknown {
        const record = persona.world.record(persona.personaId);
        return record != null && Object.hasOwn(record.slots, slot) ? record.slots[slot] : undefined;
    }

    private encode(value: unknown, sharedElsewhere: ReadonlySet<object>): unknown {
        return encodeValue(value, {
            sharedElsewhere: (object) => sharedElsewhere.has(object),
            oidFor: (object) => this.oidOf(object)
        });
    }

    private oidOf(object: object): string {
        let oid = this.oids.get(object);
        if (oid == null) {
            oid = `${this.session}.${this.nextOid++}`;
            this.oids.set(object, oid);
            this.objects.set(oid, object);
        }
        return oid;
    }

    private decodeContext(persona: Proto): Partial<DecodeContext> {
        const world = persona.world;
        return {
            objects: this.objects,
            // Objects decoded with an oid keep it, so writing them back does not renumber them.
            remember: (oid, object) => this.oids.set(object, oid),
            persona: (id) => world.record(id) == null ? null : world.protoFor(id),
            classNamed: (name) => this.resolver.classNamed(name),
            compileBlock: (source) => this.resolver.compileBlock(source)
        };
    }

    private materialize(slot: {persona: Proto, slot: string, stored: unknown, key: string}): Live {
        const existing = this.live.get(slot.key);
        if (existing != null && existing.stored === slot.stored) return existing;
        const value = decodeValue(slot.stored, this.decodeContext(slot.persona));
        const entry = {persona: slot.persona, slot: slot.slot, stored: slot.stored, value};
        this.live.set(slot.key, entry);
        return entry;
    }

    /** The other stored slots that hold one of the oids in `stored`. */
    private slotsSharingWith(stored: unknown, key: string): {persona: Proto, slot: string, stored: unknown, key: string}[] {
        if (this.oidIndex == null) {
            this.oidIndex = new Map();
            for (const persona of this.store.personas()) {
                const record = persona.world.record(persona.personaId);
                if (record == null) continue;
                for (const [slot, value] of Object.entries(record.slots)) this.index(value, slotKey(persona, slot));
            }
        }
        const keys = new Set<string>();
        for (const oid of collectOids(stored)) for (const k of this.oidIndex.get(oid) ?? []) if (k !== key) keys.add(k);
        const result = [];
        const personas = new Map(this.store.personas().map((p) => [p.personaId, p]));
        for (const k of keys) {
            const [personaId, slot] = splitKey(k);
            const persona = personas.get(personaId);
            const value = persona == null ? undefined : this.storedNow(persona, slot);
            if (persona != null && value !== undefined && !this.live.has(k)) result.push({persona, slot, stored: value, key: k});
        }
        return result;
    }

    private index(stored: unknown, key: string): void {
        if (this.oidIndex == null) return;
        for (const oid of collectOids(stored)) {
            let keys = this.oidIndex.get(oid);
            if (keys == null) this.oidIndex.set(oid, keys = new Set());
            keys.add(key);
        }
    }
}

function slotKey(persona: Proto, slot: string): string {
    return `${persona.personaId}\u0000${slot}`;
}

function splitKey(key: string): [string, string] {
    const at = key.indexOf("\u0000");
    return [key.slice(0, at), key.slice(at + 1)];
}

/** True when stored data holds an object with an oid (a shared one). */
function holdsOids(stored: unknown): boolean {
    return collectOids(stored).size > 0;
}

/** Every `$oid` in stored (plain) data. */
function collectOids(stored: unknown): Set<string> {
    const oids = new Set<string>();
    const stack: unknown[] = [stored];
    while (stack.length > 0) {
        const value = stack.pop();
        if (typeof value !== "object" || value === null || value instanceof Date) continue;
        if (Array.isArray(value)) {
            for (const item of value) stack.push(item);
            continue;
        }
        if (value instanceof Map) {
            for (const [k, v] of value) stack.push(k, v);
            continue;
        }
        if (value instanceof Set) {
            for (const v of value) stack.push(v);
            continue;
        }
        const record = value as Record<string, unknown>;
        if (typeof record.$oid === "string") oids.add(record.$oid);
        for (const v of Object.values(record)) stack.push(v);
    }
    return oids;
}

/** Every object with identity reachable from `roots` (collections, instances). */
function reachable(roots: readonly unknown[]): Set<object> {
    const seen = new Set<object>();
    const stack = [...roots];
    while (stack.length > 0) {
        const value = stack.pop();
        if (typeof value !== "object" || value === null || seen.has(value)) continue;
        const kind = valueKinds.kindOf(value);
        if (Array.isArray(value)) {
            seen.add(value);
            for (const item of value) stack.push(item);
        } else if (kind != null) {
            if (!kind.identity) continue;
            seen.add(value);
            for (const child of kind.children(value as never)) stack.push(child);
        } else if (Object.getPrototypeOf(value) === Object.prototype) {
            seen.add(value);
            for (const child of Object.values(value)) stack.push(child);
        }
    }
    return seen;
}

/** Structural equality of stored (plain) data. */
export function plainEquals(a: unknown, b: unknown): boolean {
    if (a === b) return true;
    if (typeof a !== typeof b || typeof a !== "object" || a === null || b === null) return typeof a === "number" && Number.isNaN(a) && Number.isNaN(b);
    if (a instanceof Date || b instanceof Date) return a instanceof Date && b instanceof Date && a.getTime() === b.getTime();
    if (Array.isArray(a) || Array.isArray(b)) {
        if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
        for (let i = 0; i < a.length; i++) if (!plainEquals(a[i], b[i])) return false;
        return true;
    }
    if (a instanceof Map || b instanceof Map || a instanceof Set || b instanceof Set) return false;
    const ka = Object.keys(a as object), kb = Object.keys(b as object);
    if (ka.length !== kb.length) return false;
    for (const k of ka) if (!Object.hasOwn(b as object, k) || !plainEquals((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
    return true;
}
