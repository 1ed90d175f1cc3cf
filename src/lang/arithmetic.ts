import {PrimitiveFailedError, ZeroDivideError} from "./errors.js";
import {Float} from "./values/Float.js";
import {Fraction} from "./values/Fraction.js";
import {ScaledDecimal} from "./values/ScaledDecimal.js";

/**
 * Number arithmetic across the representations: SmallInteger (a safe-integer JS number),
 * LargeInteger (a bigint outside the safe range), Float (a boxed JS number), Fraction and
 * ScaledDecimal (exact ratios of bigints). Integer results that overflow become LargeIntegers;
 * ones that fit become SmallIntegers again. `/` between Integers is exact: an Integer or a
 * Fraction. Mixed operands follow Pharo's generality: Integer < Fraction < ScaledDecimal < Float.
 */
export type StNumber = number | bigint | Float | Fraction | ScaledDecimal;

/** LargeIntegers stop growing here, so one multiplication cannot freeze the image. */
export const maxIntegerBits = 262_144;

const minSafe = BigInt(Number.MIN_SAFE_INTEGER);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

export function isNumber(value: unknown): value is StNumber {
    return typeof value === "number" || typeof value === "bigint" || value instanceof Float || value instanceof Fraction || value instanceof ScaledDecimal;
}

/** A Fraction or a ScaledDecimal: an exact ratio that is not an Integer. */
function isRatio(value: StNumber): value is Fraction | ScaledDecimal {
    return value instanceof Fraction || value instanceof ScaledDecimal;
}

/** The exact value of a non-Float number as numerator and denominator. */
function ratio(value: Exclude<StNumber, Float>): [bigint, bigint] {
    if (isRatio(value)) return [value.numerator, value.denominator];
    return [BigInt(value), 1n];
}

/** The scale a result of `a` and `b` keeps when one of them is a ScaledDecimal, else null. */
function scaleOf(a: StNumber, b: StNumber): number | null {
    const x = a instanceof ScaledDecimal ? a.scale : -1;
    const y = b instanceof ScaledDecimal ? b.scale : -1;
    const s = Math.max(x, y);
    return s < 0 ? null : s;
}

/** n/d as the result of an exact operation: a ScaledDecimal of `scale`, else a Fraction or an Integer. */
export function exact(n: bigint, d: bigint, scale: number | null, selector = "/"): StNumber {
    if (d === 0n) throw new ZeroDivideError(String(n));
    if (bitLength(n) > maxIntegerBits || bitLength(d) > maxIntegerBits) checkSize(1n << BigInt(maxIntegerBits + 1), selector);
    const value = Fraction.of(n, d);
    if (scale == null) return value;
    const [vn, vd] = value instanceof Fraction ? [value.numerator, value.denominator] : [BigInt(value), 1n];
    return new ScaledDecimal(vn, vd, scale);
}

/** `aNumber asScaledDecimal: scale`. */
export function asScaledDecimal(value: StNumber, scale: number): ScaledDecimal {
    if (value instanceof Float) {
        const [n, d] = floatRatio(value.value);
        return exact(n, d, scale) as ScaledDecimal;
    }
    const [n, d] = ratio(value);
    return new ScaledDecimal(n, d, scale);
}

/** The exact ratio a finite double denotes (`0.5 asExactFraction`). */
export function floatRatio(x: number): [bigint, bigint] {
    if (!Number.isFinite(x)) throw new PrimitiveFailedError("asExactFraction", `${x} has no exact value.`);
    let d = 1n;
    let m = x;
    while (!Number.isInteger(m)) {
        m *= 2;
        d *= 2n;
    }
    return [BigInt(m), d];
}

export function isInteger(value: unknown): value is number | bigint {
    return typeof value === "number" || typeof value === "bigint";
}

export function normalize(value: bigint): number | bigint {
    return value >= minSafe && value <= maxSafe ? Number(value) : value;
}

export function bitLength(value: bigint): number {
    if (value < 0n) value = -value;
    return value === 0n ? 0 : value.toString(16).length * 4;
}

function checkSize(value: bigint, selector: string): bigint {
    if (bitLength(value) > maxIntegerBits)
        throw new PrimitiveFailedError(selector, `the result would have more than ${maxIntegerBits} bits; the interpreter limits LargeIntegers to keep the image responsive.`);
    return value;
}

/** The JS number of any Smalltalk number (LargeIntegers may lose precision). */
export function toDouble(value: StNumber): number {
    if (value instanceof Float) return value.value;
    if (isRatio(value)) return ratioToDouble(value.numerator, value.denominator);
    return Number(value);
}

