import type {BlockNode, ExprNode, SendNode} from "./ast.js";
import {BlockClosure} from "./BlockClosure.js";
import type {CompiledBlock} from "./BlockClosure.js";
import type {Compiler, Scope} from "./Compiler.js";
import {SmalltalkRuntimeError, StepBudgetExceededError} from "./errors.js";
import type {Code, Frame} from "./Frame.js";
import {printString} from "./printString.js";
import {andThen} from "./sequence.js";

function literalBlock(node: ExprNode | undefined, numArgs: number | readonly number[]): node is BlockNode {
    if (node == null || node.kind !== "block") return false;
    return typeof numArgs === "number" ? node.params.length === numArgs : numArgs.includes(node.params.length);
}

function step(f: Frame): void {
    const exec = f.exec;
    if (++exec.steps > exec.budget) throw new StepBudgetExceededError(exec.budget);
}

function notBoolean(selector: string, value: unknown): SmalltalkRuntimeError {
    return new SmalltalkRuntimeError(`${selector} expects its condition block to answer true or false, but it answered ${printString(value)}.`);
}

/**
 * Control messages whose block arguments are literal blocks compile to inline JavaScript control
 * flow (as Pharo's compiler inlines them): no block objects, no sends, one step per loop
 * iteration. When the receiver is not what the inlined form expects (ifTrue: to a non-Boolean,
 * to:do: from a Float) the blocks are reified and the message is sent normally, so the answer
 * or the MessageNotUnderstood is exactly what a real send gives. Answers null when `node` is not
 * an inlinable send.
 */
export function compileInlinedSend(c: Compiler, node: SendNode, scope: Scope): Code | null {
    const [a0, a1, a2] = node.args;
    const selector = node.selector;
    switch (selector) {
        case "ifTrue:": case "ifFalse:": case "and:": case "or:":
            if (!literalBlock(a0, 0)) return null;
            break;
        case "ifTrue:ifFalse:": case "ifFalse:ifTrue:":
            if (!literalBlock(a0, 0) || !literalBlock(a1, 0)) return null;
            break;
        case "whileTrue:": case "whileFalse:":
            if (!literalBlock(node.receiver, 0) || !literalBlock(a0, 0)) return null;
            break;
        case "whileTrue": case "whileFalse": case "repeat":
            if (!literalBlock(node.receiver, 0)) return null;
            break;
        case "timesRepeat:":
            if (!literalBlock(a0, 0)) return null;
            break;
        case "to:do:":
            if (!literalBlock(a1, 1)) return null;
            break;
        case "to:by:do:":
            if (!literalBlock(a2, 1) || a1?.kind !== "literal" || typeof a1.value !== "number" || a1.value === 0) return null;
            break;
        case "ifNil:":
            if (!literalBlock(a0, 0)) return null;
            break;
        case "ifNotNil:":
            if (!literalBlock(a0, [0, 1])) return null;
            break;
        case "ifNil:ifNotNil:":
            if (!literalBlock(a0, 0) || !literalBlock(a1, [0, 1])) return null;
            break;
        case "ifNotNil:ifNil:":
            if (!literalBlock(a0, [0, 1]) || !literalBlock(a1, 0)) return null;
            break;
        default:
            return null;
    }

    const interpreter = c.interpreter;
    if (selector === "whileTrue:" || selector === "whileFalse:" || selector === "whileTrue" || selector === "whileFalse" || selector === "repeat")
        return whileLoop(c, node, scope);

    const receiver = c.expression(node.receiver, scope);
    // Blocks are inlined in source order, after the receiver, so slots follow the text.
    const inlineOrExpression = (arg: ExprNode): CompiledBlock | Code =>
        arg.kind === "block" ? c.inlineBlock(arg, scope) : c.expression(arg, scope);
    const parts = node.args.map(inlineOrExpression);
    const blocks = parts.filter((p): p is CompiledBlock => typeof p !== "function");
    const fallback = (r: unknown, f: Frame, values: readonly unknown[] = []): unknown => {
        let v = 0;
        const args = parts.map((p) => typeof p === "function" ? values[v++] : new BlockClosure(p, f));
        return interpreter.send(r, selector, args, f);
    };
    const withReceiver = (run: (r: unknown, f: Frame) => unknown): Code =>
        (f) => {
            const r = receiver(f);
            return r instanceof Promise ? r.then((v) => run(v, f)) : run(r, f);
        };

    switch (selector) {
        case "ifTrue:": {
            const body = blocks[0]!.body;
            return withReceiver((r, f) => r === true ? body(f) : r === false ? null : fallback(r, f));
        }
        case "ifFalse:": {
            const body = blocks[0]!.body;
            return withReceiver((r, f) => r === false ? body(f) : r === true ? null : fallback(r, f));
        }
        case "ifTrue:ifFalse:": case "ifFalse:ifTrue:": {
            const first = blocks[0]!.body, second = blocks[1]!.body;
            const [whenTrue, whenFalse] = selector === "ifTrue:ifFalse:" ? [first, second] : [second, first];
            return withReceiver((r, f) => r === true ? whenTrue(f) : r === false ? whenFalse(f) : fallback(r, f));
        }
        case "and:": {
            const body = blocks[0]!.body;
            return withReceiver((r, f) => r === true ? body(f) : r === false ? false : fallback(r, f));
        }
        case "or:": {
            const body = blocks[0]!.body;
            return withReceiver((r, f) => r === false ? body(f) : r === true ? true : fallback(r, f));
        }
        case "ifNil:": {
            const body = blocks[0]!.body;
            return withReceiver((r, f) => r == null ? body(f) : r);
        }
        case "ifNotNil:": {
            const notNil = blocks[0]!;
            return withReceiver((r, f) => r == null ? null : runWith(notNil, r, f));
        }
        case "ifNil:ifNotNil:": case "ifNotNil:ifNil:": {
            const nilBlock = selector === "ifNil:ifNotNil:" ? blocks[0]! : blocks[1]!;
            const notNil = selector === "ifNil:ifNotNil:" ? blocks[1]! : blocks[0]!;
            return withReceiver((r, f) => r == null ? nilBlock.body(f) : runWith(notNil, r, f));
        }
        case "timesRepeat:": {
            const body = blocks[0]!.body;
            const loop = (r: unknown, f: Frame, from: number): unknown => {
                if (typeof r !== "number") return fallback(r, f);
                for (let i = from; i <= r; i++) {
                    step(f);
                    const out = body(f);
                    if (out instanceof Promise) return out.then(() => loop(r, f, i + 1));
                }
                return r;
            };
            return withReceiver((r, f) => loop(r, f, 1));
        }
        case "to:do:": case "to:by:do:": {
            const limit = parts[0] as Code;
            const by = selector === "to:by:do:" ? (a1 as {value: number}).value : 1;
            const block = blocks[0]!;
            const slot = block.argSlots[0]!;
            const body = block.body;
            const loop = (start: number, end: number, from: number, f: Frame): unknown => {
                const vars = f.vars;
                const exec = f.exec;
                if (by > 0) {
                    for (let i = from; i <= end; i += by) {
                        if (++exec.steps > exec.budget) throw new StepBudgetExceededError(exec.budget);
                        vars[slot] = i;
                        const out = body(f);
                        if (out instanceof Promise) return out.then(() => loop(start, end, i + by, f));
                    }
                } else {
                    for (let i = from; i >= end; i += by) {
                        if (++exec.steps > exec.budget) throw new StepBudgetExceededError(exec.budget);
                        vars[slot] = i;
                        const out = body(f);
                        if (out instanceof Promise) return out.then(() => loop(start, end, i + by, f));
                    }
                }
                return start;
            };
            const numeric = typeof by === "number" && Number.isSafeInteger(by);
            return withReceiver((r, f) => andThen(limit(f), (end) =>
                numeric && typeof r === "number" && typeof end === "number" && Number.isSafeInteger(end + by)
                    ? loop(r, end, r, f)
                    : fallback(r, f, selector === "to:by:do:" ? [end, by] : [end])));
        }
        default:
            return null;
    }
}

