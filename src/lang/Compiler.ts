import type {
    ArrayNode, AssignNode, BlockNode, CascadeNode, DoItNode, ExprNode, MethodNode, SendNode, StatementNode
} from "./ast.js";
import {BlockClosure} from "./BlockClosure.js";
import type {CompiledBlock} from "./BlockClosure.js";
import {compileBinaryFastPath, compileStoringSum, notInline, smallIntegerOperation} from "./binaryFastPaths.js";
import {compileBlockValue, compileStoringBlockValue} from "./blockValueSend.js";
import type {Code, Frame, FrameInfo} from "./Frame.js";
import {returnMarker} from "./Frame.js";
import {compileInlinedSend} from "./inlinedSends.js";
import {isCleanBlock} from "./isCleanBlock.js";
import {compileLeafBlock} from "./leafBlock.js";
import type {Interpreter} from "./Interpreter.js";
import {nonLocalReturn} from "./NonLocalReturn.js";
import {ParseError} from "./ParseError.js";
import {SendSite} from "./SendSite.js";
import type {StObject} from "./StClass.js";
import {andThen, evaluateAll, sequence} from "./sequence.js";

/**
 * What a method of a class sees besides its own variables: the instance variables of its
 * instances (their index in StObject.ivars) and the class variables of its class chain.
 */
export type ClassContext = {
    ivars: readonly string[],
    classVariable: (name: string) => {value: unknown} | undefined
};

/** A compiled method or do-it: run `body` in a fresh frame of `size` slots. */
export type CompiledCode = {
    info: FrameInfo,
    size: number,
    numArgs: number,
    body: Code
};

/** The slots of one run-time frame, shared by the scopes of blocks inlined into it. */
class FrameScope {
    public readonly names: string[] = [];

    public allocate(name: string): number {
        this.names.push(name);
        return this.names.length - 1;
    }
}

type Variable = {slot: number, writable: boolean};

/** Names visible at one point: a block's parameters and temporaries, then its outer scopes. */
export class Scope {
    public readonly vars = new Map<string, Variable>();

    public constructor(public readonly frame: FrameScope, public readonly parent: Scope | null) {}

    public declare(name: string, writable: boolean): number {
        const slot = this.frame.allocate(name);
        this.vars.set(name, {slot, writable});
        return slot;
    }

    /** Where `name` lives: how many frames out, which slot; null when it is not a local. */
    public resolve(name: string): {hops: number, variable: Variable} | null {
        const own = this.vars.get(name);
        if (own != null) return {hops: 0, variable: own};
        let hops = 0;
        let frame = this.frame;
        for (let scope = this.parent; scope != null; scope = scope.parent) {
            if (scope.frame !== frame) {
                hops++;
                frame = scope.frame;
            }
            const variable = scope.vars.get(name);
            if (variable != null) return {hops, variable};
        }
        return null;
    }
}


/** Sends chained on one receiver (`a + b + c …`, `x foo bar …`) longer than this compile to one loop, not nested closures. */
const longChain = 32;

/**
 * I compile syntax trees into closures: each node becomes a `(frame) => value` function, with
 * variables resolved to frame slots at compile time, literal blocks of control messages inlined
 * (ifTrue:, whileTrue:, to:do:, and:, timesRepeat:, ifNil:…) and SmallInteger arithmetic inline.
 * A `^` inside an inlined block at statement level answers the return marker instead of throwing.
 * Long chains of sends run in a loop, so a flat expression of any length compiles and runs
 * without deep JavaScript recursion. Nothing here builds JavaScript source: no eval, no Function.
 */
export class Compiler {
    private frameScope = new FrameScope();
    /** The scope of a do-it's own frame, where it declares the names it assigns without declaring them; null in a method. */
    private root: Scope | null = null;
    private kind: FrameInfo["kind"] = "doit";
    private selector: string | null = null;
    /** Compiling a method (not a do-it): undeclared lower-case names of a persona method are its slots. */
    private method = false;

    private constructor(
        public readonly interpreter: Interpreter,
        public readonly source: string,
        /** Workspace variables of a do-it, or null in a method. */
        private readonly bindings: Map<string, unknown> | null,
        /**
         * A class's method: its instance and class variables. null for a persona method, whose
         * other lower-case names are the persona's slots (read and written as variables).
         */
        private readonly classContext: ClassContext | null = null
    ) {}