function ratioToDouble(n: bigint, d: bigint): number {
    const x = Number(n), y = Number(d);
    if (Number.isFinite(x) && Number.isFinite(y)) return x / y;
    // Huge terms: scale both down keeping 64 significant bits of the larger.
    const shift = BigInt(Math.max(bitLength(n < 0n ? -n : n), bitLength(d)) - 64);
    return Number(n >> shift) / Number(d >> shift);
}

function big(value: number | bigint): bigint {
    return typeof value === "bigint" ? value : BigInt(value);
}

/** `+ - *` on any two numbers. */
export function arith(selector: "+" | "-" | "*", a: StNumber, b: StNumber): StNumber {
    if (a instanceof Float || b instanceof Float) {
        const x = toDouble(a), y = toDouble(b);
        return new Float(selector === "+" ? x + y : selector === "-" ? x - y : x * y);
    }
    if (isRatio(a) || isRatio(b)) {
        const [an, ad] = ratio(a), [bn, bd] = ratio(b);
        const scale = scaleOf(a, b);
        if (selector === "*") return exact(an * bn, ad * bd, scale, "*");
        return exact(selector === "+" ? an * bd + bn * ad : an * bd - bn * ad, ad * bd, scale, selector);
    }
    if (typeof a === "number" && typeof b === "number") {
        const r = selector === "+" ? a + b : selector === "-" ? a - b : a * b;
        if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
    }
    const x = big(a), y = big(b);
    if (selector === "*" && bitLength(x) + bitLength(y) > maxIntegerBits + 1) checkSize(1n << BigInt(maxIntegerBits + 1), "*");
    return normalize(selector === "+" ? x + y : selector === "-" ? x - y : x * y);
}

function zeroCheck(a: StNumber, b: StNumber): void {
    if (b instanceof Float ? b.value === 0 : isRatio(b) ? b.numerator === 0n : b == 0) throw new ZeroDivideError(a instanceof Float ? String(a.value) : String(a));
}

/** `/`: exact (an Integer or a Fraction) between exact numbers, else a Float. */
export function divide(a: StNumber, b: StNumber): StNumber {
    zeroCheck(a, b);
    if (a instanceof Float || b instanceof Float) return new Float(toDouble(a) / toDouble(b));
    if (typeof a === "number" && typeof b === "number" && a % b === 0) return a / b === 0 ? 0 : a / b;
    const [an, ad] = ratio(a), [bn, bd] = ratio(b);
    return exact(an * bd, ad * bn, scaleOf(a, b));
}

/** `//` (quotient rounded toward negative infinity) and `\\` (its remainder, with the divisor's sign). */
export function floorDivMod(selector: "//" | "\\\\", a: StNumber, b: StNumber): StNumber {
    zeroCheck(a, b);
    if (a instanceof Float || b instanceof Float) {
        const x = toDouble(a), y = toDouble(b);
        const q = Math.floor(x / y);
        return selector === "//" ? floatToInteger(q, "floor") : new Float(x - q * y);
    }
    if (isRatio(a) || isRatio(b)) {
        const [an, ad] = ratio(a), [bn, bd] = ratio(b);
        const num = an * bd, den = ad * bn;
        let q = num / den;
        if (num % den !== 0n && (num < 0n) !== (den < 0n)) q -= 1n;
        return selector === "//" ? normalize(q) : arith("-", a, arith("*", b, normalize(q)));
    }
    if (typeof a === "number" && typeof b === "number") {
        const r = a % b;
        const adjust = r !== 0 && (r < 0) !== (b < 0);
        if (selector === "//") return ((a - r) / b - (adjust ? 1 : 0)) + 0;
        return adjust ? r + b : r + 0;
    }
    const x = big(a), y = big(b);
    let q = x / y;
    if ((x % y !== 0n) && ((x < 0n) !== (y < 0n))) q -= 1n;
    return normalize(selector === "//" ? q : x - q * y);
}

/** `quo:` (truncated quotient) and `rem:` (its remainder, with the receiver's sign). */
export function truncDivMod(selector: "quo:" | "rem:", a: StNumber, b: StNumber): StNumber {
    zeroCheck(a, b);
    if (a instanceof Float || b instanceof Float) {
        const x = toDouble(a), y = toDouble(b);
        return selector === "quo:" ? floatToInteger(x / y, "truncated") : new Float(x % y);
    }
    if (isRatio(a) || isRatio(b)) {
        const [an, ad] = ratio(a), [bn, bd] = ratio(b);
        const q = normalize((an * bd) / (ad * bn));
        return selector === "quo:" ? q : arith("-", a, arith("*", b, q));
    }
    if (typeof a === "number" && typeof b === "number") return selector === "quo:" ? ((a - (a % b)) / b) + 0 : (a % b) + 0;
    const x = big(a), y = big(b);
    return normalize(selector === "quo:" ? x / y : x % y);
}

