import {Message, Proto} from "../../objects/index.js";
import {
    StClass, StMetaclass, classOf, contextVariables, describeContext, parseExpression, parseMethod, positionOf, printString
} from "../../lang/index.js";
import type {CompiledCode, ContextVariable, DebugAction, DebugRequest, Frame} from "../../lang/index.js";
import type {Runtime} from "../Runtime.js";
import type {SynthesisResult} from "../synthesis/MethodSynthesizer.js";
import {DebugActionError} from "./DebugActionError.js";
import {stubSource} from "./stubSource.js";

/** One context of the stack as the debugger shows it. */
export type StackEntry = {
    readonly context: Frame,
    /** `BRICK>>double:`, `[] in DoIt`… */
    readonly where: string,
    /** The source of its method or do-it (the edited source once an edit was accepted), and the span of the current expression in it. */
    readonly source: string,
    readonly mark: {readonly start: number, readonly end: number} | null,
    readonly line: number,
    readonly column: number,
    /** `self`, then its arguments and temporaries. */
    readonly variables: readonly ContextVariable[],
    /** The persona or class whose method this is, when the debugger can edit it (not a do-it, not a builtin). */
    readonly editable: Proto | StClass | StMetaclass | null,
    /** An accepted edit waits to restart this context (Proceed or Restart runs it). */
    readonly edited: boolean
};

/** Where Create may put a missing method: the receiver, a persona it delegates to, or a class. */
export type CreateTarget = {readonly name: string, readonly holder: Proto | StClass};

let nextId = 1;

/**
 * I am one unhandled error held open by the debugger: its stack, alive until the user decides.
 * Proceed (a resumable error: the failed send answers a value; after an accepted edit, the edited
 * context runs again with the new method), Restart a context, Return a value from one, Abandon the
 * run, accept an edited method (it is compiled at once, and its context restarts with it on
 * Proceed), and for a doesNotUnderstand, Create the missing method and send the message again.
 * Every action answers the run's continuation; once one is taken I am closed.
 */
export class DebugSession {
    public readonly id = nextId++;
    public readonly decision: Promise<DebugAction>;
    /** What happened, for a status line: the error's message. */
    public readonly title: string;
    public readonly resumable: boolean;
    /** For a doesNotUnderstand: the receiver, selector and arguments of the failed send. */
    public readonly notUnderstood: {receiver: unknown, selector: string, args: readonly unknown[]} | null;
    public closed = false;
    /** What ended me: "proceed", "restart", "return", "abandon", "create". */
    public outcome: string | null = null;
    private resolve!: (action: DebugAction) => void;
    private readonly edits = new Map<Frame, {code: CompiledCode, source: string}>();