    /** A method of a persona (`context` null: its slots are variables) or of a class (its instance and class variables). */
    public static compileMethod(interpreter: Interpreter, node: MethodNode, context: ClassContext | null = null): CompiledCode {
        const compiler = new Compiler(interpreter, node.source, null, context);
        compiler.kind = "method";
        compiler.method = true;
        compiler.selector = node.selector;
        const scope = new Scope(compiler.frameScope, null);
        for (const name of node.argNames) scope.declare(name, false);
        for (const name of node.temps) scope.declare(name, true);
        const body = compiler.body(node.body, scope, "method", true);
        return {info: compiler.info(node.argNames.length, 0, node.source.length), size: compiler.frameScope.names.length, numArgs: node.argNames.length, body};
    }

    public static compileDoIt(interpreter: Interpreter, node: DoItNode, bindings: Map<string, unknown> | null): CompiledCode {
        const compiler = new Compiler(interpreter, node.source, bindings);
        const scope = new Scope(compiler.frameScope, null);
        for (const name of node.temps) scope.declare(name, true);
        compiler.root = scope;
        const body = compiler.body(node.statements, scope, "doit", true);
        return {info: compiler.info(0, 0, node.source.length), size: compiler.frameScope.names.length, numArgs: 0, body};
    }

    private info(numArgs: number, start: number, end: number): FrameInfo {
        return {kind: this.kind, selector: this.selector, names: this.frameScope.names, numArgs, source: this.source, start, end};
    }

    /**
     * Statements as one Code. In a method a top-level `^` ends it and a method without one answers
     * self; a do-it answers its last value. `tail` says the statements' values are not used by an
     * expression (they are statements of the method, do-it or block, or of blocks inlined at that
     * level): there a `^` answers the return marker; elsewhere it throws a NonLocalReturn.
     */
    public body(statements: readonly StatementNode[], scope: Scope, mode: "method" | "doit" | "block", tail: boolean): Code {
        const codes: Code[] = [];
        let returned = false;
        for (const statement of statements) {
            if (statement.kind === "return" && mode !== "block") {
                // The method's (or do-it's) own `^`: its value is the body's answer.
                codes.push(this.expression(statement.value, scope, true));
                returned = true;
                break;
            }
            codes.push(this.statement(statement, scope, tail));
        }
        if (mode === "method" && !returned) codes.push((f) => f.self);
        return sequence(codes);
    }

    public statement(node: StatementNode, scope: Scope, tail: boolean): Code {
        if (node.kind !== "return") return this.expression(node, scope, tail);
        const value = this.expression(node.value, scope, tail);
        if (tail) {
            const store = (f: Frame, v: unknown): unknown => {
                if (typeof v === "object" && v === returnMarker) return v;
                f.ret = v;
                return returnMarker;
            };
            return (f) => {
                const v = value(f);
                return v instanceof Promise ? v.then((x) => store(f, x)) : store(f, v);
            };
        }
        return (f) => andThen(value(f), (v) => nonLocalReturn(f, v));
    }

    public expression(node: ExprNode, scope: Scope, tail = false): Code {
        switch (node.kind) {
            case "literal": {
                const value = node.value;
                return () => value;
            }
            case "variable": return this.variable(node.name, scope, node.start);
            case "assign": return this.assign(node, scope);
            case "send": return this.send(node, scope, tail);
            case "cascade": return this.cascade(node, scope);
            case "block": return this.block(node, scope);
            case "array": return this.array(node, scope);
            default: return node satisfies never;
        }
    }

    private variable(name: string, scope: Scope, at: number): Code {
        switch (name) {
            case "self":
            case "super":
                return (f) => f.self;
            case "nil": return () => null;
            case "true": return () => true;
            case "false": return () => false;
            case "thisContext": return (f) => {
                f.escape();
                return f;
            };
            default: break;
        }
        const local = scope.resolve(name);
        if (local != null) {
            const {hops, variable: {slot}} = local;
            switch (hops) {
                case 0: return (f) => f.vars[slot];
                case 1: return (f) => f.outer!.vars[slot];
                case 2: return (f) => f.outer!.outer!.vars[slot];
                default: return (f) => outerFrame(f, hops).vars[slot];
            }
        }
        const interpreter = this.interpreter;
        const context = this.classContext;
        if (context != null) {
            const index = context.ivars.lastIndexOf(name);
            if (index >= 0) return (f) => (f.self as StObject).ivars[index] ?? null;
            const cell = context.classVariable(name);
            if (cell != null) return () => cell.value;
        } else if (this.method && isSlotName(name)) {
            return (f) => interpreter.readSlotVariable(name, f, at);
        }
        const bindings = this.bindings;
        return (f) => interpreter.readGlobal(name, bindings, f, at);
    }

