/**
 * I am a Smalltalk Random: Park and Miller's minimal standard generator, as Pharo's Random,
 * so `Random seed: 42` gives the same sequence every time. `Random new` is seeded from the clock.
 */
export class RandomGenerator {
    private static readonly a = 16807;
    private static readonly m = 2147483647;
    private state: number;

    public constructor(seed: number) {
        const s = Math.abs(Math.trunc(seed)) % RandomGenerator.m;
        this.state = s === 0 ? 1 : s;
    }

    /** The next Float in [0, 1). */
    public next(): number {
        this.state = (this.state * RandomGenerator.a) % RandomGenerator.m;
        return (this.state - 1) / (RandomGenerator.m - 1);
    }

    /** The next integer from 1 to n. */
    public nextInteger(n: number): number {
        return Math.floor(this.next() * n) + 1;
    }

    public get seed(): number {
        return this.state;
    }
}
