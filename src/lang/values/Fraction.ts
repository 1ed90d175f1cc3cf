/**
 * I am a Smalltalk Fraction: an exact ratio of two integers, always in lowest terms with a
 * positive denominator other than 1 (`(2/4)` is `(1/2)`; `(4/2)` is the Integer 2, which
 * `Fraction.of` answers instead of me). Immutable, like every number.
 */
export class Fraction {
    private constructor(public readonly numerator: bigint, public readonly denominator: bigint) {}

    /** The exact value n/d in lowest terms: an Integer (number or bigint) when d divides n. `d` must not be zero. */
    public static of(n: bigint, d: bigint): Fraction | number | bigint {
        if (d < 0n) {
            n = -n;
            d = -d;
        }
        const g = gcd(n, d);
        if (g !== 1n) {
            n /= g;
            d /= g;
        }
        return d === 1n ? smallest(n) : new Fraction(n, d);
    }

    public toString(): string {
        return `(${this.numerator}/${this.denominator})`;
    }
}

export function gcd(a: bigint, b: bigint): bigint {
    if (a < 0n) a = -a;
    if (b < 0n) b = -b;
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
}

function smallest(n: bigint): number | bigint {
    return n >= BigInt(Number.MIN_SAFE_INTEGER) && n <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(n) : n;
}