    private assign(node: AssignNode, scope: Scope): Code {
        // A do-it without a workspace declares a lower-case name it assigns, as Pharo's Playground does: a temporary of the do-it.
        if (this.root !== null && this.bindings == null && isSlotName(node.name) && scope.resolve(node.name) == null) this.root.declare(node.name, true);
        const early = scope.resolve(node.name);
        if (early != null && early.hops === 0 && early.variable.writable) {
            const stored = this.storingSend(node.value, scope, early.variable.slot);
            if (stored != null) return stored;
        }
        const value = this.expression(node.value, scope);
        const local = scope.resolve(node.name);
        if (local != null) {
            const {hops, variable: {slot, writable}} = local;
            if (!writable) throw new ParseError(`Cannot assign to the argument ${node.name}: arguments are read-only. Copy it into a temporary`, node.nameStart, this.source);
            if (hops === 0) return (f) => {
                const v = value(f);
                if (v instanceof Promise) return v.then((x) => (f.vars[slot] = x));
                f.vars[slot] = v;
                return v;
            };
            return (f) => andThen(value(f), (x) => (outerFrame(f, hops).vars[slot] = x));
        }
        const interpreter = this.interpreter;
        const bindings = this.bindings;
        const name = node.name;
        const at = node.nameStart;
        const context = this.classContext;
        if (context != null) {
            const index = context.ivars.lastIndexOf(name);
            if (index >= 0) return (f) => andThen(value(f), (x) => ((f.self as StObject).ivars[index] = x));
            const cell = context.classVariable(name);
            if (cell != null) return (f) => andThen(value(f), (x) => (cell.value = x));
        } else if (this.method && isSlotName(name)) {
            return (f) => andThen(value(f), (x) => interpreter.writeSlotVariable(name, x, f, at));
        }
        if (bindings == null) throw new ParseError(`Undeclared variable ${name}: declare it with | ${name} | before the statements`, node.nameStart, this.source);
        return (f) => andThen(value(f), (x) => interpreter.writeBinding(name, x, bindings, f, at));
    }

    /**
     * `x := …` into slot `into` of the running frame, for the sends whose answer can be stored by
     * their own node (`s := b value: s`, `sum := sum + …`); null for any other value.
     */
    private storingSend(node: ExprNode, scope: Scope, into: number): Code | null {
        if (node.kind !== "send" || (node.receiver.kind === "variable" && node.receiver.name === "super")) return null;
        const receiverSlot = ownSlot(node.receiver, scope);
        if (receiverSlot === null) return null;
        const arg = node.args[0];
        if (node.selector === "value" || node.selector === "value:")
            return compileStoringBlockValue(this.interpreter, receiverSlot, arg == null ? null : ownSlot(arg, scope), arg == null ? 0 : 1, node.selectorStart, into);
        if ((node.selector === "+" || node.selector === "-") && arg != null) {
            const literal = arg.kind === "literal" && Number.isSafeInteger(arg.value) ? arg.value as number : null;
            return compileStoringSum(this.interpreter, node.selector, receiverSlot, this.expression(arg, scope), literal, node.selectorStart, into);
        }
        return null;
    }

    private send(node: SendNode, scope: Scope, tail: boolean): Code {
        const isSuper = node.receiver.kind === "variable" && node.receiver.name === "super";
        if (!isSuper) {
            const inlined = compileInlinedSend(this, node, scope, tail);
            if (inlined != null) return inlined;
            if (node.receiver.kind === "send" && chainLength(node) > longChain) return this.chain(node, scope);
        }
        const receiver = this.expression(node.receiver, scope);
        const args = node.args.map((arg) => this.expression(arg, scope));
        if (!isSuper && (node.selector === "value" || node.selector === "value:")) {
            const arg = node.args[0];
            return compileBlockValue(this.interpreter, {slot: ownSlot(node.receiver, scope), code: receiver},
                arg == null ? null : {slot: ownSlot(arg, scope), code: args[0]!}, node.selectorStart);
        }
        if (!isSuper && args.length === 1) {
            const literal = node.args[0]!.kind === "literal" && Number.isSafeInteger(node.args[0]!.value) ? node.args[0]!.value as number : null;
            const operands = {receiverSlot: ownSlot(node.receiver, scope), literal};
            const fast = compileBinaryFastPath(this.interpreter, node.selector, receiver, args[0]!, node.selectorStart, operands);
            if (fast != null) return fast;
        }
        return this.sendCode(receiver, node.selector, args, node.selectorStart, isSuper);
    }

