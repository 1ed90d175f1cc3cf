import {Proto, nearestWords} from "../objects/index.js";
import type {MaybePromise, MethodExecutor, MethodRecord} from "../objects/index.js";
import {BlockClosure} from "./BlockClosure.js";
import {classes, classOf, globalClassNames} from "./classes.js";
import {Compiler} from "./Compiler.js";
import type {CompiledCode} from "./Compiler.js";
import {
    BlockCannotReturnError, BuiltinMessageNotUnderstoodError, RecursionTooDeepError, SmalltalkRuntimeError,
    StepBudgetExceededError, UndeclaredVariableError, WrongBlockArgumentCountError
} from "./errors.js";
import {Execution} from "./Execution.js";
import {Frame} from "./Frame.js";
import {markErrorPosition} from "./errorPosition.js";
import {guardedProtoSend} from "./guardedProtoSend.js";
import {fromHost, toHost} from "./hostValues.js";
import type {InterpreterHost} from "./InterpreterHost.js";
import {NonLocalReturn} from "./NonLocalReturn.js";
import {parseExpression} from "./parseExpression.js";
import {parseMethod} from "./parseMethod.js";
import {anArticle, printString} from "./printString.js";
import {installProtocols} from "./protocol/installProtocols.js";
import {StClass} from "./StClass.js";
import {imageObject, transcriptObject} from "./values/SystemObjects.js";

installProtocols();

export const defaultStepBudget = 10_000_000;
// Node's default stack holds roughly 600–2,000 Smalltalk activations (fewer while code is cold);
// deeper recursion overflows it first and is reported as the same RecursionTooDeepError.
export const defaultMaxDepth = 10_000;
const methodCacheLimit = 2_000;

const globalClasses = new Map<string, StClass>(globalClassNames.map((name) => [name, classes[name as keyof typeof classes]]));

/** Options of one Playground evaluation. */
export type EvaluateOptions = {
    /** What `self` is in the code (default nil); a persona makes `self foo` a send to it. */
    self?: unknown,
    /** Workspace variables: names assigned without a declaration live here and persist across evaluations. */
    bindings?: Map<string, unknown>
};

/**
 * I run the Playground language: Playground code through `evaluate`, and persona methods as the
 * world's MethodExecutor through `invoke`. Every send to a persona goes through the objects
 * layer's `send` (methods, primitives, doesNotUnderstand and dissonance events alike); every
 * other receiver answers only the selectors in its class's table. Pure computation runs
 * synchronously; a send that answers a Promise switches just that evaluation to async.
 * Each evaluation has a step budget, so a runaway loop stops with StepBudgetExceededError and
 * the interpreter stays usable.
 */
export class Interpreter implements MethodExecutor {
    public readonly stepBudget: number;
    public readonly maxDepth: number;
    /** Activations on the JavaScript stack right now (blocks and methods). */
    private depth = 0;
    /** The execution whose send to a persona is on the stack; a method it reaches shares its budget. */
    private currentExec: Execution | null = null;
    private readonly methodCache = new Map<string, CompiledCode>();
    private readonly doItCache = new Map<string, CompiledCode>();
    private readonly workspaceDoItCaches = new WeakMap<Map<string, unknown>, Map<string, CompiledCode>>();

    public constructor(public readonly host: InterpreterHost) {
        this.stepBudget = host.stepBudget ?? defaultStepBudget;
        this.maxDepth = host.maxDepth ?? defaultMaxDepth;
    }

    /**
     * Parses and runs Playground code; answers the value of its last statement (or of `^`) as a
     * Smalltalk value (print it with printString/displayString). Rejects with ParseError,
     * SmalltalkRuntimeError (StepBudgetExceededError…) or MessageNotUnderstoodError.
     */
    public async evaluate(source: string, options: EvaluateOptions = {}): Promise<unknown> {
        const code = this.compiledDoIt(source, options.bindings ?? null);
        const exec = new Execution(this.stepBudget);
        try {
            return await this.activate(code, fromHost(options.self ?? null), [], null, exec);
        } catch (error) {
            throw translate(error);
        }
    }

    /**
     * The MethodExecutor: runs a persona method's source with `self` = receiver, `super` lookup
     * from `holder`'s parent, and a non-local `^`. Parsed methods are cached by source text.
     * Called from TypeScript it answers plain data (see toHost); called from Smalltalk it answers
     * the Smalltalk value and shares the caller's step budget.
     */
    public invoke(receiver: Proto, method: MethodRecord, args: readonly unknown[], holder: Proto): MaybePromise<unknown> {
        if (method == null || typeof method.source !== "string")
            throw new SmalltalkRuntimeError(`${holder.name}>>${String(method?.selector)} is not a method record with Smalltalk source.`);
        const code = this.compiledMethod(method.source);
        if (code.numArgs !== args.length)
            throw new SmalltalkRuntimeError(`${holder.name}>>${method.selector}: its source declares ${code.numArgs} argument(s) but ${args.length} were given. Recompile the method so its pattern matches its selector.`);
        const nested = this.currentExec != null;
        const exec = this.currentExec ?? new Execution(this.stepBudget);
        this.currentExec = null;
        let result: unknown;
        try {
            result = this.activate(code, receiver, args.map((a) => fromHost(a)), holder, exec);
        } catch (error) {
            throw nested ? error : translate(error);
        } finally {
            this.currentExec = nested ? exec : null;
        }
        if (nested) return result;
        return result instanceof Promise
            ? result.then((v) => toHost(v), (error: unknown) => {
                throw translate(error);
            })
            : toHost(result);
    }

