import type {Code, Frame} from "./Frame.js";
import type {Interpreter} from "./Interpreter.js";

// Results are tested with Number.isSafeInteger, not a range test: V8 folds it away for a sum it knows to be a small
// integer (the common case), where it compiled the range test as two float comparisons.

/**
 * What the compiler knows of a binary send's operands: the receiver is a temporary or argument
 * of the running frame (its slot), the argument a SmallInteger literal. Such sends run as one
 * closure, without calling the closures of their operands.
 */
export type Operands = {receiverSlot: number | null, literal: number | null};
const noOperands: Operands = {receiverSlot: null, literal: null};

/** Answered by a SmallInteger operation that cannot answer inline (overflow, a zero divisor): the send is made instead. */
export const notInline: object = Object.freeze({notInline: true});

/**
 * The inline SmallInteger form of a binary selector: both operands are plain safe-integer
 * numbers; the answer is the result, or `notInline` when only the real send can answer.
 */
export function smallIntegerOperation(selector: string): ((a: number, b: number) => unknown) | null {
    switch (selector) {
        case "+": return (a, b) => {
            const r = a + b;
            return Number.isSafeInteger(r) ? r : notInline;
        };
        case "-": return (a, b) => {
            const r = a - b;
            return Number.isSafeInteger(r) ? r : notInline;
        };
        case "*": return (a, b) => {
            const r = a * b;
            return Number.isSafeInteger(r) ? r + 0 : notInline;
        };
        case "\\\\": return (a, b) => {
            if (b <= 0) return notInline;
            const r = a % b;
            return r < 0 ? r + b : r + 0;
        };
        case "//": return (a, b) => {
            if (b <= 0) return notInline;
            const r = a % b;
            return (a - (r < 0 ? r + b : r)) / b + 0;
        };
        case "<": return (a, b) => a < b;
        case ">": return (a, b) => a > b;
        case "<=": return (a, b) => a <= b;
        case ">=": return (a, b) => a >= b;
        case "=": return (a, b) => a === b;
        case "~=": return (a, b) => a !== b;
        default: return null;
    }
}

/**
 * Binary sends with an inline SmallInteger path: when both operands are SmallIntegers (plain JS
 * numbers that are integers) the answer is computed here without a dispatch; anything else
 * (overflow, Floats, LargeIntegers, strings, personas, Promises) takes the ordinary send. `==` and
 * `~~` are identity tests for every receiver and are never sent, as in Pharo.
 */
