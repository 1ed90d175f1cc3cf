import {
    arith, bitLength, compare, divide, floatToInteger, floorDivMod, isInteger, isNumber, maxIntegerBits, negate, normalize,
    raisedTo, ratioToInteger, toDouble, truncDivMod
} from "../arithmetic.js";
import type {StNumber} from "../arithmetic.js";
import {classes} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {displayString, printString} from "../printString.js";
import {Character} from "../values/Character.js";
import {Float} from "../values/Float.js";
import {Fraction} from "../values/Fraction.js";
import {ScaledDecimal} from "../values/ScaledDecimal.js";
import {chargeFor, expectInteger, valueOf} from "./support.js";

function num(value: unknown, selector: string): StNumber {
    if (!isNumber(value)) throw new PrimitiveFailedError(selector, `the argument must be a Number, but was ${printString(value)}.`);
    return value;
}

function int(value: unknown, selector: string): number | bigint {
    if (!isInteger(value)) throw new PrimitiveFailedError(selector, `the argument must be an Integer, but was ${printString(value)}.`);
    return value;
}

function float(x: number): Float {
    return new Float(x);
}

/** `start to: stop by: step do: block` for any numbers (the inlined form covers SmallIntegers). */
function numericLoop(start: StNumber, stop: StNumber, step: StNumber, block: unknown, f: Frame, interpreter: Interpreter, from: StNumber = start): unknown {
    const ascending = compare(step, 0) > 0;
    if (compare(step, 0) === 0) throw new PrimitiveFailedError("to:by:do:", "the step must not be zero.");
    for (let i = from; ascending ? compare(i, stop) <= 0 : compare(i, stop) >= 0; i = arith("+", i, step)) {
        f.exec.charge(1);
        const r = valueOf(interpreter, block, [i], f);
        if (r instanceof Promise) {
            const next = arith("+", i, step);
            return r.then(() => numericLoop(start, stop, step, block, f, interpreter, next));
        }
    }
    return start;
}

/** `1 to: 5` answers an Array of the numbers (there is no separate Interval class). */

function timesRepeat(n: number, block: unknown, f: Frame, interpreter: Interpreter, from = 1): unknown {
    for (let i = from; i <= n; i++) {
        f.exec.charge(1);
        const r = valueOf(interpreter, block, [], f);
        if (r instanceof Promise) return r.then(() => timesRepeat(n, block, f, interpreter, i + 1));
    }
    return n;
}

function isPrime(n: number | bigint, f: Frame): boolean {
    if (typeof n === "bigint") throw new PrimitiveFailedError("isPrime", "only SmallIntegers can be tested.");
    if (n < 2) return false;
    if (n % 2 === 0) return n === 2;
    const limit = Math.floor(Math.sqrt(n));
    chargeFor(f, limit);
    for (let d = 3; d <= limit; d += 2) if (n % d === 0) return false;
    return true;
}

function gcd(a: bigint, b: bigint): bigint {
    if (a < 0n) a = -a;
    if (b < 0n) b = -b;
    while (b !== 0n) [a, b] = [b, a % b];
    return a;
}

function bits(selector: "bitAnd:" | "bitOr:" | "bitXor:", a: number | bigint, b: number | bigint): number | bigint {
    const x = BigInt(a), y = BigInt(b);
    return normalize(selector === "bitAnd:" ? x & y : selector === "bitOr:" ? x | y : x ^ y);
}

