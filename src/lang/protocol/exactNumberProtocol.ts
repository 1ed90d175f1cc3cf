import {arith, asScaledDecimal, compare, exact, floatRatio, isInteger, isNumber, ratioToInteger, toDouble} from "../arithmetic.js";
import type {StNumber} from "../arithmetic.js";
import {classes} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import type {Frame} from "../Frame.js";
import {printString} from "../printString.js";
import {Float} from "../values/Float.js";
import {Fraction} from "../values/Fraction.js";
import {Interval} from "../values/Interval.js";
import {Point} from "../values/Point.js";
import {RandomGenerator} from "../values/RandomGenerator.js";
import {ScaledDecimal} from "../values/ScaledDecimal.js";
import {chargeFor, expectInteger, mapItems, valueOf} from "./support.js";
import {andThen} from "../sequence.js";
import {stEquals, stHash} from "../equality.js";

function num(value: unknown, selector: string): StNumber {
    if (!isNumber(value)) throw new PrimitiveFailedError(selector, `the argument must be a Number, but was ${printString(value)}.`);
    return value;
}

/** A ScaledDecimal's scale: 0 to 1000 digits. */
function scaleArg(value: unknown): number {
    const scale = expectInteger(value, "asScaledDecimal:", "scale");
    if (scale < 0 || scale > 1000) throw new PrimitiveFailedError("asScaledDecimal:", `the scale must be from 0 to 1000 digits, not ${scale}.`);
    return scale;
}

/** `1 to: 10 by: 2`: an Interval whose elements are computed when needed. */
export function makeInterval(start: StNumber, stop: StNumber, step: StNumber, f: Frame): Interval {
    if (compare(step, 0) === 0) throw new PrimitiveFailedError("to:by:", "the step must not be zero.");
    return new Interval(start, stop, step, () => {
        const count = Math.floor((toDouble(stop) - toDouble(start)) / toDouble(step)) + 1;
        if (count > 10_000_000) throw new PrimitiveFailedError("to:", `the interval would hold ${count} numbers; at most 10,000,000.`);
        chargeFor(f, Math.max(count, 0));
        const items: unknown[] = [];
        for (let i = 0; i < count; i++) items.push(arith("+", start, arith("*", step, i)));
        return items;
    });
}

/** Padded to `width` with `pad` on the left (`5 printPaddedWith: $0 to: 3` is '005'). */
function padded(text: string, pad: unknown, width: unknown): string {
    const w = expectInteger(width, "printPaddedWith:to:");
    const c = printString(pad).slice(1);
    const negative = text.startsWith("-");
    const digits = negative ? text.slice(1) : text;
    return (negative ? "-" : "") + digits.padStart(w - (negative ? 1 : 0), c);
}

/** Point arithmetic: with a Point coordinate-wise, with a Number on both coordinates. */
function pointOp(selector: "+" | "-" | "*" | "/", self: Point, other: unknown, f: Frame, i: Parameters<typeof valueOf>[0]): unknown {
    const [ox, oy] = other instanceof Point ? [other.x, other.y] : [other, other];
    return andThen(i.send(self.x, selector, [ox], f), (x) => andThen(i.send(self.y, selector, [oy], f), (y) => new Point(x, y)));
}