/** Numeric comparison: negative, zero or positive; NaN when a Float NaN is involved. */
export function compare(a: StNumber, b: StNumber): number {
    if ((isRatio(a) || isRatio(b)) && !(a instanceof Float) && !(b instanceof Float)) {
        const [an, ad] = ratio(a as Exclude<StNumber, Float>), [bn, bd] = ratio(b as Exclude<StNumber, Float>);
        const l = an * bd, r = bn * ad;
        return l < r ? -1 : l > r ? 1 : 0;
    }
    if (isRatio(a)) a = new Float(toDouble(a));
    if (isRatio(b)) b = new Float(toDouble(b));
    const x = a instanceof Float ? a.value : a;
    const y = b instanceof Float ? b.value : b;
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x < y ? -1 : x > y ? 1 : 0;
}

export function negate(a: StNumber): StNumber {
    if (a instanceof Float) return new Float(-a.value);
    if (a instanceof Fraction) return exact(-a.numerator, a.denominator, null);
    if (a instanceof ScaledDecimal) return new ScaledDecimal(-a.numerator, a.denominator, a.scale);
    if (typeof a === "number") return a === 0 ? 0 : -a;
    return normalize(-a);
}

/** `raisedTo:` with an integer exponent stays exact; anything else is a Float. */
export function raisedTo(a: StNumber, b: StNumber): StNumber {
    if (isInteger(b) && isRatio(a)) {
        const e = BigInt(b) < 0n ? -BigInt(b) : BigInt(b);
        if ((BigInt(Math.max(bitLength(a.numerator), bitLength(a.denominator))) * e) > BigInt(maxIntegerBits)) checkSize(1n << BigInt(maxIntegerBits + 1), "raisedTo:");
        const n = a.numerator ** e, d = a.denominator ** e;
        return BigInt(b) < 0n ? exact(d, n, scaleOf(a, a)) : exact(n, d, scaleOf(a, a));
    }
    if (isInteger(a) && isInteger(b)) {
        if (b < 0) {
            const positive = raisedTo(a, negate(b));
            return divide(1, positive);
        }
        const base = big(a);
        const exponent = big(b);
        const bits = BigInt(Math.max(bitLength(base) - 1, 0)) * exponent;
        if (base !== 0n && base !== 1n && base !== -1n && bits > BigInt(maxIntegerBits))
            checkSize(1n << BigInt(maxIntegerBits + 1), "raisedTo:");
        return normalize(base ** exponent);
    }
    return new Float(Math.pow(toDouble(a), toDouble(b)));
}

/** An integer from a Float by `how` (truncated, rounded, floor, ceiling); infinities and NaN fail. */
export function floatToInteger(value: number, how: "truncated" | "rounded" | "floor" | "ceiling"): number | bigint {
    if (!Number.isFinite(value)) throw new PrimitiveFailedError(how, `${value} has no integer value.`);
    const r = how === "truncated" ? Math.trunc(value) : how === "rounded" ? Math.sign(value) * Math.round(Math.abs(value)) : how === "floor" ? Math.floor(value) : Math.ceil(value);
    return Number.isSafeInteger(r) ? r + 0 : normalize(BigInt(r));
}

/** Smalltalk `=` between numbers: by value across representations (`3 = 3.0`). */
export function numberEquals(a: StNumber, b: StNumber): boolean {
    return compare(a, b) === 0;
}

/** truncated, rounded, floor, ceiling of a Fraction or ScaledDecimal, exactly (`rounded`: half away from zero). */
export function ratioToInteger(value: Fraction | ScaledDecimal, how: "truncated" | "rounded" | "floor" | "ceiling"): number | bigint {
    const n = value.numerator, d = value.denominator;
    const t = n / d;
    const exactly = n % d === 0n;
    switch (how) {
        case "truncated": return normalize(t);
        case "floor": return normalize(n < 0n && !exactly ? t - 1n : t);
        case "ceiling": return normalize(n > 0n && !exactly ? t + 1n : t);
        case "rounded": {
            const twice = 2n * (n < 0n ? -n : n);
            const r = (twice + d) / (2n * d);
            return normalize(n < 0n ? -r : r);
        }
    }
}