    /** A general send: receiver, then arguments left to right, then dispatch from position `at`. */
    public sendCode(receiver: Code, selector: string, args: readonly Code[], at: number, isSuper = false): Code {
        const interpreter = this.interpreter;
        if (isSuper) return (f) => andThen(receiver(f), () => evaluateAll(args, f, (values) => {
            f.at = at;
            return interpreter.superSend(f, selector, values);
        }));
        // Sends of none or one argument go through their site's inline cache (see SendSite).
        switch (args.length) {
            case 0: {
                const site = new SendSite(selector);
                return (f) => {
                    const r = receiver(f);
                    if (r instanceof Promise) return r.then((v) => {
                        f.at = at;
                        return interpreter.sendAt(site, v, 0, null, f);
                    });
                    f.at = at;
                    return interpreter.sendAt(site, r, 0, null, f);
                };
            }
            case 1: {
                const arg = args[0]!;
                const site = new SendSite(selector);
                const withReceiver = (r: unknown, f: Frame): unknown => {
                    const a = arg(f);
                    if (a instanceof Promise) return a.then((v) => {
                        f.at = at;
                        return interpreter.sendAt(site, r, 1, v, f);
                    });
                    f.at = at;
                    return interpreter.sendAt(site, r, 1, a, f);
                };
                return (f) => {
                    const r = receiver(f);
                    return r instanceof Promise ? r.then((v) => withReceiver(v, f)) : withReceiver(r, f);
                };
            }
            default:
                return (f) => andThen(receiver(f), (r) => evaluateAll(args, f, (values) => {
                    f.at = at;
                    return interpreter.send(r, selector, values, f);
                }));
        }
    }

    /**
     * A long chain of sends to the result of the previous one (`1 + 1 + 1 …`, `x foo bar …`): the
     * innermost receiver, then each message in turn, in one loop. Its messages are sent as they
     * are written (none inlined), SmallInteger arithmetic still inline.
     */
    private chain(node: SendNode, scope: Scope): Code {
        const sends: SendNode[] = [];
        let base: ExprNode = node;
        while (base.kind === "send" && !(base.receiver.kind === "variable" && base.receiver.name === "super")) {
            sends.push(base);
            base = base.receiver;
        }
        sends.reverse();
        const receiver = this.expression(base, scope);
        const links = sends.map((send) => ({
            selector: send.selector,
            args: send.args.map((a) => this.expression(a, scope)),
            at: send.selectorStart,
            op: send.args.length === 1 ? smallIntegerOperation(send.selector) : null
        }));
        const interpreter = this.interpreter;
        const run = (f: Frame, start: unknown, from: number): unknown => {
            let v = start;
            for (let i = from; i < links.length; i++) {
                if (v instanceof Promise) return v.then((x) => run(f, x, i));
                const link = links[i]!;
                if (link.args.length === 1) {
                    const a = link.args[0]!(f);
                    if (a instanceof Promise) {
                        const r = v;
                        v = a.then((x) => {
                            f.at = link.at;
                            return interpreter.send(r, link.selector, [x], f);
                        });
                        continue;
                    }
                    if (link.op != null && typeof v === "number" && typeof a === "number") {
                        const r = link.op(v, a);
                        if (r !== notInline) {
                            v = r;
                            continue;
                        }
                    }
                    f.at = link.at;
                    v = interpreter.send(v, link.selector, [a], f);
                } else {
                    const r = v;
                    v = evaluateAll(link.args, f, (values) => {
                        f.at = link.at;
                        return interpreter.send(r, link.selector, values, f);
                    });
                }
            }
            return v;
        };
        return (f) => run(f, receiver(f), 0);
    }

