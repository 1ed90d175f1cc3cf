import {keyOf} from "./keyOf.js";

/** I am a Smalltalk Bag: an unordered collection that counts how often it holds each element (Smalltalk equality). */
export class Bag {
    private readonly counts = new Map<unknown, {value: unknown, count: number}>();

    public get size(): number {
        let n = 0;
        for (const entry of this.counts.values()) n += entry.count;
        return n;
    }

    public add(value: unknown, times = 1): void {
        const key = keyOf(value);
        const entry = this.counts.get(key);
        if (entry == null) this.counts.set(key, {value, count: times});
        else entry.count += times;
    }

    public occurrencesOf(value: unknown): number {
        return this.counts.get(keyOf(value))?.count ?? 0;
    }

    /** Removes one occurrence; false when there was none. */
    public remove(value: unknown): boolean {
        const key = keyOf(value);
        const entry = this.counts.get(key);
        if (entry == null) return false;
        if (--entry.count === 0) this.counts.delete(key);
        return true;
    }

    /** Each element as often as it occurs, grouped. */
    public values(): unknown[] {
        const items: unknown[] = [];
        for (const {value, count} of this.counts.values()) for (let i = 0; i < count; i++) items.push(value);
        return items;
    }

    /** Each distinct element with its count. */
    public entries(): {value: unknown, count: number}[] {
        return [...this.counts.values()].map((e) => ({...e}));
    }
}
