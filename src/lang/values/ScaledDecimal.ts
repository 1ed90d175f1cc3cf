/**
 * I am a Smalltalk ScaledDecimal (`3.14s2`): an exact rational value that prints with `scale`
 * digits after the point, truncated (`(1/3) asScaledDecimal: 3` prints `0.333s3`) and keeps its
 * exactness in arithmetic (`0.1s2 + 0.2s2 = 0.3s2`). Immutable.
 */
export class ScaledDecimal {
    /** numerator/denominator in lowest terms, denominator positive. */
    public constructor(public readonly numerator: bigint, public readonly denominator: bigint, public readonly scale: number) {}

    public toString(): string {
        const negative = this.numerator < 0n;
        const n = negative ? -this.numerator : this.numerator;
        const scaled = n * 10n ** BigInt(this.scale) / this.denominator;
        const digits = scaled.toString().padStart(this.scale + 1, "0");
        const whole = digits.slice(0, digits.length - this.scale);
        const fraction = digits.slice(digits.length - this.scale);
        return `${negative && scaled !== 0n ? "-" : ""}${whole}${this.scale > 0 ? "." + fraction : ""}s${this.scale}`;
    }
}
