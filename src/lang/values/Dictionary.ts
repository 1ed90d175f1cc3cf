import {Association} from "./Association.js";
import {keyOf} from "./keyOf.js";

/**
 * I am a Smalltalk Dictionary over a JavaScript Map, keyed by Smalltalk equality (see keyOf):
 * insertion order is kept, which makes printing and iteration deterministic.
 */
export class Dictionary {
    private readonly map = new Map<unknown, Association>();

    public get size(): number {
        return this.map.size;
    }

    public get(key: unknown): Association | undefined {
        return this.map.get(keyOf(key));
    }

    public set(key: unknown, value: unknown): void {
        const existing = this.map.get(keyOf(key));
        if (existing != null) existing.value = value;
        else this.map.set(keyOf(key), new Association(key, value));
    }

    public delete(key: unknown): boolean {
        return this.map.delete(keyOf(key));
    }

    public associations(): Association[] {
        return [...this.map.values()];
    }
}
