import type {
    ArrayNode, AssignNode, BlockNode, CascadeNode, DoItNode, ExprNode, MethodNode, SendNode, StatementNode
} from "./ast.js";
import {BlockClosure} from "./BlockClosure.js";
import type {CompiledBlock} from "./BlockClosure.js";
import {ContextView} from "./ContextView.js";
import {BlockCannotReturnError} from "./errors.js";
import type {Code, Frame, FrameInfo} from "./Frame.js";
import {compileInlinedSend} from "./inlinedSends.js";
import type {Interpreter} from "./Interpreter.js";
import {NonLocalReturn} from "./NonLocalReturn.js";
import {ParseError} from "./ParseError.js";
import {andThen, evaluateAll, sequence} from "./sequence.js";
import {compileBinaryFastPath} from "./binaryFastPaths.js";

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

const noArgs: readonly unknown[] = Object.freeze([]);

/**
 * I compile syntax trees into closures: each node becomes a `(frame) => value` function, with
 * variables resolved to frame slots at compile time, literal blocks of control messages inlined
 * (ifTrue:, whileTrue:, to:do:, and:, timesRepeat:, ifNil:…) and SmallInteger arithmetic inline.
 * Nothing here builds JavaScript source: no eval, no Function.
 */
export class Compiler {
    private frameScope = new FrameScope();
    private kind: FrameInfo["kind"] = "doit";
    private selector: string | null = null;

    private constructor(
        public readonly interpreter: Interpreter,
        public readonly source: string,
        /** Workspace variables of a do-it, or null in a method. */
        private readonly bindings: Map<string, unknown> | null
    ) {}

    public static compileMethod(interpreter: Interpreter, node: MethodNode): CompiledCode {
        const compiler = new Compiler(interpreter, node.source, null);
        compiler.kind = "method";
        compiler.selector = node.selector;
        const scope = new Scope(compiler.frameScope, null);
        for (const name of node.argNames) scope.declare(name, false);
        for (const name of node.temps) scope.declare(name, true);
        const body = compiler.body(node.body, scope, "method");
        return {info: compiler.info(node.source), size: compiler.frameScope.names.length, numArgs: node.argNames.length, body};
    }

    public static compileDoIt(interpreter: Interpreter, node: DoItNode, bindings: Map<string, unknown> | null): CompiledCode {
        const compiler = new Compiler(interpreter, node.source, bindings);
        const scope = new Scope(compiler.frameScope, null);
        for (const name of node.temps) scope.declare(name, true);
        const body = compiler.body(node.statements, scope, "doit");
        return {info: compiler.info(node.source), size: compiler.frameScope.names.length, numArgs: 0, body};
    }

    private info(source: string): FrameInfo {
        return {kind: this.kind, selector: this.selector, names: this.frameScope.names, source};
    }

    /**
     * Statements as one Code. In a method a top-level `^` ends it and a method without one answers
     * self; a do-it answers its last value; a block's `^` is a non-local return to its home.
     */
    public body(statements: readonly StatementNode[], scope: Scope, mode: "method" | "doit" | "block", track = true): Code {
        const codes: Code[] = [];
        let returned = false;
        for (const statement of statements) {
            if (statement.kind === "return" && mode !== "block") {
                codes.push(this.located(this.expression(statement.value, scope), statement.start, track));
                returned = true;
                break;
            }
            codes.push(this.located(this.statement(statement, scope), statement.start, track));
        }
        if (mode === "method" && !returned) {
            codes.push((f) => f.self);
        }
        return sequence(codes);
    }

    /** Records the statement's offset in the frame before running it, for errorPosition. */
    private located(code: Code, offset: number, track: boolean): Code {
        if (!track) return code;
        return (f) => {
            f.at = offset;
            return code(f);
        };
    }

    public statement(node: StatementNode, scope: Scope): Code {
        if (node.kind !== "return") return this.expression(node, scope);
        const value = this.expression(node.value, scope);
        return (f) => andThen(value(f), (v) => nonLocalReturn(f, v));
    }

    public expression(node: ExprNode, scope: Scope): Code {
        switch (node.kind) {
            case "literal": {
                const value = node.value;
                return () => value;
            }
            case "variable": return this.variable(node.name, scope);
            case "assign": return this.assign(node, scope);
            case "send": return this.send(node, scope);
            case "cascade": return this.cascade(node, scope);
            case "block": return this.block(node, scope);
            case "array": return this.array(node, scope);
            default: return node satisfies never;
        }
    }