    private cascade(node: CascadeNode, scope: Scope): Code {
        const isSuper = node.receiver.kind === "variable" && node.receiver.name === "super";
        const receiver = this.expression(node.receiver, scope);
        const interpreter = this.interpreter;
        const messages = node.messages.map((m) => ({selector: m.selector, at: m.start, args: m.args.map((a) => this.expression(a, scope))}));
        const last = messages.length - 1;
        const sendFrom = (r: unknown, f: Frame, from: number): unknown => {
            for (let i = from; i <= last; i++) {
                const message = messages[i]!;
                const answer = evaluateAll(message.args, f, (values) => {
                    f.at = message.at;
                    return isSuper ? interpreter.superSend(f, message.selector, values) : interpreter.send(r, message.selector, values, f);
                });
                if (i === last) return answer;
                if (answer instanceof Promise) return answer.then(() => sendFrom(r, f, i + 1));
            }
            return null;
        };
        return (f) => andThen(receiver(f), (r) => sendFrom(r, f, 0));
    }

    private array(node: ArrayNode, scope: Scope): Code {
        const elements = node.elements.map((e) => this.expression(e, scope));
        return (f) => evaluateAll(elements, f, (values) => values);
    }

    /** A real (not inlined) block: compiled once, closed over the current frame each time it is evaluated. */
    private block(node: BlockNode, scope: Scope): Code {
        const outerFrameScope = this.frameScope;
        const outerKind = this.kind;
        this.frameScope = new FrameScope();
        this.kind = "block";
        try {
            const inner = new Scope(this.frameScope, scope);
            for (const name of node.params) inner.declare(name, false);
            for (const name of node.temps) inner.declare(name, true);
            const body = this.body(node.statements, inner, "block", true);
            const source = this.source.slice(node.start, node.end);
            const compiled: CompiledBlock = {
                numArgs: node.params.length, info: this.info(node.params.length, node.start, node.end), size: this.frameScope.names.length,
                argSlots: [], tempSlots: [], body, source, clean: isCleanBlock(node, (name) => scope.resolve(name) != null),
                leaf: compileLeafBlock(node, inner)
            };
            return (f) => {
                f.escape();
                return new BlockClosure(compiled, f);
            };
        } finally {
            this.frameScope = outerFrameScope;
            this.kind = outerKind;
        }
    }

    /**
     * A literal block inlined into the current frame: its parameters and temporaries become
     * slots of the enclosing frame. Answers the compiled block (size -1) so a fallback path can
     * still reify it as a BlockClosure sharing the frame. `tail`: see body().
     */
    public inlineBlock(node: BlockNode, scope: Scope, tail: boolean): CompiledBlock {
        const inner = new Scope(this.frameScope, scope);
        const argSlots = node.params.map((name) => inner.declare(name, false));
        const tempSlots = node.temps.map((name) => inner.declare(name, true));
        let body = this.body(node.statements, inner, "block", tail);
        if (tempSlots.length > 0) {
            const run = body;
            body = (f) => {
                for (const slot of tempSlots) f.vars[slot] = null;
                return run(f);
            };
        }
        const source = this.source.slice(node.start, node.end);
        return {numArgs: node.params.length, info: this.info(node.params.length, node.start, node.end), size: -1, argSlots, tempSlots, body, source, clean: false, leaf: null};
    }
}

/** A name that, undeclared in a persona's method, is one of the persona's slots: it starts with a lower-case letter. */
function isSlotName(name: string): boolean {
    return /^[a-z_]/.test(name);
}

const pseudoVariables: ReadonlySet<string> = new Set(["self", "super", "nil", "true", "false", "thisContext"]);

/** The slot of `node` when it is a temporary or argument of the running frame itself (no hops), else null. */
function ownSlot(node: ExprNode, scope: Scope): number | null {
    if (node.kind !== "variable" || pseudoVariables.has(node.name)) return null;
    const local = scope.resolve(node.name);
    return local != null && local.hops === 0 ? local.variable.slot : null;
}

/** How many sends are chained on one receiver, counted without recursion. */
function chainLength(node: SendNode): number {
    let n = 0;
    for (let e: ExprNode = node; e.kind === "send"; e = e.receiver) n++;
    return n;
}

function outerFrame(f: Frame, hops: number): Frame {
    let frame = f;
    for (let i = 0; i < hops; i++) frame = frame.outer!;
    return frame;
}
