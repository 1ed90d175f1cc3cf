import type {BlockNode, ExprNode, SendNode, StatementNode} from "./ast.js";
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
 * The literal blocks of `node` that the compiler inlines, or null when `node` is not sent
 * inline. This is the one rule for what gets inlined, shared with the capture check.
 */
export function inlinedBlocks(node: SendNode): BlockNode[] | null {
    const [a0, a1, a2] = node.args;
    const selector = node.selector;
    switch (selector) {
        case "ifTrue:": case "ifFalse:": case "and:": case "or:": case "timesRepeat:": case "ifNil:":
            if (!literalBlock(a0, 0)) return null;
            break;
        case "ifTrue:ifFalse:": case "ifFalse:ifTrue:":
            if (!literalBlock(a0, 0) || !literalBlock(a1, 0)) return null;
            break;
        case "whileTrue:": case "whileFalse:":
            if (!literalBlock(node.receiver, 0) || !literalBlock(a0, 0)) return null;
            return [node.receiver, a0];
        case "whileTrue": case "whileFalse": case "repeat":
            if (!literalBlock(node.receiver, 0)) return null;
            return [node.receiver];
        case "to:do:":
            if (!literalBlock(a1, 1)) return null;
            break;
        case "to:by:do:":
            if (!literalBlock(a2, 1) || a1?.kind !== "literal" || typeof a1.value !== "number" || a1.value === 0) return null;
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
    return node.args.filter((n): n is BlockNode => n.kind === "block");
}

/**
 * True when a name declared by `block` (a parameter or temporary) is used inside a real,
 * non-inlined block nested in it. Such a block must keep its own frame per evaluation, so
 * that `1 to: 3 do: [:i | list add: [i]]` captures 1, 2 and 3 rather than one shared slot.
 */
function capturedByRealBlock(block: BlockNode): boolean {
    const names = new Set([...block.params, ...block.temps]);
    if (names.size === 0) return false;
    const declaredBy = (b: BlockNode, shadowed: ReadonlySet<string>): ReadonlySet<string> => {
        const redeclared = [...b.params, ...b.temps].filter((n) => names.has(n));
        return redeclared.length === 0 ? shadowed : new Set([...shadowed, ...redeclared]);
    };
    const visit = (node: StatementNode, inReal: boolean, shadowed: ReadonlySet<string>): boolean => {
        switch (node.kind) {
            case "literal": return false;
            case "variable": return inReal && names.has(node.name) && !shadowed.has(node.name);
            case "assign": return (inReal && names.has(node.name) && !shadowed.has(node.name)) || visit(node.value, inReal, shadowed);
            case "return": return visit(node.value, inReal, shadowed);
            case "array": return node.elements.some((e) => visit(e, inReal, shadowed));
            case "cascade": return visit(node.receiver, inReal, shadowed) || node.messages.some((m) => m.args.some((a) => visit(a, inReal, shadowed)));
            case "block": return node.statements.some((st) => visit(st, true, declaredBy(node, shadowed)));
            case "send": {
                const inlined = inlinedBlocks(node) ?? [];
                const part = (p: ExprNode): boolean => p.kind === "block" && inlined.includes(p)
                    ? p.statements.some((st) => visit(st, inReal, declaredBy(p, shadowed)))
                    : visit(p, inReal, shadowed);
                return part(node.receiver) || node.args.some(part);
            }
            default: return node satisfies never;
        }
    };
    return block.statements.some((st) => visit(st, false, new Set()));
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
    const selector = node.selector;
    const inlined = inlinedBlocks(node);
    if (inlined == null || inlined.some(capturedByRealBlock)) return null;
    const a1 = node.args[1];

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