    private variable(name: string, scope: Scope): Code {
        switch (name) {
            case "self":
            case "super":
                return (f) => f.self;
            case "nil": return () => null;
            case "true": return () => true;
            case "false": return () => false;
            case "thisContext": return (f) => new ContextView(f);
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
        const bindings = this.bindings;
        return () => interpreter.readGlobal(name, bindings);
    }

    private assign(node: AssignNode, scope: Scope): Code {
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
        if (bindings == null) throw new ParseError(`Undeclared variable ${name}: declare it with | ${name} | before the statements`, node.nameStart, this.source);
        return (f) => andThen(value(f), (x) => interpreter.writeBinding(name, x, bindings));
    }

    private send(node: SendNode, scope: Scope): Code {
        const isSuper = node.receiver.kind === "variable" && node.receiver.name === "super";
        if (!isSuper) {
            const inlined = compileInlinedSend(this, node, scope);
            if (inlined != null) return inlined;
        }
        const receiver = this.expression(node.receiver, scope);
        const args = node.args.map((arg) => this.expression(arg, scope));
        if (!isSuper && args.length === 1) {
            const fast = compileBinaryFastPath(this.interpreter, node.selector, receiver, args[0]!);
            if (fast != null) return fast;
        }
        return this.sendCode(receiver, node.selector, args, isSuper);
    }

    /** A general send: receiver, then arguments left to right, then dispatch. */
    public sendCode(receiver: Code, selector: string, args: readonly Code[], isSuper = false): Code {
        const interpreter = this.interpreter;
        if (isSuper) return (f) => andThen(receiver(f), () => evaluateAll(args, f, (values) => interpreter.superSend(f, selector, values)));
        // `value`, `value:`: a block receiver is called directly (the step is counted by callBlock).
        if (selector === "value" || selector === "value:") {
            const arg = args[0];
            const call = (r: unknown, values: readonly unknown[], f: Frame): unknown =>
                r instanceof BlockClosure ? interpreter.callBlock(r, values, f) : interpreter.send(r, selector, values, f);
            if (arg == null) return (f) => andThen(receiver(f), (r) => call(r, noArgs, f));
            return (f) => {
                const r = receiver(f);
                if (r instanceof Promise) return r.then((v) => andThen(arg(f), (a) => call(v, [a], f)));
                const a = arg(f);
                return a instanceof Promise ? a.then((v) => call(r, [v], f)) : call(r, [a], f);
            };
        }
        switch (args.length) {
            case 0:
                return (f) => {
                    const r = receiver(f);
                    return r instanceof Promise ? r.then((v) => interpreter.send(v, selector, noArgs, f)) : interpreter.send(r, selector, noArgs, f);
                };
            case 1: {
                const arg = args[0]!;
                const withReceiver = (r: unknown, f: Frame): unknown => {
                    const a = arg(f);
                    return a instanceof Promise ? a.then((v) => interpreter.send(r, selector, [v], f)) : interpreter.send(r, selector, [a], f);
                };
                return (f) => {
                    const r = receiver(f);
                    return r instanceof Promise ? r.then((v) => withReceiver(v, f)) : withReceiver(r, f);
                };
            }
            default:
                return (f) => andThen(receiver(f), (r) => evaluateAll(args, f, (values) => interpreter.send(r, selector, values, f)));
        }
    }

    private cascade(node: CascadeNode, scope: Scope): Code {
        const isSuper = node.receiver.kind === "variable" && node.receiver.name === "super";
        const receiver = this.expression(node.receiver, scope);
        const interpreter = this.interpreter;
        const messages = node.messages.map((m) => ({selector: m.selector, args: m.args.map((a) => this.expression(a, scope))}));
        return (f) => andThen(receiver(f), (r) => {
            const sendAt = (i: number): unknown => {
                const message = messages[i]!;
                const answer = evaluateAll(message.args, f, (values) =>
                    isSuper ? interpreter.superSend(f, message.selector, values) : interpreter.send(r, message.selector, values, f));
                return i === messages.length - 1 ? answer : andThen(answer, () => sendAt(i + 1));
            };
            return sendAt(0);
        });
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
            const body = this.body(node.statements, inner, "block");
            const source = this.source.slice(node.start, node.end);
            const compiled: CompiledBlock = {
                numArgs: node.params.length, info: this.info(source), size: this.frameScope.names.length,
                argSlots: [], tempSlots: [], body, source
            };
            return (f) => new BlockClosure(compiled, f);
        } finally {
            this.frameScope = outerFrameScope;
            this.kind = outerKind;
        }
    }

    /**
     * A literal block inlined into the current frame: its parameters and temporaries become
     * slots of the enclosing frame. Answers the compiled block (size -1) so a fallback path can
     * still reify it as a BlockClosure sharing the frame.
     */
    public inlineBlock(node: BlockNode, scope: Scope): CompiledBlock {
        const inner = new Scope(this.frameScope, scope);
        const argSlots = node.params.map((name) => inner.declare(name, false));
        const tempSlots = node.temps.map((name) => inner.declare(name, true));
        // Statements of an inlined block do not move the frame's position: an error is reported at
        // the enclosing statement of the real method, do-it or block.
        let body = this.body(node.statements, inner, "block", false);
        if (tempSlots.length > 0) {
            const run = body;
            body = (f) => {
                for (const slot of tempSlots) f.vars[slot] = null;
                return run(f);
            };
        }
        const source = this.source.slice(node.start, node.end);
        return {numArgs: node.params.length, info: this.info(source), size: -1, argSlots, tempSlots, body, source};
    }
}

function outerFrame(f: Frame, hops: number): Frame {
    let frame = f;
    for (let i = 0; i < hops; i++) frame = frame.outer!;
    return frame;
}

/** `^ value` from inside a block (or an inlined block): unwind to the home method or do-it. */
function nonLocalReturn(f: Frame, value: unknown): never {
    const home = f.home;
    if (home.dead) throw new BlockCannotReturnError(f.info.source.length > 60 ? f.info.source.slice(0, 57) + "...]" : f.info.source);
    throw new NonLocalReturn(home, value);
}