/** Runs an inlined one-or-zero-argument block with `value` as its argument. */
function runWith(block: CompiledBlock, value: unknown, f: Frame): unknown {
    if (block.numArgs === 1) f.vars[block.argSlots[0]!] = value;
    return block.body(f);
}

function whileLoop(c: Compiler, node: SendNode, scope: Scope): Code {
    const selector = node.selector;
    const condition = c.inlineBlock(node.receiver as BlockNode, scope).body;
    const body = node.args[0] != null ? c.inlineBlock(node.args[0] as BlockNode, scope).body : null;
    if (selector === "repeat") {
        const repeat = (f: Frame): unknown => {
            for (;;) {
                step(f);
                const out = condition(f);
                if (out instanceof Promise) return out.then(() => repeat(f));
            }
        };
        return repeat;
    }
    const want = selector === "whileTrue:" || selector === "whileTrue";
    const afterCondition = (value: unknown, f: Frame): unknown => {
        if (value !== want) {
            if (value === !want) return null;
            throw notBoolean(selector, value);
        }
        return body == null ? loop(f) : andThen(body(f), () => loop(f));
    };
    const loop = (f: Frame): unknown => {
        for (;;) {
            step(f);
            const value = condition(f);
            if (value instanceof Promise) return value.then((v) => afterCondition(v, f));
            if (value !== want) {
                if (value === !want) return null;
                throw notBoolean(selector, value);
            }
            if (body != null) {
                const out = body(f);
                if (out instanceof Promise) return out.then(() => loop(f));
            }
        }
    };
    return loop;
}
