/**
 * I am a Smalltalk Interval (`1 to: 10 by: 2`): an arithmetic progression, read-only, printed
 * as it was written. My elements are computed (and cached) when a protocol needs them.
 */
export class Interval {
    private cached: readonly unknown[] | null = null;

    public constructor(public readonly first: unknown, public readonly last: unknown, public readonly step: unknown,
        private readonly compute: (interval: Interval) => unknown[]) {}

    public elements(): readonly unknown[] {
        this.cached ??= Object.freeze(this.compute(this));
        return this.cached;
    }
}
