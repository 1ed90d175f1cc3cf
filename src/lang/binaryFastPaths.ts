import type {Code, Frame} from "./Frame.js";
import type {Interpreter} from "./Interpreter.js";

const maxSafe = Number.MAX_SAFE_INTEGER;
const minSafe = Number.MIN_SAFE_INTEGER;

/**
 * Binary sends with an inline SmallInteger path: when both operands are SmallIntegers (plain JS
 * numbers) the answer is computed here without a dispatch; anything else (overflow, Floats,
 * LargeIntegers, strings, personas, Promises) takes the ordinary send. `==` and `~~` are
 * identity tests for every receiver and are never sent, as in Pharo.
 */
export function compileBinaryFastPath(interpreter: Interpreter, selector: string, receiver: Code, arg: Code): Code | null {
    const slow = (a: unknown, b: unknown, f: Frame): unknown =>
        b instanceof Promise ? b.then((v) => interpreter.send(a, selector, [v], f)) : interpreter.send(a, selector, [b], f);
    const general = (a: unknown, f: Frame): unknown =>
        a instanceof Promise ? a.then((v) => slow(v, arg(f), f)) : slow(a, arg(f), f);

    switch (selector) {
        case "+": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return general(a, f);
            const b = arg(f);
            if (typeof b === "number") {
                const r = a + b;
                if (r <= maxSafe && r >= minSafe) return r;
            }
            return slow(a, b, f);
        };
        case "-": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return general(a, f);
            const b = arg(f);
            if (typeof b === "number") {
                const r = a - b;
                if (r <= maxSafe && r >= minSafe) return r;
            }
            return slow(a, b, f);
        };
        case "*": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return general(a, f);
            const b = arg(f);
            if (typeof b === "number") {
                const r = a * b;
                if (r <= maxSafe && r >= minSafe) return r + 0;
            }
            return slow(a, b, f);
        };
        case "\\\\": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return general(a, f);
            const b = arg(f);
            if (typeof b === "number" && b > 0) {
                const r = a % b;
                return r < 0 ? r + b : r + 0;
            }
            return slow(a, b, f);
        };
        case "//": return (f) => {
            const a = receiver(f);
            if (typeof a !== "number") return general(a, f);
            const b = arg(f);
            if (typeof b === "number" && b > 0) {
                const r = a % b;
                return (a - (r < 0 ? r + b : r)) / b + 0;
            }
            return slow(a, b, f);
        };
        case "<": return comparison(receiver, arg, general, slow, (a, b) => a < b);
        case ">": return comparison(receiver, arg, general, slow, (a, b) => a > b);
        case "<=": return comparison(receiver, arg, general, slow, (a, b) => a <= b);
        case ">=": return comparison(receiver, arg, general, slow, (a, b) => a >= b);
        case "=": return comparison(receiver, arg, general, slow, (a, b) => a === b);
        case "~=": return comparison(receiver, arg, general, slow, (a, b) => a !== b);
        case "==": return identity(receiver, arg, true);
        case "~~": return identity(receiver, arg, false);
        default: return null;
    }
}

function comparison(
    receiver: Code, arg: Code,
    general: (a: unknown, f: Frame) => unknown,
    slow: (a: unknown, b: unknown, f: Frame) => unknown,
    test: (a: number, b: number) => boolean
): Code {
    return (f) => {
        const a = receiver(f);
        if (typeof a !== "number") return general(a, f);
        const b = arg(f);
        if (typeof b === "number") return test(a, b);
        return slow(a, b, f);
    };
}

function identity(receiver: Code, arg: Code, same: boolean): Code {
    const compare = (a: unknown, b: unknown): unknown =>
        b instanceof Promise ? b.then((v) => (a === v) === same) : (a === b) === same;
    return (f) => {
        const a = receiver(f);
        return a instanceof Promise ? a.then((v) => compare(v, arg(f))) : compare(a, arg(f));
    };
}
