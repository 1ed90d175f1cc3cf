import {keyOf} from "./keyOf.js";

/** I am a Smalltalk Set, with Smalltalk equality (see keyOf); insertion order is kept. */
export class StSet {
    private readonly map = new Map<unknown, unknown>();

    public get size(): number {
        return this.map.size;
    }

    public has(value: unknown): boolean {
        return this.map.has(keyOf(value));
    }

    public add(value: unknown): void {
        if (!this.map.has(keyOf(value))) this.map.set(keyOf(value), value);
    }

    public delete(value: unknown): boolean {
        return this.map.delete(keyOf(value));
    }

    public values(): unknown[] {
        return [...this.map.values()];
    }
}
