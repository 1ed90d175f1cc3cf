import {PrimitiveFailedError, ZeroDivideError} from "./errors.js";
import {Float} from "./values/Float.js";

/**
 * Number arithmetic across the three representations: SmallInteger (a safe-integer JS number),
 * LargeInteger (a bigint outside the safe range) and Float (a boxed JS number).
 * Integer results that overflow become LargeIntegers; ones that fit become SmallIntegers again.
 * `/` answers an Integer when the division is exact and a Float otherwise (there are no Fractions).
 */
export type StNumber = number | bigint | Float;

/** LargeIntegers stop growing here, so one multiplication cannot freeze the image. */
export const maxIntegerBits = 262_144;

const minSafe = BigInt(Number.MIN_SAFE_INTEGER);
const maxSafe = BigInt(Number.MAX_SAFE_INTEGER);

export function isNumber(value: unknown): value is StNumber {
    return typeof value === "number" || typeof value === "bigint" || value instanceof Float;
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
    return value instanceof Float ? value.value : Number(value);
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
    if (typeof a === "number" && typeof b === "number") {
        const r = selector === "+" ? a + b : selector === "-" ? a - b : a * b;
        if (Number.isSafeInteger(r)) return r === 0 ? 0 : r;
    }
    const x = big(a), y = big(b);
    if (selector === "*" && bitLength(x) + bitLength(y) > maxIntegerBits + 1) checkSize(1n << BigInt(maxIntegerBits + 1), "*");
    return normalize(selector === "+" ? x + y : selector === "-" ? x - y : x * y);
}

function zeroCheck(a: StNumber, b: StNumber): void {
    if (b instanceof Float ? b.value === 0 : b == 0) throw new ZeroDivideError(a instanceof Float ? String(a.value) : String(a));
}

/** `/`: exact Integer quotient when there is one, else a Float. */
export function divide(a: StNumber, b: StNumber): StNumber {
    zeroCheck(a, b);
    if (a instanceof Float || b instanceof Float) return new Float(toDouble(a) / toDouble(b));
    if (typeof a === "number" && typeof b === "number") return a % b === 0 ? (a / b === 0 ? 0 : a / b) : new Float(a / b);
    const x = big(a), y = big(b);
    return x % y === 0n ? normalize(x / y) : new Float(Number(x) / Number(y));
}

/** `//` (quotient rounded toward negative infinity) and `\\` (its remainder, with the divisor's sign). */
export function floorDivMod(selector: "//" | "\\\\", a: StNumber, b: StNumber): StNumber {
    zeroCheck(a, b);
    if (a instanceof Float || b instanceof Float) {
        const x = toDouble(a), y = toDouble(b);
        const q = Math.floor(x / y);
        return selector === "//" ? floatToInteger(q, "floor") : new Float(x - q * y);
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
    if (typeof a === "number" && typeof b === "number") return selector === "quo:" ? ((a - (a % b)) / b) + 0 : (a % b) + 0;
    const x = big(a), y = big(b);
    return normalize(selector === "quo:" ? x / y : x % y);
}

/** Numeric comparison: negative, zero or positive; NaN when a Float NaN is involved. */
export function compare(a: StNumber, b: StNumber): number {
    const x = a instanceof Float ? a.value : a;
    const y = b instanceof Float ? b.value : b;
    if (Number.isNaN(x) || Number.isNaN(y)) return NaN;
    return x < y ? -1 : x > y ? 1 : 0;
}

export function negate(a: StNumber): StNumber {
    if (a instanceof Float) return new Float(-a.value);
    if (typeof a === "number") return a === 0 ? 0 : -a;
    return normalize(-a);
}

/** `raisedTo:` with an integer exponent stays exact; anything else is a Float. */
export function raisedTo(a: StNumber, b: StNumber): StNumber {
    if (isInteger(a) && isInteger(b)) {
        if (b < 0) return new Float(Math.pow(Number(a), Number(b)));
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
    const r = how === "truncated" ? Math.trunc(value) : how === "rounded" ? Math.round(value) : how === "floor" ? Math.floor(value) : Math.ceil(value);
    return Number.isSafeInteger(r) ? r + 0 : normalize(BigInt(r));
}

/** Smalltalk `=` between numbers: by value across representations (`3 = 3.0`). */
export function numberEquals(a: StNumber, b: StNumber): boolean {
    return compare(a, b) === 0;
}
