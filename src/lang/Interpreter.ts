import {Message, Proto, nearestWords, personaSlotNames} from "../objects/index.js";
import type {MaybePromise, MethodExecutor, MethodRecord} from "../objects/index.js";
import {BlockClosure} from "./BlockClosure.js";
import {ClassDefinitions} from "./ClassDefinitions.js";
import {classes, classOf} from "./classes.js";
import {ClassTable} from "./ClassTable.js";
import {Compiler} from "./Compiler.js";
import type {CompiledCode} from "./Compiler.js";
import {ContextUnwind} from "./ContextUnwind.js";
import {describeContext} from "./describeContext.js";
import {
    BlockCannotReturnError, BuiltinMessageNotUnderstoodError, RecursionTooDeepError, SmalltalkRuntimeError,
    UndeclaredVariableError, WrongBlockArgumentCountError
} from "./errors.js";
import {Exceptions} from "./Exceptions.js";
import {Execution} from "./Execution.js";
import type {ExecutionLimits} from "./Execution.js";
import {Frame, returnMarker} from "./Frame.js";
import type {Code} from "./Frame.js";
import {guardedProtoSend} from "./guardedProtoSend.js";
import {fromHost, toHost} from "./hostValues.js";
import type {InterpreterHost} from "./InterpreterHost.js";
import {NonLocalReturn, nonLocalReturn} from "./NonLocalReturn.js";
import {ObjectMemory} from "./ObjectMemory.js";
import type {SendSite} from "./SendSite.js";
import {decodeValue} from "./valueCodec.js";
import {parseExpression} from "./parseExpression.js";
import {parseMethod} from "./parseMethod.js";
import {andThen} from "./sequence.js";
import {anArticle, displayString, printString, setCustomPrinter} from "./printString.js";
import {installProtocols} from "./protocol/installProtocols.js";
import {StClass, StMetaclass, isSmalltalkMethod} from "./StClass.js";
import type {StObject} from "./StClass.js";
import {Stream} from "./values/Stream.js";
import {StString} from "./values/StString.js";
import {StSymbol} from "./values/StSymbol.js";
import {imageObject, smalltalkObject, transcriptObject} from "./values/SystemObjects.js";

installProtocols();

/** Sends and loop iterations allowed to a persona method called from TypeScript (code a model may have written). */
export const defaultStepBudget = 10_000_000;
/** Activations a run may nest (methods and blocks): deep enough for real recursion, and a clean error beyond. */
export const defaultMaxDepth = 100_000;
/** Wall-clock limit of an interactive evaluation (a Playground do-it) when the host sets none. */
export const defaultTimeLimitMs = 60_000;
/**
 * Activations that run on one JavaScript stack before the run continues on a fresh one (a
 * microtask): the JavaScript stack stays shallow however deep the Smalltalk recursion goes.
 */
const activationsPerStack = 64;
const methodCacheLimit = 2_000;
const noArgs: readonly unknown[] = Object.freeze([]);


const printInfo = {kind: "doit" as const, selector: null, names: [], numArgs: 0, source: "", start: 0, end: 0};

// Print it, the Transcript and nested printing honour a class's printOn: written in Smalltalk.
setCustomPrinter((value, display) => value.cls.owner?.printCustom(value, display));

/** Options of one Playground evaluation. */
export type EvaluateOptions = {
    /** What `self` is in the code (default nil); a persona makes `self foo` a send to it. */
    self?: unknown,
    /** Workspace variables: names assigned without a declaration live here and persist across evaluations. */
    bindings?: Map<string, unknown>,
    /** A step budget (for code a model wrote); without one the evaluation is bounded by time instead. */
    stepBudget?: number,
    /** Wall-clock limit (default: the host's timeLimitMs, else 60 s) of an evaluation without a step budget. */
    timeLimitMs?: number,
    /** Stops the evaluation at its next checkpoint (within milliseconds) when aborted. */
    signal?: AbortSignal
};

/**
 * I run the Playground language: Playground code through `evaluate`, and persona methods as the
 * world's MethodExecutor through `invoke`. Sends to a persona find its methods along its
 * delegation chain and run them directly; its primitives and doesNotUnderstand go through the
 * objects layer's `send`. Every other receiver answers only the selectors in its class's table.
 * Pure computation runs synchronously; a send that answers a Promise switches just that
 * evaluation to async. Each send site caches the persona method it ran last (SendSite), and a
 * run reuses the contexts of returned activations that nothing holds (Frame.activation).
 * Frames are heap objects linked by `sender`: recursion is limited by
 * `maxDepth`, not by the JavaScript stack (every 64 activations the run continues on a fresh
 * stack). An interactive evaluation is bounded by time and yields to the event loop, so it can be
 * interrupted; a persona method called from TypeScript has a step budget.
 */