/** Fractions, ScaledDecimals, Points, Random, and the Number protocol that needs them. */
export function installExactNumberProtocol(): void {
    classes.Number.define<StNumber>({
        "@": (self, [y]) => new Point(self, y),
        "asPoint": (self) => new Point(self, self),
        "isFraction": () => false,
        "asScaledDecimal:": (self, [scale]) => asScaledDecimal(self, scaleArg(scale)),
        "asExactFraction": (self) => self instanceof Float ? exact(...floatRatio(self.value), null) : self,
        "asFraction": (self) => self instanceof Float ? exact(...floatRatio(self.value), null) : self,
        "printStringBase:": (self, [radix], f, i) => i.send(self, "printString:", [radix], f),
        "printPaddedWith:to:": (self, [pad, width]) => padded(printString(self), pad, width),
        "storeString": (self) => printString(self),
        "to:": (self, [stop], f) => makeInterval(self, num(stop, "to:"), 1, f),
        "to:by:": (self, [stop, step], f) => makeInterval(self, num(stop, "to:by:"), num(step, "to:by:"), f),
        "to:collect:": (self, [stop, block], f, i) => mapItems(makeInterval(self, num(stop, "to:collect:"), 1, f).elements(), (x) => valueOf(i, block, [x], f)),
        "isLiteral": (self) => !(self instanceof Fraction)
    });
    classes.Integer.define<number | bigint>({
        "numerator": (self) => self,
        "denominator": () => 1,
        "printPaddedWith:to:": (self, [pad, width]) => padded(String(self), pad, width),
        "printString:": (self, [radix]) => {
            const base = expectInteger(radix, "printString:", "radix");
            if (base < 2 || base > 36) throw new PrimitiveFailedError("printString:", `the radix must be from 2 to 36, not ${base}.`);
            return self.toString(base).toUpperCase();
        },
        "printStringHex": (self) => self.toString(16).toUpperCase(),
        "asScaledDecimal:": (self, [scale]) => new ScaledDecimal(BigInt(self), 1n, scaleArg(scale))
    });
    const ratioProtocol = {
        "numerator": (self: Fraction | ScaledDecimal) => exact(self.numerator, 1n, null),
        "denominator": (self: Fraction | ScaledDecimal) => exact(self.denominator, 1n, null),
        "truncated": (self: Fraction | ScaledDecimal) => ratioToInteger(self, "truncated"),
        "asInteger": (self: Fraction | ScaledDecimal) => ratioToInteger(self, "truncated"),
        "rounded": (self: Fraction | ScaledDecimal) => ratioToInteger(self, "rounded"),
        "floor": (self: Fraction | ScaledDecimal) => ratioToInteger(self, "floor"),
        "ceiling": (self: Fraction | ScaledDecimal) => ratioToInteger(self, "ceiling"),
        "asFraction": (self: Fraction | ScaledDecimal) => exact(self.numerator, self.denominator, null),
        "asExactFraction": (self: Fraction | ScaledDecimal) => exact(self.numerator, self.denominator, null)
    };
    classes.Fraction.define<Fraction>({...ratioProtocol, "isFraction": () => true});
    classes.ScaledDecimal.define<ScaledDecimal>({
        ...ratioProtocol,
        "scale": (self) => self.scale,
        "isLiteral": () => true
    });
    classes.Fraction.defineClassSide({
        "numerator:denominator:": (_self, [n, d]) => {
            if (!isInteger(n) || !isInteger(d)) throw new PrimitiveFailedError("numerator:denominator:", "both must be Integers.");
            return exact(BigInt(n), BigInt(d), null);
        }
    });

    classes.Point.define<Point>({
        "x": (self) => self.x,
        "y": (self) => self.y,
        "+": (self, [b], f, i) => pointOp("+", self, b, f, i),
        "-": (self, [b], f, i) => pointOp("-", self, b, f, i),
        "*": (self, [b], f, i) => pointOp("*", self, b, f, i),
        "/": (self, [b], f, i) => pointOp("/", self, b, f, i),
        "=": (self, [b]) => b instanceof Point && stEquals(self.x, b.x) && stEquals(self.y, b.y),
        "hash": (self) => stHash(self.x) ^ (stHash(self.y) << 1),
        "abs": (self, _a, f, i) => andThen(i.send(self.x, "abs", [], f), (x) => andThen(i.send(self.y, "abs", [], f), (y) => new Point(x, y))),
        "transposed": (self) => new Point(self.y, self.x),
        "dist:": (self, [b]) => {
            if (!(b instanceof Point) || !isNumber(self.x) || !isNumber(self.y) || !isNumber(b.x) || !isNumber(b.y))
                throw new PrimitiveFailedError("dist:", "both must be Points of numbers.");
            return new Float(Math.hypot(toDouble(self.x) - toDouble(b.x), toDouble(self.y) - toDouble(b.y)));
        },
        "isPoint": () => true,
        "asPoint": (self) => self
    });
    classes.Point.defineClassSide({
        "x:y:": (_self, [x, y]) => new Point(x, y),
        "new": () => new Point(0, 0)
    });

    classes.Random.define<RandomGenerator>({
        "next": (self) => new Float(self.next()),
        "nextInteger:": (self, [n]) => {
            const limit = expectInteger(n, "nextInteger:");
            if (limit < 1) throw new PrimitiveFailedError("nextInteger:", `the limit must be at least 1, not ${limit}.`);
            return self.nextInteger(limit);
        },
        "between:and:": (self, [lo, hi]) => {
            const a = expectInteger(lo, "between:and:"), b = expectInteger(hi, "between:and:");
            return a + self.nextInteger(b - a + 1) - 1;
        },
        "seed": (self) => self.seed
    });
    classes.Random.defineClassSide({
        "new": () => new RandomGenerator(Date.now() ^ Math.floor(Math.random() * 2 ** 30)),
        "seed:": (_self, [seed]) => new RandomGenerator(expectInteger(seed, "seed:"))
    });
}
