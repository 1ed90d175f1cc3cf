import type {BlockNode, ExprNode} from "./ast.js";
import {smallIntegerOperation} from "./binaryFastPaths.js";
import type {Scope} from "./Compiler.js";
import type {Frame} from "./Frame.js";

/**
 * A block's body run without a context of its own: given the block's outer context and its
 * arguments, it answers the block's value, or undefined (never a Smalltalk value: nil is null)
 * when only the block's real activation can answer (an operand is not a SmallInteger, an
 * overflow, a zero divisor). A variable that somehow held undefined only sends the block the slow way.
 */
export type LeafCode = (outer: Frame, a: unknown, b: unknown) => unknown;

/** Deeper expressions are left to the block's real activation (and a flat expression of any length never recurses here deeply). */
const maxDepth = 6;

/**
 * The leaf form of a block whose body is one expression of SmallInteger arithmetic, comparisons
 * and identity tests (`[:x | x + 1]`, `[:a :b | a <= b]`, `[:x | x \\ 7 = k]`) over its
 * arguments, literals, `self` and variables of the contexts it closes over; null for any other
 * block. Such a body sends nothing, assigns nothing, reads no context and cannot fail on its inline
 * path, so running it without a context is invisible: when it cannot answer inline (it answers
 * undefined, having changed nothing) the block is activated as usual and evaluates from the
 * start, sending what the inline path did not compute. `scope` is the block's own scope, after its body
 * was compiled (the same names resolve to the same variables). Steps and the depth check are the
 * caller's, as for any block activation.
 */
export function compileLeafBlock(node: BlockNode, scope: Scope): LeafCode | null {
    if (node.temps.length > 0 || node.params.length > 2 || node.statements.length !== 1) return null;
    const statement = node.statements[0]!;
    return statement.kind === "return" ? null : leaf(statement, scope, node.params.length, 0);
}

function leaf(node: ExprNode, scope: Scope, numArgs: number, depth: number): LeafCode | null {
    const read = operand(node, scope, numArgs);
    if (read !== null) return read;
    if (node.kind !== "send" || node.args.length !== 1 || depth >= maxDepth) return null;
    if (node.receiver.kind === "variable" && node.receiver.name === "super") return null;
    const selector = node.selector;
    const receiver = leaf(node.receiver, scope, numArgs, depth + 1);
    const arg = leaf(node.args[0]!, scope, numArgs, depth + 1);
    if (receiver === null || arg === null) return null;
    if (selector === "==" || selector === "~~") {
        const same = selector === "==";
        return (o, a, b) => {
            const x = receiver(o, a, b);
            if (x === undefined) return x;
            const y = arg(o, a, b);
            return y === undefined ? y : (x === y) === same;
        };
    }
    const op = smallIntegerOperation(selector);
    if (op === null) return null;
    const literal = node.args[0]!;
    if (literal.kind === "literal" && typeof literal.value === "number" && isFirstArgument(node.receiver, scope, numArgs)) {
        const fused = firstArgumentWithLiteral(selector, literal.value);
        if (fused !== null) return fused;
    }
    return (o, a, b) => {
        const x = receiver(o, a, b);
        if (typeof x !== "number") return undefined;
        const y = arg(o, a, b);
        if (typeof y !== "number") return undefined;
        const r = op(x, y);
        // op answers a number or a Boolean, or the notInline object.
        return typeof r === "object" ? undefined : r;
    };
}

function isFirstArgument(node: ExprNode, scope: Scope, numArgs: number): boolean {
    if (node.kind !== "variable" || numArgs === 0) return false;
    const local = scope.resolve(node.name);
    return local !== null && local.hops === 0 && local.variable.slot === 0;
}

/** Reading an argument, a constant, `self` or a variable of an outer context; null for anything else. */
function operand(node: ExprNode, scope: Scope, numArgs: number): LeafCode | null {
    if (node.kind === "literal") {
        const value = node.value;
        return (typeof value === "number" && Number.isSafeInteger(value)) || typeof value === "boolean" || value === null ? () => value : null;
    }
    if (node.kind !== "variable") return null;
    switch (node.name) {
        case "self": return (o) => o.self;
        case "nil": return () => null;
        case "true": return () => true;
        case "false": return () => false;
        case "super": case "thisContext": return null;
        default: break;
    }
    const local = scope.resolve(node.name);
    if (local === null) return null;
    const {hops, variable: {slot}} = local;
    // The block's own slots: its arguments (it has no temporaries).
    if (hops === 0) return slot === 0 && numArgs > 0 ? (_o, a) => a : slot === 1 && numArgs > 1 ? (_o, _a, b) => b : null;
    switch (hops) {
        case 1: return (o) => o.vars[slot];
        case 2: return (o) => o.outer!.vars[slot];
        default: return (o) => {
            let frame = o;
            for (let i = 1; i < hops; i++) frame = frame.outer!;
            return frame.vars[slot];
        };
    }
}

/**
 * `x op k` on the first argument and a SmallInteger literal (`[:x | x + 1]`, `[:x | x > 3]`), the
 * commonest leaf: one closure per operator, so V8 sees one operation and no inner calls. Each answers
 * what smallIntegerOperation's form answers. Null for other operators.
 */
function firstArgumentWithLiteral(selector: string, k: number): LeafCode | null {
    switch (selector) {
        // Number.isSafeInteger rather than a range test, as in binaryFastPaths.
        case "+": return (_o, a) => {
            if (typeof a !== "number") return undefined;
            const r = a + k;
            return Number.isSafeInteger(r) ? r : undefined;
        };
        case "-": return (_o, a) => {
            if (typeof a !== "number") return undefined;
            const r = a - k;
            return Number.isSafeInteger(r) ? r : undefined;
        };
        case "<": return (_o, a) => typeof a === "number" ? a < k : undefined;
        case ">": return (_o, a) => typeof a === "number" ? a > k : undefined;
        case "<=": return (_o, a) => typeof a === "number" ? a <= k : undefined;
        case ">=": return (_o, a) => typeof a === "number" ? a >= k : undefined;
        case "=": return (_o, a) => typeof a === "number" ? a === k : undefined;
        default: return null;
    }
}