    public constructor(private readonly runtime: Runtime, public readonly request: DebugRequest) {
        this.decision = new Promise((resolve) => {
            this.resolve = resolve;
        });
        // The advice of a doesNotUnderstand's message (compile it, or a policy) is what Create and the policy are for here.
        this.title = request.error.message.replace(/ Define it with `.*$/s, "");
        this.resumable = request.resumable;
        const {exception} = request;
        const message = exception.message;
        this.notUnderstood = message instanceof Message ? {receiver: exception.receiver, selector: message.selector, args: message.args} : null;
    }

    /** The contexts from the one that signalled outwards to the do-it or the outermost method. */
    public stack(): StackEntry[] {
        const entries: StackEntry[] = [];
        for (let c: Frame | null = this.request.context; c != null; c = c.sender) {
            if (c.info.kind === "builtin" && c.info.source === "") continue;
            const edit = c.info.kind === "method" ? this.edits.get(c) : undefined;
            const source = edit?.source ?? c.info.source;
            const mark = edit != null || c.at < 0 ? null : markAt(c.info.source, c.at);
            const {line, column} = positionOf(c.info.source, Math.max(c.at, 0));
            entries.push({context: c, where: describeContext(c), source, mark, line, column,
                variables: contextVariables(c), editable: editableHolder(c), edited: edit != null});
        }
        return entries;
    }

    /** Proceed: an accepted edit restarts its context with the new method; otherwise a resumable error's send answers `value`. */
    public proceed(value: unknown = null): void {
        const edited = [...this.edits.entries()].find(([frame]) => !frame.dead);
        if (edited != null) return this.decide("proceed", {kind: "restart", context: edited[0], code: edited[1].code});
        if (!this.resumable)
            throw new DebugActionError("proceed", `${this.title.split(". ")[0]} cannot be proceeded from: it is not resumable. Restart a context, Return a value from one, or Abandon.`);
        this.decide("proceed", {kind: "proceed", value});
    }

    /** Restart: `entry`'s context runs again from its start (with its accepted edit, if any), temporaries reset. */
    public restart(entry: StackEntry): void {
        const edit = this.edits.get(entry.context);
        this.decide("restart", edit == null ? {kind: "restart", context: entry.context} : {kind: "restart", context: entry.context, code: edit.code});
    }

    /** Return: `entry`'s context answers `value` to its sender. */
    public returnValue(entry: StackEntry, value: unknown): void {
        this.decide("return", {kind: "return", context: entry.context, value});
    }

    /** Abandon: the run ends with the error; nothing more runs. */
    public abandon(): void {
        this.decide("abandon", {kind: "abandon"});
    }

    /**
     * Accept an edit of `entry`'s method: it is compiled and installed at once (a version is kept, as for
     * every compile); its context restarts with it on Proceed or Restart. The selector must stay the same.
     */
    public accept(entry: StackEntry, source: string): string {
        const holder = entry.editable;
        if (holder == null) throw new DebugActionError("accept", `${entry.where} cannot be edited here: only a persona's or a class's method can. Edit the do-it in the Playground.`);
        const selector = parseMethod(source).selector;
        const was = entry.context.info.selector;
        if (selector !== was)
            throw new DebugActionError("accept", `The edited method is #${selector}, but this context runs #${was}: keep the selector (write #${selector} in the browser instead). Nothing was compiled.`);
        if (holder instanceof Proto) this.runtime.compile(holder, source, holder.record.methods[selector]?.category ?? "as yet unclassified");
        else this.runtime.interpreter.definitions.compile(holder, source);
        this.edits.set(entry.context, {code: this.runtime.interpreter.compiledMethod(source), source});
        return selector;
    }

    /** Where Create may put the missing method: the receiver and the personas it delegates to, or the receiver's class. */
    public createTargets(): CreateTarget[] {
        const dnu = this.notUnderstood;
        if (dnu == null) return [];
        if (dnu.receiver instanceof Proto) return [...dnu.receiver.lookupChain()].map((p) => ({name: p.name, holder: p}));
        const cls = dnu.receiver instanceof StClass ? null : classOf(dnu.receiver);
        return cls == null ? [] : cls.ancestry().map((c) => ({name: c.name, holder: c}));
    }

    /**
     * Create (a doesNotUnderstand only): compiles the missing method in `target` (default: the receiver
     * itself, the "fast" mode) and sends the message again. A selector that names a slot of a persona gets an
     * accessor (a getter, or a setter for one argument) and the run carries on with it; any other gets a stub
     * with the real arguments, which signals that it is not written yet, so the debugger opens inside it.
     * Answers the source compiled.
     */
    public create(target: CreateTarget | null = null): string {
        const dnu = this.notUnderstood;
        if (dnu == null) throw new DebugActionError("create", "Create is for a message not understood; this error is not one. Restart, Return or Abandon.");
        const chosen = target ?? this.createTargets()[0];
        if (chosen == null) throw new DebugActionError("create", `A method cannot be added to ${printString(dnu.receiver)}: it is a class or a value without a class of its own. Abandon, and define it in the browser.`);
        const source = stubSource(chosen.holder, dnu.selector, dnu.args);
        // The stub must compile: a selector that is not one raises ParseError here, before anything changes.
        parseMethod(source);
        if (chosen.holder instanceof Proto) this.runtime.compile(chosen.holder, source, "as yet unclassified");
        else this.runtime.interpreter.definitions.compile(chosen.holder, source);
        this.decide("create", {kind: "resend"});
        return source;
    }

    /**
     * Synthesize (a doesNotUnderstand of a persona): the persona's model drafts the missing method for the failed
     * send and the three gates check it. Nothing is installed: `acceptSynthesis` installs a passing draft.
     */
    public synthesize(signal?: AbortSignal): Promise<SynthesisResult> {
        const dnu = this.notUnderstood;
        if (dnu == null || !(dnu.receiver instanceof Proto))
            throw new DebugActionError("synthesize", "Synthesize is for a message a persona did not understand; this error is not one. Restart, Return or Abandon.");
        return this.runtime.synthesis.synthesize(dnu.receiver, {selector: dnu.selector, failingSend: {args: dnu.args}, ...(signal == null ? {} : {signal})});
    }

    /** Installs a draft that passed the gates, with its provenance, and sends the message again: the run carries on with it. */
    public acceptSynthesis(result: SynthesisResult): void {
        const dnu = this.notUnderstood;
        if (dnu == null || !(dnu.receiver instanceof Proto)) throw new DebugActionError("synthesize", "There is no message not understood to install a draft for.");
        if (this.closed) throw new DebugActionError("synthesize", "This debugger is closed: the run has already gone on.");
        this.runtime.synthesis.accept(dnu.receiver, result, "user");
        this.decide("synthesize", {kind: "resend"});
    }

    /** The value typed for Proceed or Return: a Smalltalk expression, evaluated now (empty: nil). */
    public async valueOf(expression: string): Promise<unknown> {
        if (expression.trim() === "") return null;
        parseExpression(expression);
        return this.runtime.interpreter.evaluate(expression, {self: this.request.context.home.self});
    }

    private decide(outcome: string, action: DebugAction): void {
        if (this.closed) throw new DebugActionError(outcome, "This debugger is closed: the run has already gone on.");
        this.closed = true;
        this.outcome = outcome;
        this.resolve(action);
    }
}

/** The persona or class a context's method belongs to, when it can be edited. */
function editableHolder(frame: Frame): Proto | StClass | StMetaclass | null {
    if (frame.info.kind !== "method") return null;
    const holder = frame.holder;
    return holder instanceof Proto || holder instanceof StClass || holder instanceof StMetaclass ? holder : null;
}

/** The span of the send at `offset`: to the end of its keyword or identifier, for marking the current expression. */
function markAt(source: string, offset: number): {start: number, end: number} {
    let end = offset;
    while (end < source.length && /[A-Za-z0-9_:]/.test(source[end]!)) end++;
    if (end === offset) end = Math.min(offset + 1, source.length);
    return {start: offset, end};
}