    /**
     * The compiled form of Playground code, cached per source and workspace: re-running the same
     * code reuses its closures, which keeps V8's type feedback for them warm.
     */
    private compiledDoIt(source: string, bindings: Map<string, unknown> | null): CompiledCode {
        let cache = bindings == null ? this.doItCache : this.workspaceDoItCaches.get(bindings);
        if (cache == null) {
            cache = new Map();
            this.workspaceDoItCaches.set(bindings!, cache);
        }
        let code = cache.get(source);
        if (code == null) {
            code = Compiler.compileDoIt(this, parseExpression(source), bindings);
            if (cache.size >= methodCacheLimit) cache.clear();
            cache.set(source, code);
        }
        return code;
    }

    /** The compiled form of a method's source (cached). Throws ParseError. */
    public compiledMethod(source: string): CompiledCode {
        let code = this.methodCache.get(source);
        if (code == null) {
            code = Compiler.compileMethod(this, parseMethod(source));
            if (this.methodCache.size >= methodCacheLimit) this.methodCache.clear();
            this.methodCache.set(source, code);
        }
        return code;
    }

    /** Runs a method or do-it in a fresh home frame, catching the `^` aimed at it. */
    private activate(code: CompiledCode, self: unknown, args: readonly unknown[], holder: Proto | null, exec: Execution): unknown {
        const frame = new Frame(code.info, code.size, null, self, exec, holder);
        for (let i = 0; i < args.length; i++) frame.vars[i] = args[i];
        this.enter();
        let result: unknown;
        try {
            result = code.body(frame);
        } catch (error) {
            frame.dead = true;
            if (error instanceof NonLocalReturn) {
                if (error.home === frame) return error.value;
            } else markErrorPosition(error, code.info.source, frame.at);
            throw error;
        } finally {
            this.depth--;
        }
        if (result instanceof Promise) {
            return result.then((value) => {
                frame.dead = true;
                return value;
            }, (error: unknown) => {
                frame.dead = true;
                if (error instanceof NonLocalReturn) {
                    if (error.home === frame) return error.value;
                } else markErrorPosition(error, code.info.source, frame.at);
                throw error;
            });
        }
        frame.dead = true;
        return result;
    }

    private enter(): void {
        if (++this.depth > this.maxDepth) {
            this.depth--;
            throw new RecursionTooDeepError(this.maxDepth);
        }
    }

    /** Evaluates a block with `args`, counting a step against the caller's budget. */
    public callBlock(block: BlockClosure, args: readonly unknown[], f: Frame): unknown {
        const code = block.code;
        if (args.length !== code.numArgs) throw new WrongBlockArgumentCountError(code.numArgs, args.length);
        const exec = f.exec;
        if (++exec.steps > exec.budget) throw new StepBudgetExceededError(exec.budget);
        const outer = block.outer;
        if (code.size < 0) {
            // A block that was inlined and reified on a fallback path: it lives in its outer frame.
            for (let i = 0; i < args.length; i++) outer.vars[code.argSlots[i]!] = args[i];
            return code.body(outer);
        }
        const frame = new Frame(code.info, code.size, outer, outer.self, exec, outer.holder);
        const vars = frame.vars;
        for (let i = 0; i < args.length; i++) vars[i] = args[i];
        this.enter();
        let result: unknown;
        try {
            result = code.body(frame);
        } catch (error) {
            if (!(error instanceof NonLocalReturn)) markErrorPosition(error, frame.home.info.source, frame.at);
            throw error;
        } finally {
            this.depth--;
        }
        if (result instanceof Promise) return result.catch((error: unknown) => {
            if (!(error instanceof NonLocalReturn)) markErrorPosition(error, frame.home.info.source, frame.at);
            throw error;
        });
        return result;
    }

    /** The one dispatch of the language: personas through objects' send, everything else through its class table. */
    public send(receiver: unknown, selector: string, args: readonly unknown[], f: Frame): unknown {
        const exec = f.exec;
        if (++exec.steps > exec.budget) throw new StepBudgetExceededError(exec.budget);
        if (receiver instanceof Proto) return this.sendToProto(receiver, selector, args, f);
        const method = receiver instanceof StClass
            ? receiver.lookupClassSide(selector) ?? classes.Class.lookup(selector)
            : classOf(receiver).lookup(selector);
        if (method === undefined) throw this.notUnderstood(receiver, selector);
        return method(receiver as never, args, f, this);
    }