export class Interpreter implements MethodExecutor {
    /** The step budget the host configured (applies to every run), or null: evaluations are then bounded by time. */
    public readonly stepBudget: number | null;
    public readonly maxDepth: number;
    public readonly timeLimitMs: number;
    /** Interpreter activations on the JavaScript stack right now. */
    private jsDepth = 0;
    /** The frame whose send to a persona is going through the objects layer right now (its sender for `invoke`). */
    private currentSender: Frame | null = null;

    /** The context whose send to a persona primitive is running now (for a primitive's capability check), or null. */
    public get primitiveSender(): Frame | null {
        return this.currentSender;
    }
    private readonly running = new Set<Execution>();
    private readonly methodCache = new Map<string, CompiledCode>();
    /** Persona sends by selector: the method table of the receiver that had the method, and its compiled code. */
    private readonly ownMethodCache = new Map<string, {methods: unknown, code: CompiledCode}>();
    private readonly doItCache = new Map<string, CompiledCode>();
    private readonly workspaceDoItCaches = new WeakMap<Map<string, unknown>, Map<string, CompiledCode>>();
    /** The live objects of persona slots, when the host stores slots (see ObjectMemory). */
    public readonly memory: ObjectMemory | null;
    /** The classes this interpreter sees: built-in ones, classes of one's own, extension methods. */
    public readonly classes = new ClassTable();
    public readonly definitions: ClassDefinitions;
    /** Signals, handlers and default actions (Pharo's exception handling). */
    public readonly exceptions = new Exceptions(this);

    public constructor(public readonly host: InterpreterHost) {
        this.stepBudget = host.stepBudget ?? null;
        this.maxDepth = host.maxDepth ?? defaultMaxDepth;
        this.timeLimitMs = host.timeLimitMs ?? defaultTimeLimitMs;
        this.memory = host.slots == null ? null : new ObjectMemory(host.slots, {
            classNamed: (name) => this.classNamed(name),
            compileBlock: (source) => this.blockFromSource(source)
        });
        this.definitions = new ClassDefinitions(this, this.classes, host.classes ?? null);
        const problems = this.definitions.load();
        if (problems.length > 0) host.transcript(`Some stored classes could not be loaded:\n${problems.map((p) => `  ${p}\n`).join("")}`);
    }

    /** A class by name (built-in or of one's own), or null. */
    public classNamed(name: string): StClass | null {
        return this.classes.named(name) ?? null;
    }

    /** The block that `source` (a block literal that uses nothing around it) denotes. */
    public blockFromSource(source: string): unknown {
        const code = Compiler.compileDoIt(this, parseExpression(source), null);
        const exec = new Execution({steps: 1_000});
        return this.runMethod(code, null, noArgs, null, null, exec);
    }

    /** The object a persona's free slot holds (its stored data is `stored`): the same object at every read. */
    public slotValue(persona: Proto, slot: string, stored: unknown): unknown {
        return this.memory == null ? decodeValue(stored, {persona: (id) => persona.world.record(id) == null ? null : persona.world.protoFor(id)}) : this.memory.read(persona, slot, stored);
    }

    /**
     * Stores `value` in a persona's free slot through the host, encoded (see valueCodec). Throws
     * ValueNotStorableError, changing nothing, when the value cannot be stored.
     */
    public storeSlot(persona: Proto, slot: string, value: unknown): void {
        if (this.memory == null) throw new SmalltalkRuntimeError(`This host keeps no persona slots (it has no slot store): ${persona.name} cannot hold a value.`);
        this.memory.write(persona, slot, value);
    }

    /** Forgets the live object of a removed slot. */
    public forgetSlot(persona: Proto, slot: string): void {
        this.memory?.forget(persona, slot);
    }

    /** Writes back every slot object that changed (the end of every run does this too). */
    public writeBack(): void {
        this.memory?.checkpoint();
    }

    /**
     * Parses and runs Playground code; answers the value of its last statement (or of `^`) as a
     * Smalltalk value (print it with printString/displayString); a String as its host text. Rejects with ParseError,
     * SmalltalkRuntimeError (StepBudgetExceededError, TimeLimitExceededError…) or MessageNotUnderstoodError.
     */
    public async evaluate(source: string, options: EvaluateOptions = {}): Promise<unknown> {
        const code = this.compiledDoIt(source, options.bindings ?? null);
        const steps = options.stepBudget ?? this.stepBudget;
        const limits: ExecutionLimits = steps != null
            ? {steps, signal: options.signal}
            : {timeLimitMs: options.timeLimitMs ?? this.timeLimitMs, signal: options.signal, yieldEveryMs: 50};
        const exec = new Execution(limits);
        this.running.add(exec);
        let value: unknown;
        try {
            value = await this.runMethod(code, fromHost(options.self ?? null), noArgs, null, null, exec);
        } catch (error) {
            this.settle();
            throw translate(error);
        } finally {
            this.running.delete(exec);
        }
        this.writeBack();
        // The host gets a String's text (what it prints and compares); the run's own variables keep the changeable object.
        return value instanceof StString ? value.toString() : value;
    }