/** Arithmetic, comparison and the everyday Number protocol (Integer, Float). */
export function installNumberProtocol(): void {
    classes.Number.define<StNumber>({
        "+": (self, [b]) => arith("+", self, num(b, "+")),
        "-": (self, [b]) => arith("-", self, num(b, "-")),
        "*": (self, [b]) => arith("*", self, num(b, "*")),
        "/": (self, [b]) => divide(self, num(b, "/")),
        "//": (self, [b]) => floorDivMod("//", self, num(b, "//")),
        "\\\\": (self, [b]) => floorDivMod("\\\\", self, num(b, "\\\\")),
        "rem:": (self, [b]) => truncDivMod("rem:", self, num(b, "rem:")),
        "quo:": (self, [b]) => truncDivMod("quo:", self, num(b, "quo:")),
        "<": (self, [b]) => compare(self, num(b, "<")) < 0,
        ">": (self, [b]) => compare(self, num(b, ">")) > 0,
        "<=": (self, [b]) => compare(self, num(b, "<=")) <= 0,
        ">=": (self, [b]) => compare(self, num(b, ">=")) >= 0,
        "max:": (self, [b]) => compare(self, num(b, "max:")) >= 0 ? self : b,
        "min:": (self, [b]) => compare(self, num(b, "min:")) <= 0 ? self : b,
        "between:and:": (self, [lo, hi]) => compare(self, num(lo, "between:and:")) >= 0 && compare(self, num(hi, "between:and:")) <= 0,
        "abs": (self) => compare(self, 0) < 0 ? negate(self) : self,
        "negated": (self) => negate(self),
        "negative": (self) => compare(self, 0) < 0,
        "positive": (self) => compare(self, 0) >= 0,
        "strictlyPositive": (self) => compare(self, 0) > 0,
        "isZero": (self) => compare(self, 0) === 0,
        "sign": (self) => Math.sign(compare(self, 0)) || 0,
        "squared": (self) => arith("*", self, self),
        "sqrt": (self) => float(Math.sqrt(toDouble(self))),
        "raisedTo:": (self, [b]) => raisedTo(self, num(b, "raisedTo:")),
        "**": (self, [b]) => raisedTo(self, num(b, "**")),
        "exp": (self) => float(Math.exp(toDouble(self))),
        "ln": (self) => float(Math.log(toDouble(self))),
        "log": (self) => float(Math.log10(toDouble(self))),
        "log:": (self, [b]) => float(Math.log(toDouble(self)) / Math.log(toDouble(num(b, "log:")))),
        "sin": (self) => float(Math.sin(toDouble(self))),
        "cos": (self) => float(Math.cos(toDouble(self))),
        "tan": (self) => float(Math.tan(toDouble(self))),
        "arcTan": (self) => float(Math.atan(toDouble(self))),
        "reciprocal": (self) => divide(1, self),
        "asFloat": (self) => float(toDouble(self)),
        "asNumber": (self) => self,
        "asString": (self) => displayString(self),
        "isNumber": () => true,
        "even": (self) => isInteger(self) ? (typeof self === "bigint" ? self % 2n === 0n : self % 2 === 0) : toDouble(self) % 2 === 0,
        "odd": (self) => isInteger(self) ? (typeof self === "bigint" ? self % 2n !== 0n : self % 2 !== 0) : Math.abs(toDouble(self) % 2) === 1,
        "roundTo:": (self, [b]) => arith("*", divideRounded(self, num(b, "roundTo:")), b as StNumber),
        "truncateTo:": (self, [b]) => arith("*", truncDivMod("quo:", self, num(b, "truncateTo:")), b as StNumber),
        "to:do:": (self, [stop, block], f, interpreter) => numericLoop(self, num(stop, "to:do:"), 1, block, f, interpreter),
        "to:by:do:": (self, [stop, step, block], f, interpreter) => numericLoop(self, num(stop, "to:by:do:"), num(step, "to:by:do:"), block, f, interpreter),
        "printString:": (self, [radix]) => printInRadix(self, radix),
        "printStringRadix:": (self, [radix]) => `${expectInteger(radix, "printStringRadix:")}r${printInRadix(self, radix)}`
    });

    classes.Integer.define<number | bigint>({
        "isInteger": () => true,
        "asInteger": (self) => self,
        "truncated": (self) => self,
        "rounded": (self) => self,
        "floor": (self) => self,
        "ceiling": (self) => self,
        "factorial": (self, _args, f) => {
            if (typeof self !== "number" || self < 0) throw new PrimitiveFailedError("factorial", `factorial is defined for non-negative SmallIntegers, not ${printString(self)}.`);
            if (self > 20_000) throw new PrimitiveFailedError("factorial", `${self} factorial is too large for the interpreter's LargeInteger limit; use at most 20000.`);
            chargeFor(f, self * 16);
            let r = 1n;
            for (let i = 2n; i <= BigInt(self); i++) r *= i;
            return normalize(r);
        },
        "gcd:": (self, [b]) => normalize(gcd(BigInt(self), BigInt(int(b, "gcd:")))),
        "lcm:": (self, [b]) => {
            const x = BigInt(self), y = BigInt(int(b, "lcm:"));
            return x === 0n || y === 0n ? 0 : normalize((x < 0n ? -x : x) / gcd(x, y) * (y < 0n ? -y : y));
        },
        "isPrime": (self, _args, f) => isPrime(self, f),
        "bitAnd:": (self, [b]) => bits("bitAnd:", self, int(b, "bitAnd:")),
        "bitOr:": (self, [b]) => bits("bitOr:", self, int(b, "bitOr:")),
        "bitXor:": (self, [b]) => bits("bitXor:", self, int(b, "bitXor:")),
        "bitShift:": (self, [b]) => {
            const shift = expectInteger(b, "bitShift:");
            if (shift > 0 && bitLength(BigInt(self)) + shift > maxIntegerBits)
                throw new PrimitiveFailedError("bitShift:", `the result would have more than ${maxIntegerBits} bits.`);
            return normalize(shift >= 0 ? BigInt(self) << BigInt(shift) : BigInt(self) >> BigInt(-shift));
        },
        "asCharacter": (self) => {
            if (typeof self !== "number" || self < 0 || self > 0x10ffff) throw new PrimitiveFailedError("asCharacter", `${printString(self)} is not a Unicode code point.`);
            return Character.of(self);
        },
        "timesRepeat:": (self, [block], f, interpreter) => timesRepeat(expectInteger(self, "timesRepeat:", "receiver"), block, f, interpreter),
        "sqrtFloor": (self) => floatToInteger(Math.sqrt(Number(self)), "floor")
    });

    classes.Float.define<Float>({
        "isFloat": () => true,
        "isNaN": (self) => Number.isNaN(self.value),
        "isInfinite": (self) => self.value === Infinity || self.value === -Infinity,
        "truncated": (self) => floatToInteger(self.value, "truncated"),
        "asInteger": (self) => floatToInteger(self.value, "truncated"),
        "rounded": (self) => floatToInteger(self.value, "rounded"),
        "floor": (self) => floatToInteger(self.value, "floor"),
        "ceiling": (self) => floatToInteger(self.value, "ceiling"),
        "fractionPart": (self) => float(self.value - Math.trunc(self.value)),
        "integerPart": (self) => float(Math.trunc(self.value)),
        "roundTo:": (self, [b]) => float(Math.round(self.value / toDouble(num(b, "roundTo:"))) * toDouble(b as StNumber))
    });

    classes.Float.defineClassSide({
        "pi": () => float(Math.PI),
        "e": () => float(Math.E),
        "infinity": () => float(Infinity),
        "negativeInfinity": () => float(-Infinity),
        "nan": () => float(NaN)
    });
}

function divideRounded(a: StNumber, b: StNumber): StNumber {
    const q = divide(a, b);
    return q instanceof Float ? floatToInteger(q.value, "rounded") : q instanceof Fraction || q instanceof ScaledDecimal ? ratioToInteger(q, "rounded") : q;
}

function printInRadix(self: StNumber, radix: unknown): string {
    const base = expectInteger(radix, "printString:", "radix");
    if (base < 2 || base > 36) throw new PrimitiveFailedError("printString:", `the radix must be from 2 to 36, not ${base}.`);
    if (self instanceof Float) return self.value.toString(base);
    return self.toString(base).toUpperCase();
}