    /** True when `receiver` has a built-in method for `selector` (personas: a method or primitive). */
    public respondsTo(receiver: unknown, selector: string): boolean {
        if (receiver instanceof Proto) {
            for (const persona of receiver.lookupChain()) if (Object.hasOwn(persona.record.methods, selector)) return true;
            return receiver.world.primitives.has(selector);
        }
        if (receiver instanceof StClass) return (receiver.lookupClassSide(selector) ?? classes.Class.lookup(selector)) !== undefined;
        return classOf(receiver).lookup(selector) !== undefined;
    }

    public notUnderstood(receiver: unknown, selector: string): BuiltinMessageNotUnderstoodError {
        const cls = receiver instanceof StClass ? null : classOf(receiver);
        const selectors = cls == null
            ? [...(receiver as StClass).allClassSelectors(), ...classes.Class.allSelectors()]
            : cls.allSelectors();
        return new BuiltinMessageNotUnderstoodError(describeReceiver(receiver), selector, nearestWords(selector, selectors),
            cls == null ? `${(receiver as StClass).name} class` : cls.name);
    }

    private sendToProto(receiver: Proto, selector: string, args: readonly unknown[], f: Frame): unknown {
        const hostArgs = args.length === 0 ? args : args.map((a) => toHost(a));
        const saved = this.currentExec;
        this.currentExec = f.exec;
        let result: unknown;
        try {
            // objects' send, except for selectors naming Object.prototype members (see guardedProtoSend).
            result = guardedProtoSend(receiver, selector, hostArgs, null, this);
        } finally {
            this.currentExec = saved;
        }
        return result instanceof Promise ? result.then((v) => fromHost(v)) : fromHost(result);
    }

    /** `super selector`: for a persona method, lookup starts at the holder's parent; elsewhere it is a self send. */
    public superSend(f: Frame, selector: string, args: readonly unknown[]): unknown {
        const self = f.self;
        const holder = f.holder;
        if (!(self instanceof Proto) || holder == null) return this.send(self, selector, args, f);
        const exec = f.exec;
        if (++exec.steps > exec.budget) throw new StepBudgetExceededError(exec.budget);
        const saved = this.currentExec;
        this.currentExec = exec;
        let result: unknown;
        try {
            result = guardedProtoSend(self, selector, args.map((a) => toHost(a)), holder, this);
        } finally {
            this.currentExec = saved;
        }
        return result instanceof Promise ? result.then((v) => fromHost(v)) : fromHost(result);
    }

    /** A global: a class, Transcript, Image, a workspace binding or a persona by name. */
    public readGlobal(name: string, bindings: Map<string, unknown> | null): unknown {
        if (bindings != null && bindings.has(name)) return bindings.get(name);
        if (/^[A-Z]/.test(name)) {
            const cls = globalClasses.get(name);
            if (cls != null) return cls;
            if (name === "Transcript") return transcriptObject;
            if (name === "Image") return imageObject;
            const persona = this.host.persona(name);
            if (persona != null) return fromHost(persona);
        }
        const candidates = [...globalClassNames, "Transcript", "Image", ...this.host.personaNames(), ...(bindings?.keys() ?? [])];
        throw new UndeclaredVariableError(name, nearestWords(name, candidates, 3));
    }

    /** Assigns a workspace variable; globals and personas cannot be assigned. */
    public writeBinding(name: string, value: unknown, bindings: Map<string, unknown>): unknown {
        if (globalClasses.has(name) || name === "Transcript" || name === "Image" || (/^[A-Z]/.test(name) && this.host.persona(name) != null))
            throw new SmalltalkRuntimeError(`Cannot assign to ${name}: it is a global. Use a workspace variable with another name.`);
        bindings.set(name, value);
        return value;
    }

    /** The step and depth state of the frame's run, for thisContext and tests. */
    public stepsUsed(f: Frame): number {
        return f.exec.steps;
    }

    public isBlock(value: unknown): value is BlockClosure {
        return value instanceof BlockClosure;
    }
}

/** `3`, `nil`, `#foo`, `$a` for simple values; `a String`, `an Array` for the rest (as Pharo does). */
export function describeReceiver(value: unknown): string {
    if (value instanceof StClass) return value.name;
    if (value instanceof Proto) return value.toString();
    const cls = classOf(value);
    if (value == null || typeof value === "boolean" || typeof value === "number" || typeof value === "bigint" ||
        cls === classes.Float || cls === classes.Symbol || cls === classes.Character) {
        const text = printString(value);
        return text.length > 40 ? text.slice(0, 37) + "..." : text;
    }
    return anArticle(cls.name);
}

/** Errors that cannot be handled inside Smalltalk become clean ones at the top of a run. */
function translate(error: unknown): unknown {
    if (error instanceof NonLocalReturn) return new BlockCannotReturnError("[...]");
    if (error instanceof RangeError) {
        if (/call stack/i.test(error.message)) return new RecursionTooDeepError(-1);
        // Invalid array or string length, BigInt too large: a resource limit, not a bug in the host.
        return new SmalltalkRuntimeError(`The computation hit a resource limit (${error.message}). Work with smaller collections or numbers.`, {cause: error});
    }
    return error;
}