    /** After a failed run: what it changed in slot objects before it failed is kept, as in Pharo. */
    private settle(): void {
        try {
            this.writeBack();
        } catch {
            // The run's own error is the one to report; the slots keep what they held.
        }
    }

    /** Stops every evaluation running now at its next checkpoint, with InterruptedError. */
    public interrupt(): void {
        for (const exec of this.running) exec.interrupted = true;
    }

    /**
     * The MethodExecutor: runs a persona method's source with `self` = receiver, `super` lookup
     * from `holder`'s parent, and a non-local `^`. Called from TypeScript it answers plain data
     * (see toHost) under a step budget; called from Smalltalk (through the objects layer) it
     * answers the Smalltalk value and shares the caller's run.
     */
    public invoke(receiver: Proto, method: MethodRecord, args: readonly unknown[], holder: Proto): MaybePromise<unknown> {
        if (method == null || typeof method.source !== "string")
            throw new SmalltalkRuntimeError(`${holder.name}>>${String(method?.selector)} is not a method record with Smalltalk source.`);
        const code = this.compiledMethod(method.source);
        if (code.numArgs !== args.length)
            throw new SmalltalkRuntimeError(`${holder.name}>>${method.selector}: its source declares ${code.numArgs} argument(s) but ${args.length} were given. Recompile the method so its pattern matches its selector.`);
        const sender = this.currentSender;
        this.currentSender = null;
        const values = args.map((a) => fromHost(a));
        if (sender != null) return this.runMethod(code, receiver, values, holder, sender, sender.exec);
        const exec = new Execution({steps: this.stepBudget ?? defaultStepBudget});
        let result: unknown;
        try {
            result = this.runMethod(code, receiver, values, holder, null, exec);
        } catch (error) {
            this.settle();
            throw translate(error);
        }
        if (result instanceof Promise)
            return result.then((v) => {
                this.writeBack();
                return toHost(v);
            }, (error: unknown) => {
                this.settle();
                throw translate(error);
            });
        this.writeBack();
        return toHost(result);
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

    /** Runs a method or do-it in a fresh frame whose sender is `sender`, answering its value. */
    public runMethod(code: CompiledCode, self: unknown, args: readonly unknown[], holder: unknown, sender: Frame | null, exec: Execution): unknown {
        if (sender != null && sender.depth >= this.maxDepth) return this.raise(new RecursionTooDeepError(this.maxDepth), sender);
        const frame = Frame.activation(code.info, code.size, null, self, exec, holder, sender);
        const vars = frame.vars;
        for (let i = 0; i < args.length; i++) vars[i] = args[i];
        return this.start(frame, code.body);
    }

    /** runMethod for a method of none or one argument (`a`), without an argument array. */
    private runMethod01(code: CompiledCode, self: unknown, a: unknown, sender: Frame): unknown {
        if (sender.depth >= this.maxDepth) return this.raise(new RecursionTooDeepError(this.maxDepth), sender);
        const frame = Frame.activation(code.info, code.size, null, self, sender.exec, self, sender);
        if (code.numArgs === 1) frame.vars[0] = a;
        return this.start(frame, code.body);
    }

    /** Runs an activation, on a fresh JavaScript stack every `activationsPerStack` nested ones. */
    private start(frame: Frame, body: Code): unknown {
        if (this.jsDepth >= activationsPerStack && frame.exec.syncDepth === 0) return Promise.resolve().then(() => this.activate(frame, body));
        return this.activate(frame, body);
    }

    /**
     * A send of none or one argument (`a`) from a send site: a persona's own method that the
     * site's inline cache holds runs at once; anything else is an ordinary send (which fills the
     * cache when the receiver is a persona with a method of its own for it).
     */
    public sendAt(site: SendSite, receiver: unknown, numArgs: 0 | 1, a: unknown, f: Frame): unknown {
        if (receiver instanceof Proto) {
            const world = receiver.world;
            if (world.executor === this) {
                const methods = world.record(receiver.personaId)?.methods;
                const code = site.methods === methods && methods !== undefined ? site.code : this.fillSite(site, methods, numArgs);
                if (code !== null) {
                    const exec = f.exec;
                    if (++exec.steps > exec.budget) {
                        const wait = this.checkpoint(f);
                        if (wait !== undefined) return wait.then(() => this.runMethod01(code, receiver, a, f));
                    }
                    return this.runMethod01(code, receiver, a, f);
                }
            }
        }
        return this.send(receiver, site.selector, numArgs === 0 ? noArgs : [a], f);
    }

    /** The code of the persona's own method for the site's selector, cached at the site; null when it has none that fits. */
    private fillSite(site: SendSite, methods: Readonly<Record<string, MethodRecord>> | undefined, numArgs: number): CompiledCode | null {
        site.methods = null;
        site.code = null;
        if (methods === undefined || !Object.hasOwn(methods, site.selector)) return null;
        let code: CompiledCode;
        try {
            code = this.compiledMethod(methods[site.selector]!.source);
        } catch {
            return null; // The ordinary send reports the parse error.
        }
        if (code.numArgs !== numArgs) return null;
        site.methods = methods;
        site.code = code;
        return code;
    }

    /** `value` and `value:` from a send site: a block is called without an argument array. */
    public callBlock01(block: BlockClosure, numArgs: 0 | 1, a: unknown, f: Frame): unknown {
        // Kept small (V8 inlines it into the send's node): a block run without a context answers here; the rest is in the helpers.
        const code = block.code;
        if (code.numArgs !== numArgs || code.size < 0) return this.callBlock(block, numArgs === 0 ? noArgs : [a], f);
        const exec = f.exec;
        if (++exec.steps > exec.budget || f.depth >= this.maxDepth) return this.callBlock01Checked(block, numArgs, a, f);
        const leaf = code.leaf;
        if (leaf !== null) {
            const v = leaf(block.outer, a, null);
            if (v !== undefined) return v;
        }
        return this.activateBlock01(block, numArgs, a, f);
    }

    /** callBlock01 after its step passed the checkpoint or at the depth limit: the checkpoint (its step is counted), then the depth check. */
    private callBlock01Checked(block: BlockClosure, numArgs: 0 | 1, a: unknown, f: Frame): unknown {
        if (f.exec.steps > f.exec.budget) {
            const wait = this.checkpoint(f);
            if (wait !== undefined) return wait.then(() => this.enterBlock(block, numArgs === 0 ? noArgs : [a], f));
        }
        if (f.depth >= this.maxDepth) return this.raise(new RecursionTooDeepError(this.maxDepth), f);
        const leaf = block.code.leaf;
        if (leaf !== null) {
            const v = leaf(block.outer, a, null);
            if (v !== undefined) return v;
        }
        return this.activateBlock01(block, numArgs, a, f);
    }

    /** A block of none or one argument called with `a`, in a context of its own (steps and depth checked by the caller). */
    private activateBlock01(block: BlockClosure, numArgs: 0 | 1, a: unknown, f: Frame): unknown {
        const code = block.code;
        const exec = f.exec;
        const frame = Frame.forBlock(code, block.outer, f, exec);
        if (numArgs === 1) frame.vars[0] = a;
        if (this.jsDepth >= activationsPerStack && exec.syncDepth === 0) return Promise.resolve().then(() => this.activateBlock(frame, code.body));
        return this.activateBlock(frame, code.body);
    }

    private activate(frame: Frame, body: Code): unknown {
        this.jsDepth++;
        let result: unknown;
        try {
            result = body(frame);
        } catch (error) {
            try {
                result = this.unwoundMethod(frame, body, error);
            } finally {
                this.jsDepth--;
            }
            return this.afterMethod(frame, body, result);
        }
        // No finally around the body: the count goes down on each way out (a finally costs the hot path).
        this.jsDepth--;
        return this.afterMethod(frame, body, result);
    }

    private afterMethod(frame: Frame, body: Code, result: unknown): unknown {
        if (typeof result === "object" && result instanceof Promise)
            return result.then((v) => this.returned(frame, v), (error: unknown) => this.unwoundMethod(frame, body, error));
        return this.returned(frame, result);
    }

    private returned(frame: Frame, value: unknown): unknown {
        frame.dead = true;
        // Tested only on objects: an identity test that sees numbers and objects compiles to a call of V8's generic StrictEqual.
        const answer = typeof value === "object" && value === returnMarker ? frame.ret : value;
        frame.release();
        return answer;
    }

    /** A throw reached a method's activation: a `^` or a debugger's return aimed at it ends it; anything else passes on. */
    private unwoundMethod(frame: Frame, body: Code, error: unknown): unknown {
        if (error instanceof NonLocalReturn && error.home === frame) return this.returned(frame, error.value);
        if (error instanceof ContextUnwind && error.target === frame) {
            if (error.kind === "return") return this.returned(frame, error.value);
            if (error.code != null) {
                // Edit and continue: the edited method runs in a fresh context in this one's place, with the same arguments.
                frame.dead = true;
                return this.runMethod(error.code, frame.self, frame.vars.slice(0, frame.info.numArgs), frame.holder, frame.sender, frame.exec);
            }
            frame.vars.fill(null, frame.info.numArgs);
            return this.activate(frame, body);
        }
        frame.dead = true;
        throw error;
    }

    /** Evaluates a block with `args`, counting a step against the caller's run. `f` is the calling frame (the sender). */
    public callBlock(block: BlockClosure, args: readonly unknown[], f: Frame): unknown {
        const code = block.code;
        if (args.length !== code.numArgs) return this.raise(new WrongBlockArgumentCountError(code.numArgs, args.length), f);
        const exec = f.exec;
        if (++exec.steps > exec.budget) {
            const wait = this.checkpoint(f);
            if (wait !== undefined) return wait.then(() => this.enterBlock(block, args, f));
        }
        return this.enterBlock(block, args, f);
    }

    private enterBlock(block: BlockClosure, args: readonly unknown[], f: Frame): unknown {
        const code = block.code;
        const outer = block.outer;
        if (code.size < 0) {
            // A block that was inlined and reified on a fallback path: it lives in its outer frame.
            for (let i = 0; i < args.length; i++) outer.vars[code.argSlots[i]!] = args[i];
            const r = code.body(outer);
            return r === returnMarker ? nonLocalReturn(outer, outer.ret)
                : r instanceof Promise ? r.then((v) => v === returnMarker ? nonLocalReturn(outer, outer.ret) : v) : r;
        }
        if (f.depth >= this.maxDepth) return this.raise(new RecursionTooDeepError(this.maxDepth), f);
        const leaf = code.leaf;
        if (leaf !== null) {
            const v = leaf(outer, args[0], args[1]);
            if (v !== undefined) return v;
        }
        const frame = Frame.forBlock(code, outer, f, f.exec);
        const vars = frame.vars;
        for (let i = 0; i < args.length; i++) vars[i] = args[i];
        if (this.jsDepth >= activationsPerStack && f.exec.syncDepth === 0) return Promise.resolve().then(() => this.activateBlock(frame, code.body));
        return this.activateBlock(frame, code.body);
    }

    private activateBlock(frame: Frame, body: Code): unknown {
        this.jsDepth++;
        let result: unknown;
        try {
            result = body(frame);
        } catch (error) {
            try {
                result = this.unwoundBlock(frame, body, error);
            } finally {
                this.jsDepth--;
            }
            return this.afterBlock(frame, body, result);
        }
        this.jsDepth--;
        if (typeof result === "object" && result !== null) return this.afterBlock(frame, body, result);
        frame.release();
        return result;
    }

    /** A block's body answered `result`: a `^` (the return marker) returns from its home, a Promise is waited for. */
    private afterBlock(frame: Frame, body: Code, result: unknown): unknown {
        if (result === returnMarker) return nonLocalReturn(frame, frame.ret);
        if (result instanceof Promise)
            return result.then((v) => {
                if (v === returnMarker) return nonLocalReturn(frame, frame.ret);
                frame.release();
                return v;
            }, (error: unknown) => this.unwoundBlock(frame, body, error));
        frame.release();
        return result;
    }

    private unwoundBlock(frame: Frame, body: Code, error: unknown): unknown {
        if (error instanceof ContextUnwind && error.target === frame) {
            if (error.kind === "return") return error.value;
            frame.vars.fill(null, frame.info.numArgs);
            return this.activateBlock(frame, body);
        }
        throw error;
    }

    /** The step count passed its checkpoint: stop the run (raised at `f`) or answer a Promise to continue after the event loop's turn. */
    public checkpoint(f: Frame): Promise<void> | undefined {
        try {
            return f.exec.checkpoint();
        } catch (error) {
            return this.raise(error, f) as never;
        }
    }

    /** The one dispatch of the language: personas first, everything else through its class table. */
    public send(receiver: unknown, selector: string, args: readonly unknown[], f: Frame): unknown {
        const exec = f.exec;
        if (++exec.steps > exec.budget) {
            const wait = this.checkpoint(f);
            if (wait !== undefined) return wait.then(() => this.dispatch(receiver, selector, args, f));
        }
        return this.dispatch(receiver, selector, args, f);
    }

    private dispatch(receiver: unknown, selector: string, args: readonly unknown[], f: Frame): unknown {
        if (receiver instanceof Proto) return this.sendToProto(receiver, selector, args, f);
        const method = receiver instanceof StClass
            ? this.classes.lookupClassSide(receiver, selector)
            : this.classes.lookup(classOf(receiver), selector);
        if (method === undefined) {
            // A class of one's own may answer what it does not understand itself (Pharo's doesNotUnderstand: override).
            const dnu = receiver instanceof StClass ? undefined : this.classes.lookup(classOf(receiver), "doesNotUnderstand:");
            if (isSmalltalkMethod(dnu)) return dnu(receiver as never, [new Message(selector, args)], f, this);
            return this.exceptions.raise(this.notUnderstood(receiver, selector), f, {receiver, selector, args});
        }
        // A builtin may keep the context it was given (ensure:, on:do:, a stream of thisContext): it is not reused then.
        if (!isSmalltalkMethod(method)) f.escape();
        let result: unknown;
        try {
            result = method(receiver as never, args, f, this);
        } catch (error) {
            return this.raise(error, f);
        }
        return result instanceof Promise ? result.catch((error: unknown) => this.raise(error, f)) : result;
    }

    /**
     * An error arose at frame `f` (a builtin threw, a check failed): it is recorded with where it
     * happened and the chain of callers, and signalled as a Smalltalk exception (a handler may
     * resume it: its value is then the answer). Control flow (a `^`, a debugger's unwind), errors
     * raised deeper and stops no handler may catch pass through unchanged.
     */
    public raise(error: unknown, f: Frame): unknown {
        return this.exceptions.raise(error, f);
    }

    /** True when `value`'s class (or an ancestor, or an extension) has a method `selector` written in Smalltalk. */
    public hasSmalltalkMethod(value: unknown, selector: string): boolean {
        return !(value instanceof Proto) && !(value instanceof StClass) && isSmalltalkMethod(this.classes.lookup(classOf(value), selector));
    }

    /**
     * Object>>printString: a printOn: written in Smalltalk writes on a fresh stream; otherwise the
     * built-in form (in which elements still print through their own printOn:).
     */
    public printStringOf(value: unknown, f: Frame): unknown {
        if (!this.hasSmalltalkMethod(value, "printOn:")) return printString(value);
        const stream = new Stream("write", [], true);
        return andThen(this.send(value, "printOn:", [stream], f), () => stream.contents());
    }

    /** Object>>displayString: displayString's text for strings, symbols, characters and numbers; otherwise what printString answers. */
    public displayStringOf(value: unknown, f: Frame): unknown {
        if (!this.hasSmalltalkMethod(value, "printOn:")) return displayString(value);
        return this.printStringOf(value, f);
    }

    private printing = 0;

    /**
     * A send outside any run, answered at once (under a small step budget) as a display string, or
     * undefined when it fails or would have to wait. For what must answer synchronously: printing, error texts.
     */
    public sendNow(receiver: unknown, selector: string): string | undefined {
        const exec = new Execution({steps: 1_000_000});
        exec.syncDepth = 1;
        const root = new Frame(printInfo, 0, null, null, exec, null, null);
        try {
            const answer = this.send(receiver, selector, [], root);
            if (answer instanceof Promise) {
                answer.catch(() => undefined);
                return undefined;
            }
            return typeof answer === "string" ? answer : displayString(answer);
        } catch {
            return undefined;
        }
    }

    /**
     * What an object of a class of one's own prints as outside a run (Print it, the Transcript, an
     * element of a printed collection): its printString or displayString sent synchronously under
     * a small step budget; undefined (the built-in form) when the class defines neither or the
     * printing would have to wait.
     */
    public printCustom(value: StObject, display: boolean): string | undefined {
        const selector = display ? "displayString" : "printString";
        if (!this.hasSmalltalkMethod(value, "printOn:") && !this.hasSmalltalkMethod(value, "printString") && !this.hasSmalltalkMethod(value, selector)) return undefined;
        if (this.printing > 16) return undefined;
        this.printing++;
        const exec = new Execution({steps: 1_000_000});
        exec.syncDepth = 1;
        const root = new Frame(printInfo, 0, null, null, exec, null, null);
        try {
            const text = this.send(value, selector, [], root);
            if (text instanceof Promise) {
                text.catch(() => undefined);
                return undefined;
            }
            return typeof text === "string" ? text : displayString(text);
        } catch (error) {
            return `${anArticle(value.cls.name)} (its ${selector} failed: ${error instanceof Error ? error.message : String(error)})`;
        } finally {
            this.printing--;
        }
    }

    /** The class of a receiver as an error text names it: a persona by name, else its class. */
    public describeClassOf(value: unknown): string {
        return value instanceof Proto ? value.toString() : classOf(value).name;
    }

    /** True when `receiver` has a built-in method for `selector` (personas: a method or primitive). */
    public respondsTo(receiver: unknown, selector: string): boolean {
        if (receiver instanceof Proto) return this.personaMethod(receiver, selector) != null || receiver.world.primitives.has(selector);
        if (receiver instanceof StClass) return this.classes.lookupClassSide(receiver, selector) !== undefined;
        return this.classes.lookup(classOf(receiver), selector) !== undefined;
    }

    public notUnderstood(receiver: unknown, selector: string): BuiltinMessageNotUnderstoodError {
        const cls = receiver instanceof StClass ? null : classOf(receiver);
        const selectors = cls == null ? this.classes.classSelectors(receiver as StClass) : this.classes.selectors(cls);
        return new BuiltinMessageNotUnderstoodError(describeReceiver(receiver), selector, nearestWords(selector, selectors),
            cls == null ? `${(receiver as StClass).name} class` : cls.name);
    }

    /** The method `selector` of `start` or its nearest ancestor that has one (own properties of the method tables only). */
    private personaMethod(start: Proto, selector: string): {method: MethodRecord, holder: Proto} | null {
        const world = start.world;
        let proto = start;
        for (let hops = 0; hops < 64; hops++) {
            const record = world.record(proto.personaId);
            if (record == null) return null;
            const methods = record.methods;
            if (Object.hasOwn(methods, selector)) return {method: methods[selector]!, holder: proto};
            const parent = record.parent;
            if (parent == null || world.record(parent) == null) return null;
            proto = world.protoFor(parent);
        }
        return null;
    }

    /**
     * A send to a persona: its Smalltalk method runs here directly, in a frame whose sender is `f`
     * (as objects' send would, without the conversions); primitives and doesNotUnderstand go
     * through the objects layer with the arguments as plain data.
     */
    private sendToProto(receiver: Proto, selector: string, args: readonly unknown[], f: Frame, startAbove: Proto | null = null): unknown {
        const world = receiver.world;
        if (world.executor === this) {
            // A method of the receiver's own: the cache answers while its method table is the same object (any change replaces it).
            if (startAbove == null) {
                const methods = world.record(receiver.personaId)?.methods;
                const hit = this.ownMethodCache.get(selector);
                if (hit !== undefined && hit.methods === methods && methods !== undefined && hit.code.numArgs === args.length)
                    return this.runMethod(hit.code, receiver, args, receiver, f, f.exec);
            }
            const start = startAbove == null ? receiver : startAbove.parent;
            const found = start == null ? null : this.personaMethod(start, selector);
            if (found != null) {
                let code: CompiledCode;
                try {
                    code = this.compiledMethod(found.method.source);
                } catch (error) {
                    return this.raise(error, f);
                }
                if (startAbove == null && found.holder === receiver) {
                    if (this.ownMethodCache.size >= methodCacheLimit) this.ownMethodCache.clear();
                    this.ownMethodCache.set(selector, {methods: world.record(receiver.personaId)?.methods, code});
                }
                if (code.numArgs !== args.length)
                    return this.raise(new SmalltalkRuntimeError(`${found.holder.name}>>${selector}: its source declares ${code.numArgs} argument(s) but ${args.length} were given. Recompile the method so its pattern matches its selector.`), f);
                return this.runMethod(code, receiver, args, found.holder, f, f.exec);
            }
            // A primitive takes the Smalltalk values themselves (at:put: keeps a Symbol a Symbol) and answers Smalltalk values.
            const primitive = world.primitives.get(selector);
            if (primitive !== undefined) {
                f.escape();
                const saved = this.currentSender;
                this.currentSender = f;
                let answer: unknown;
                try {
                    answer = primitive(receiver, args);
                } catch (error) {
                    return this.raise(error, f);
                } finally {
                    this.currentSender = saved;
                }
                return answer instanceof Promise ? answer.then((v) => fromPrimitive(v), (error: unknown) => this.raise(error, f)) : fromPrimitive(answer);
            }
        }
        f.escape();
        const hostArgs = args.length === 0 ? args : args.map((a) => toHost(a));
        const saved = this.currentSender;
        this.currentSender = f;
        let result: unknown;
        try {
            // objects' send, except for selectors naming Object.prototype members (see guardedProtoSend).
            result = guardedProtoSend(receiver, selector, hostArgs, startAbove, this);
        } catch (error) {
            return this.exceptions.raise(error, f, {receiver, selector, args});
        } finally {
            this.currentSender = saved;
        }
        return result instanceof Promise
            ? result.then((v) => fromHost(v), (error: unknown) => this.exceptions.raise(error, f, {receiver, selector, args}))
            : fromHost(result);
    }

    /**
     * `super selector`: lookup starts above the class (or persona) where the running method was
     * found: its superclass, its metaclass's superclass, or the persona's parent.
     */
    public superSend(f: Frame, selector: string, args: readonly unknown[]): unknown {
        const self = f.self;
        const holder = f.holder;
        if (holder instanceof StClass || holder instanceof StMetaclass) return this.classSuperSend(f, holder, selector, args);
        if (!(self instanceof Proto) || !(holder instanceof Proto)) return this.send(self, selector, args, f);
        const exec = f.exec;
        if (++exec.steps > exec.budget) {
            const wait = this.checkpoint(f);
            if (wait !== undefined) return wait.then(() => this.sendToProto(self, selector, args, f, holder));
        }
        return this.sendToProto(self, selector, args, f, holder);
    }

    private classSuperSend(f: Frame, holder: StClass | StMetaclass, selector: string, args: readonly unknown[]): unknown {
        const exec = f.exec;
        if (++exec.steps > exec.budget) {
            const wait = this.checkpoint(f);
            if (wait !== undefined) return wait.then(() => this.classSuperSend(f, holder, selector, args));
        }
        const above = holder instanceof StMetaclass ? holder.instanceClass.superclass : holder.superclass;
        const method = above == null
            ? (holder instanceof StMetaclass ? this.classes.lookup(classes.Class, selector) : undefined)
            : holder instanceof StMetaclass ? this.classes.lookupClassSide(above, selector) : this.classes.lookup(above, selector);
        if (method === undefined) return this.raise(this.notUnderstood(f.self, selector), f);
        if (!isSmalltalkMethod(method)) f.escape();
        let result: unknown;
        try {
            result = method(f.self as never, args, f, this);
        } catch (error) {
            return this.raise(error, f);
        }
        return result instanceof Promise ? result.catch((error: unknown) => this.raise(error, f)) : result;
    }

    /** A persona's slot read as a variable in one of its methods (`mood` for `self at: #mood`). */
    public readSlotVariable(name: string, f: Frame, at: number): unknown {
        const self = f.self;
        if (self instanceof Proto) {
            const record = self.world.record(self.personaId);
            if (record != null && Object.hasOwn(record.slots, name)) return this.slotValue(self, name, record.slots[name]);
            if (record != null && (personaSlotNames as readonly string[]).includes(name)) return fromHost((record as Record<string, unknown>)[name]);
        }
        f.at = at;
        return this.raise(new UndeclaredVariableError(name, self instanceof Proto ? nearestWords(name, Object.keys(self.record.slots), 3) : [],
            self instanceof Proto ? `it is neither a temporary of the method nor a slot of ${self.name}` : null), f);
    }

    /** A persona's slot assigned as a variable in one of its methods: through at:put:, which validates. */
    public writeSlotVariable(name: string, value: unknown, f: Frame, at: number): unknown {
        const self = f.self;
        f.at = at;
        if (self instanceof Proto) {
            const record = self.world.record(self.personaId);
            if (record != null && (Object.hasOwn(record.slots, name) || (personaSlotNames as readonly string[]).includes(name)))
                return andThen(this.send(self, "at:put:", [StSymbol.intern(name), value], f), () => value);
            return this.raise(new SmalltalkRuntimeError(`${self.name} has no slot ${name} to assign: make it first with \`${self.name} at: #${name} put: …\`, or declare | ${name} | as a temporary.`), f);
        }
        return this.raise(new UndeclaredVariableError(name, [], "it is not a temporary of the method"), f);
    }

    /** A global: a workspace binding, a class, Transcript, Image or a persona by name. */
    public readGlobal(name: string, bindings: Map<string, unknown> | null, f: Frame, at: number): unknown {
        if (bindings != null && bindings.has(name)) return bindings.get(name);
        if (/^[A-Z]/.test(name)) {
            const cls = this.classes.named(name);
            if (cls != null) return cls;
            if (name === "Transcript") return transcriptObject;
            if (name === "Image") return imageObject;
            if (name === "Smalltalk") return smalltalkObject;
            const persona = this.host.persona(name);
            if (persona != null) return fromHost(persona);
        }
        const candidates = [...this.classes.names(), "Transcript", "Image", ...this.host.personaNames(), ...(bindings?.keys() ?? [])];
        f.at = at;
        return this.raise(new UndeclaredVariableError(name, nearestWords(name, candidates, 3)), f);
    }

    /** Assigns a workspace variable; globals and personas cannot be assigned. */
    public writeBinding(name: string, value: unknown, bindings: Map<string, unknown>, f: Frame, at: number): unknown {
        if (this.classes.named(name) != null || name === "Transcript" || name === "Image" || (/^[A-Z]/.test(name) && this.host.persona(name) != null)) {
            f.at = at;
            return this.raise(new SmalltalkRuntimeError(`Cannot assign to ${name}: it is a global. Use a workspace variable with another name.`), f);
        }
        bindings.set(name, value);
        return value;
    }

    /** How a context is shown in a stack: `BRICK>>greet:`, `[] in DoIt`, `BlockClosure>>on:do:`. */
    public describeContext(frame: Frame): string {
        return describeContext(frame);
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
        cls.includesBehavior(classes.Float) || cls.includesBehavior(classes.Symbol) || cls === classes.Character) {
        const text = printString(value);
        return text.length > 40 ? text.slice(0, 37) + "..." : text;
    }
    return anArticle(cls.name);
}

/**
 * A primitive's answer as the interpreter sees it: primitives answer Smalltalk values (an Array
 * stays the very same array); a number, a Map or a persona's handle from TypeScript is converted.
 */
function fromPrimitive(value: unknown): unknown {
    return Array.isArray(value) ? value : fromHost(value);
}

/** Errors that cannot be handled inside Smalltalk become clean ones at the top of a run. */
function translate(error: unknown): unknown {
    if (error instanceof NonLocalReturn) return new BlockCannotReturnError("[...]");
    if (error instanceof ContextUnwind) return new SmalltalkRuntimeError("A debugger asked to unwind to a context that is no longer running.");
    if (error instanceof RangeError) {
        if (/call stack/i.test(error.message)) return new RecursionTooDeepError(-1);
        // Invalid array or string length, BigInt too large: a resource limit, not a bug in the host.
        return new SmalltalkRuntimeError(`The computation hit a resource limit (${error.message}). Work with smaller collections or numbers.`, {cause: error});
    }
    return error;
}
