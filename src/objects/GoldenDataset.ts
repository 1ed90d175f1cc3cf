import type {GoldenSample} from "./PersonaRecord.js";

/**
 * I am a persona's golden dataset: an immutable list of samples that grows at the end in O(1)
 * amortised, whatever its size. Every reader of a dataset goes through me (`length`, `at`,
 * iteration, `filter`…, `toArray`); nobody holds my storage.
 *
 * Why not a frozen array in the image, as everything else: a frozen array of n samples can only
 * grow by being copied, so appending one sample to 100,000 copied 100,000 references (several ms).
 * Instead versions share one append-only store: each knows how many of its items are its own, and
 * `append` pushes onto the store in place when the version it is asked of is the newest one (the
 * "tip"); asked of an older version (whose store has grown past it), it copies that version's items
 * into a fresh store first, so no version ever sees another's items. The image keeps the newest
 * version; a version is never changed once made.
 *
 * On disk and in the journal I am written as a plain array of samples (the image format does not
 * change); the image turns such an array back into me when it loads (see image/wrapGoldenDatasets).
 */
export class GoldenDataset implements Iterable<GoldenSample> {
    static readonly empty: GoldenDataset = new GoldenDataset([], 0);

    /** A dataset holding `samples` (copied: later changes to that array do not reach it), each sample frozen. */
    static of(samples: Iterable<GoldenSample>): GoldenDataset {
        const store = [...samples];
        for (const sample of store) freezeSample(sample);
        return store.length === 0 ? GoldenDataset.empty : new GoldenDataset(store, store.length);
    }

    /** Shared by every version made by `append` from this one; only the first `#length` items are mine. */
    readonly #store: GoldenSample[];
    readonly #length: number;
    #array: readonly GoldenSample[] | null = null;

    private constructor(store: GoldenSample[], length: number) {
        this.#store = store;
        this.#length = length;
        Object.freeze(this);
    }

    get length(): number {
        return this.#length;
    }

    /** The sample at `index` (negative counts from the end, as Array#at), or undefined outside the dataset. */
    at(index: number): GoldenSample | undefined {
        const i = index < 0 ? this.#length + index : index;
        return Number.isInteger(i) && i >= 0 && i < this.#length ? this.#store[i] : undefined;
    }

    /** A new dataset: mine with `samples` at the end (frozen). I am unchanged. */
    append(samples: readonly GoldenSample[]): GoldenDataset {
        if (samples.length === 0) return this;
        for (const sample of samples) freezeSample(sample);
        // The newest version pushes onto the shared store; an older one would overwrite what a newer one sees.
        const store = this.#store.length === this.#length && this !== GoldenDataset.empty ? this.#store : this.#store.slice(0, this.#length);
        for (const sample of samples) store.push(sample);
        return new GoldenDataset(store, this.#length + samples.length);
    }

    /** A new dataset: mine with the sample at `index` replaced (O(n), as Array#with). I am unchanged. */
    with(index: number, sample: GoldenSample): GoldenDataset {
        const i = index < 0 ? this.#length + index : index;
        if (!Number.isInteger(i) || i < 0 || i >= this.#length) throw new RangeError(`no sample at index ${index} of ${this.#length}`);
        const store = this.#store.slice(0, this.#length);
        store[i] = sample;
        return GoldenDataset.of(store);
    }

    /** My samples as a frozen array, made once per version (O(n) the first time it is asked). */
    toArray(): readonly GoldenSample[] {
        // A private cache on a frozen object: the field is writable though the object is frozen.
        return this.#array ??= Object.freeze(this.#store.slice(0, this.#length));
    }

    /** JSON.stringify writes me as the array of my samples. */
    toJSON(): readonly GoldenSample[] {
        return this.toArray();
    }

    *[Symbol.iterator](): Iterator<GoldenSample> {
        for (let i = 0; i < this.#length; i++) yield this.#store[i]!;
    }

    filter(predicate: (sample: GoldenSample, index: number) => boolean): GoldenSample[] {
        const kept: GoldenSample[] = [];
        for (let i = 0; i < this.#length; i++) if (predicate(this.#store[i]!, i)) kept.push(this.#store[i]!);
        return kept;
    }

    map<T>(fn: (sample: GoldenSample, index: number) => T): T[] {
        const mapped = new Array<T>(this.#length);
        for (let i = 0; i < this.#length; i++) mapped[i] = fn(this.#store[i]!, i);
        return mapped;
    }

    forEach(fn: (sample: GoldenSample, index: number) => void): void {
        for (let i = 0; i < this.#length; i++) fn(this.#store[i]!, i);
    }

    some(predicate: (sample: GoldenSample, index: number) => boolean): boolean {
        for (let i = 0; i < this.#length; i++) if (predicate(this.#store[i]!, i)) return true;
        return false;
    }

    every(predicate: (sample: GoldenSample, index: number) => boolean): boolean {
        for (let i = 0; i < this.#length; i++) if (!predicate(this.#store[i]!, i)) return false;
        return true;
    }

    /** Samples `[start, end)` as a new array, as Array#slice (negative indices count from the end). */
    slice(start = 0, end = this.#length): GoldenSample[] {
        const from = clamp(start, this.#length);
        const to = clamp(end, this.#length);
        return from >= to ? [] : this.#store.slice(from, to);
    }
}

function clamp(index: number, length: number): number {
    const i = Math.trunc(index);
    return i < 0 ? Math.max(0, length + i) : Math.min(i, length);
}

/** Samples are plain data (records, arrays, Dates): frozen like the rest of the image. */
function freezeSample(value: unknown): void {
    if (typeof value !== "object" || value === null || Object.isFrozen(value) || value instanceof Date) return;
    if (Array.isArray(value)) for (const item of value) freezeSample(item);
    else for (const key in value) freezeSample((value as Record<string, unknown>)[key]);
    Object.freeze(value);
}
