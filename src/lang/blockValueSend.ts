import {isBlockClosure} from "./BlockClosure.js";
import type {Code, Frame} from "./Frame.js";
import type {Interpreter} from "./Interpreter.js";

const noArgs: readonly unknown[] = Object.freeze([]);

/**
 * Where the compiler found an operand of `value:`: a temporary or argument of the running frame
 * (its slot), or something else (its code). A slot holds a value, never a Promise, so reading it
 * needs no call and no check.
 */
export type Operand = {slot: number | null, code: Code};

/**
 * `value` and `value:` as one node: a block of that many arguments is called at once
 * (Interpreter.callBlock01: no argument array, no dispatch); any other receiver gets the real
 * send, so `value` to a non-block, a block of another arity, a Promise in flight all behave as
 * the ordinary send does. The receiver is evaluated before the argument, as written. Operands in
 * slots of the running frame are read directly: the common `b value: x` makes no inner call.
 */
export function compileBlockValue(interpreter: Interpreter, receiver: Operand, arg: Operand | null, at: number): Code {
    const selector = arg == null ? "value" : "value:";
    const send = (r: unknown, numArgs: 0 | 1, a: unknown, f: Frame): unknown => {
        f.at = at;
        return isBlockClosure(r) ? interpreter.callBlock01(r, numArgs, a, f) : interpreter.send(r, selector, numArgs === 0 ? noArgs : [a], f);
    };
    const rs = receiver.slot, rc = receiver.code;
    if (arg == null) {
        if (rs !== null) return (f) => {
            const r = f.vars[rs];
            f.at = at;
            return isBlockClosure(r) ? interpreter.callBlock01(r, 0, null, f) : interpreter.send(r, selector, noArgs, f);
        };
        return (f) => {
            const r = rc(f);
            return r instanceof Promise ? r.then((v) => send(v, 0, null, f)) : send(r, 0, null, f);
        };
    }
    const as = arg.slot, ac = arg.code;
    if (rs !== null && as !== null) return (f) => {
        const vars = f.vars;
        const r = vars[rs];
        f.at = at;
        return isBlockClosure(r) ? interpreter.callBlock01(r, 1, vars[as], f) : interpreter.send(r, selector, [vars[as]], f);
    };
    if (rs !== null) return (f) => {
        const r = f.vars[rs];
        const a = ac(f);
        if (a instanceof Promise) return a.then((v) => send(r, 1, v, f));
        f.at = at;
        return isBlockClosure(r) ? interpreter.callBlock01(r, 1, a, f) : interpreter.send(r, selector, [a], f);
    };
    return (f) => {
        const r = rc(f);
        if (r instanceof Promise) return r.then((v) => {
            const a = ac(f);
            return a instanceof Promise ? a.then((x) => send(v, 1, x, f)) : send(v, 1, a, f);
        });
        const a = ac(f);
        return a instanceof Promise ? a.then((v) => send(r, 1, v, f)) : send(r, 1, a, f);
    };
}

/**
 * `x := b value: y` (or `x := b value`) with b, y and x in slots of the running frame: the call
 * and the store in one node (the commonest shape in loops). Null for any other shape.
 */
export function compileStoringBlockValue(interpreter: Interpreter, receiverSlot: number | null, argSlot: number | null, numArgs: 0 | 1, at: number, into: number): Code | null {
    if (receiverSlot === null || (numArgs === 1 && argSlot === null)) return null;
    const rs = receiverSlot, as = argSlot ?? 0;
    const selector = numArgs === 0 ? "value" : "value:";
    return (f) => {
        const vars = f.vars;
        const r = vars[rs];
        const a = numArgs === 0 ? null : vars[as];
        f.at = at;
        const v = isBlockClosure(r) ? interpreter.callBlock01(r, numArgs, a, f) : interpreter.send(r, selector, numArgs === 0 ? noArgs : [a], f);
        if (typeof v === "object" && v instanceof Promise) return v.then((x) => (f.vars[into] = x));
        vars[into] = v;
        return v;
    };
}
