import type {BlockNode, ExprNode, SendNode, StatementNode} from "./ast.js";
import {BlockClosure} from "./BlockClosure.js";
import type {CompiledBlock} from "./BlockClosure.js";
import type {Compiler, Scope} from "./Compiler.js";
import type {Interpreter} from "./Interpreter.js";
import {SmalltalkRuntimeError} from "./errors.js";
import type {Code, Frame} from "./Frame.js";
import {returnMarker} from "./Frame.js";
import {printString} from "./printString.js";
import {loopShape, numberLoop} from "./numberLoop.js";
import {andThen} from "./sequence.js";

function literalBlock(node: ExprNode | undefined, numArgs: number | readonly number[]): node is BlockNode {
    if (node == null || node.kind !== "block") return false;
    return typeof numArgs === "number" ? node.params.length === numArgs : numArgs.includes(node.params.length);
}

/** Counts one loop iteration; answers a Promise when the run should let the event loop have a turn first. */
function step(f: Frame, interpreter: Interpreter, at: number): Promise<void> | undefined {
    const exec = f.exec;
    if (++exec.steps <= exec.budget) return undefined;
    f.at = at;
    return interpreter.checkpoint(f);
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
 * Walks the tree with an explicit stack, so a flat expression of any length is fine.
 */
function capturedByRealBlock(block: BlockNode): boolean {
    const names = new Set([...block.params, ...block.temps]);
    if (names.size === 0) return false;
    const declaredBy = (b: BlockNode, shadowed: ReadonlySet<string>): ReadonlySet<string> => {
        const redeclared = [...b.params, ...b.temps].filter((n) => names.has(n));
        return redeclared.length === 0 ? shadowed : new Set([...shadowed, ...redeclared]);
    };
    type Item = {node: StatementNode, inReal: boolean, shadowed: ReadonlySet<string>};
    const stack: Item[] = block.statements.map((node) => ({node, inReal: false, shadowed: new Set<string>()}));
    const uses = (name: string, item: Item) => item.inReal && names.has(name) && !item.shadowed.has(name);
    while (stack.length > 0) {
        const item = stack.pop()!;
        const {node, inReal, shadowed} = item;
        switch (node.kind) {
            case "literal": break;
            case "variable":
                if (uses(node.name, item)) return true;
                break;
            case "assign":
                if (uses(node.name, item)) return true;
                stack.push({node: node.value, inReal, shadowed});
                break;
            case "return": stack.push({node: node.value, inReal, shadowed}); break;
            case "array": for (const e of node.elements) stack.push({node: e, inReal, shadowed}); break;
            case "cascade":
                stack.push({node: node.receiver, inReal, shadowed});
                for (const m of node.messages) for (const a of m.args) stack.push({node: a, inReal, shadowed});
                break;
            case "block": {
                const inner = declaredBy(node, shadowed);
                for (const st of node.statements) stack.push({node: st, inReal: true, shadowed: inner});
                break;
            }
            case "send": {
                const inlined = inlinedBlocks(node) ?? [];
                for (const part of [node.receiver, ...node.args]) {
                    if (part.kind === "block" && inlined.includes(part)) {
                        const inner = declaredBy(part, shadowed);
                        for (const st of part.statements) stack.push({node: st, inReal, shadowed: inner});
                    } else stack.push({node: part, inReal, shadowed});
                }
                break;
            }
            default: return node satisfies never;
        }
    }
    return false;
}

/**
 * Control messages whose block arguments are literal blocks compile to inline JavaScript control
 * flow (as Pharo's compiler inlines them): no block objects, no sends, one step per loop
 * iteration. When the receiver is not what the inlined form expects (ifTrue: to a non-Boolean,
 * to:do: from a Float) the blocks are reified and the message is sent normally, so the answer
 * or the MessageNotUnderstood is exactly what a real send gives. Answers null when `node` is not
 * an inlinable send. `tail`: the send is at statement level (see Compiler.body), so a `^` in its
 * blocks answers the return marker, which every form here passes straight out.
 */
export function compileInlinedSend(c: Compiler, node: SendNode, scope: Scope, tail: boolean): Code | null {
    const selector = node.selector;
    const inlined = inlinedBlocks(node);
    if (inlined == null || inlined.some(capturedByRealBlock)) return null;
    const a1 = node.args[1];
    const at = node.selectorStart;

    const interpreter = c.interpreter;
    if (selector === "whileTrue:" || selector === "whileFalse:" || selector === "whileTrue" || selector === "whileFalse" || selector === "repeat")
        return whileLoop(c, node, scope, tail);

    const receiver = c.expression(node.receiver, scope);
    // Blocks are inlined in source order, after the receiver, so slots follow the text.
    const inlineOrExpression = (arg: ExprNode): CompiledBlock | Code =>
        arg.kind === "block" ? c.inlineBlock(arg, scope, tail) : c.expression(arg, scope);
    const parts = node.args.map(inlineOrExpression);
    const blocks = parts.filter((p): p is CompiledBlock => typeof p !== "function");
    const fallback = (r: unknown, f: Frame, values: readonly unknown[] = []): unknown => {
        f.escape();
        let v = 0;
        const args = parts.map((p) => typeof p === "function" ? values[v++] : new BlockClosure(p, f));
        f.at = at;
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
                    const wait = step(f, interpreter, at);
                    if (wait !== undefined) return wait.then(() => loop(r, f, i));
                    const out = body(f);
                    if (out === returnMarker) return out;
                    if (out instanceof Promise) return out.then((v) => v === returnMarker ? v : loop(r, f, i + 1));
                }
                return r;
            };
            return withReceiver((r, f) => loop(r, f, 1));
        }
        case "to:do:": case "to:by:do:": {
            const limit = parts[0] as Code;
            const by = selector === "to:by:do:" ? (a1 as {value: number}).value : 1;
            const block = blocks[0]!;
            const loop = numberLoop(interpreter, at, by, block.argSlots[0]!, block.body, loopShape(node.args[node.args.length - 1] as BlockNode));
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

function whileLoop(c: Compiler, node: SendNode, scope: Scope, tail: boolean): Code {
    const selector = node.selector;
    const interpreter = c.interpreter;
    const at = node.selectorStart;
    // The condition's value is tested, so a `^` in it cannot use the return marker.
    const condition = c.inlineBlock(node.receiver as BlockNode, scope, selector === "repeat" && tail).body;
    const body = node.args[0] != null ? c.inlineBlock(node.args[0] as BlockNode, scope, tail).body : null;
    if (selector === "repeat") {
        const repeat = (f: Frame): unknown => {
            for (;;) {
                const wait = step(f, interpreter, at);
                if (wait !== undefined) return wait.then(() => repeat(f));
                const out = condition(f);
                if (out === returnMarker) return out;
                if (out instanceof Promise) return out.then((v) => v === returnMarker ? v : repeat(f));
            }
        };
        return repeat;
    }
    const want = selector === "whileTrue:" || selector === "whileTrue";
    const notBoolean = (value: unknown, f: Frame): unknown => {
        f.at = at;
        return interpreter.raise(new SmalltalkRuntimeError(`${selector} expects its condition block to answer true or false, but it answered ${printString(value)}.`), f);
    };
    const afterCondition = (value: unknown, f: Frame): unknown => {
        if (value !== want) return value === !want ? null : notBoolean(value, f);
        if (body == null) return loop(f);
        return andThen(body(f), (v) => v === returnMarker ? v : loop(f));
    };
    const loop = (f: Frame): unknown => {
        for (;;) {
            const wait = step(f, interpreter, at);
            if (wait !== undefined) return wait.then(() => loop(f));
            const value = condition(f);
            if (value instanceof Promise) return value.then((v) => afterCondition(v, f));
            if (value !== want) return value === !want ? null : notBoolean(value, f);
            if (body != null) {
                const out = body(f);
                if (out === returnMarker) return out;
                if (out instanceof Promise) return out.then((v) => v === returnMarker ? v : loop(f));
            }
        }
    };
    return loop;
}