export function compileBinaryFastPath(interpreter: Interpreter, selector: string, receiver: Code, arg: Code, at: number, operands: Operands = noOperands): Code | null {
    if (selector === "==") return identity(receiver, arg, true);
    if (selector === "~~") return identity(receiver, arg, false);
    const op = smallIntegerOperation(selector);
    if (op == null) return null;
    const slow = (a: unknown, b: unknown, f: Frame): unknown => {
        if (b instanceof Promise) return b.then((v) => slow(a, v, f));
        f.at = at;
        return interpreter.send(a, selector, [b], f);
    };
    const slot = operands.receiverSlot, b = operands.literal;
    // The receiver a temporary of this frame (read before the argument runs, as the order of evaluation says) or the argument a SmallInteger literal: one closure, no calls to the operands' closures.
    switch (selector) {
        case "+":
            if (slot !== null && b !== null) return (f) => {
                const a = f.vars[slot];
                if (typeof a === "number") {
                    const r = a + b;
                    if (Number.isSafeInteger(r)) return r;
                }
                return slow(a, b, f);
            };
            if (slot !== null) return (f) => {
                const a = f.vars[slot];
                const v = arg(f);
                if (typeof a === "number" && typeof v === "number") {
                    const r = a + v;
                    if (Number.isSafeInteger(r)) return r;
                }
                return slow(a, v, f);
            };
            break;
        case "-":
            if (slot !== null && b !== null) return (f) => {
                const a = f.vars[slot];
                if (typeof a === "number") {
                    const r = a - b;
                    if (Number.isSafeInteger(r)) return r;
                }
                return slow(a, b, f);
            };
            break;
        case "<":
            if (slot !== null && b !== null) return (f) => {
                const a = f.vars[slot];
                return typeof a === "number" ? a < b : slow(a, b, f);
            };
            break;
        case "\\\\":
            if (slot !== null && b !== null && b > 0) return (f) => {
                const a = f.vars[slot];
                if (typeof a === "number") {
                    const r = a % b;
                    return r < 0 ? r + b : r + 0;
                }
                return slow(a, b, f);
            };
            break;
        default: break;
    }
    // The four arithmetic operators and the comparisons get their own closure each, so V8 sees one operation per site.
    switch (selector) {
        case "+": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            if (typeof b === "number") {
                const r = a + b;
                if (Number.isSafeInteger(r)) return r;
            }
            return slow(a, b, f);
        };
        case "-": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            if (typeof b === "number") {
                const r = a - b;
                if (Number.isSafeInteger(r)) return r;
            }
            return slow(a, b, f);
        };
        case "<": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            return typeof b === "number" ? a < b : slow(a, b, f);
        };
        case ">": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            return typeof b === "number" ? a > b : slow(a, b, f);
        };
        case "<=": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            return typeof b === "number" ? a <= b : slow(a, b, f);
        };
        case ">=": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            return typeof b === "number" ? a >= b : slow(a, b, f);
        };
        case "=": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            return typeof b === "number" ? a === b : slow(a, b, f);
        };
        case "\\\\": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            if (typeof b === "number" && b > 0) {
                const r = a % b;
                return r < 0 ? r + b : r + 0;
            }
            return slow(a, b, f);
        };
        default: return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);
            const b = arg(f);
            if (typeof b === "number") {
                const r = op(a, b);
                if (r !== notInline) return r;
            }
            return slow(a, b, f);
        };
    }
}

function identity(receiver: Code, arg: Code, same: boolean): Code {
    const compare = (a: unknown, b: unknown): unknown =>
        b instanceof Promise ? b.then((v) => (a === v) === same) : (a === b) === same;
    return (f) => {
        const a = receiver(f);
        return a instanceof Promise ? a.then((v) => compare(v, arg(f))) : compare(a, arg(f));
    };
}

/**
 * `x := y + e` and `x := y - e` with x and y in slots of the running frame (`sum := sum + …`,
 * `i := i - 1`): the SmallInteger sum is computed and stored in one node; anything else takes the
 * real send and stores its answer. Null for other selectors.
 */
export function compileStoringSum(interpreter: Interpreter, selector: string, receiverSlot: number, arg: Code, literal: number | null, at: number, into: number): Code | null {
    if (selector !== "+" && selector !== "-") return null;
    const slow = (a: unknown, b: unknown, f: Frame): unknown => {
        if (b instanceof Promise) return b.then((v) => slow(a, v, f));
        f.at = at;
        const v = interpreter.send(a, selector, [b], f);
        return v instanceof Promise ? v.then((x) => (f.vars[into] = x)) : (f.vars[into] = v);
    };
    const rs = receiverSlot;
    if (literal !== null) {
        const b = selector === "+" ? literal : -literal;
        // a - b as a + (-b): exact for safe integers, and the same overflow test.
        return (f) => {
            const vars = f.vars;
            const a = vars[rs];
            if (typeof a === "number") {
                const r = a + b;
                if (Number.isSafeInteger(r)) return (vars[into] = r);
            }
            return slow(a, literal, f);
        };
    }
    if (selector === "+") return (f) => {
        const a = f.vars[rs];
        const b = arg(f);
        if (typeof a === "number" && typeof b === "number") {
            const r = a + b;
            if (Number.isSafeInteger(r)) return (f.vars[into] = r);
        }
        return slow(a, b, f);
    };
    return (f) => {
        const a = f.vars[rs];
        const b = arg(f);
        if (typeof a === "number" && typeof b === "number") {
            const r = a - b;
            if (Number.isSafeInteger(r)) return (f.vars[into] = r);
        }
        return slow(a, b, f);
    };
}
