import {Message, MessageNotUnderstoodError} from "../objects/index.js";
import {BlockClosure} from "./BlockClosure.js";
import {ContextUnwind} from "./ContextUnwind.js";
import type {DebugAction} from "./DebugRequest.js";
import {classes} from "./classes.js";
import {
    BlockCannotReturnError, InterruptedError, PrimitiveFailedError, RecursionTooDeepError, SmalltalkUserError, StepBudgetExceededError,
    TimeLimitExceededError, UnhandledExceptionError, ZeroDivideError
} from "./errors.js";
import {recordErrorContext, wasRaised} from "./errorPosition.js";
import {Frame} from "./Frame.js";
import type {FrameInfo} from "./Frame.js";
import {ExceptionResume, HandlerMarker, HandlerRetry, HandlerReturn, SignalMarker} from "./HandlerMarker.js";
import type {Interpreter} from "./Interpreter.js";
import {exceptionDescription} from "./exceptionText.js";
import {andThen, guarded} from "./sequence.js";
import {StClass, isSmalltalkMethod} from "./StClass.js";
import {ExceptionObject} from "./values/ExceptionObject.js";
import {ExceptionSet} from "./values/ExceptionSet.js";

const signalInfo: FrameInfo = {kind: "builtin", selector: "signal", names: [], numArgs: 0, source: "", start: 0, end: 0};
const handlerInfo: FrameInfo = {kind: "builtin", selector: "on:do:", names: [], numArgs: 0, source: "", start: 0, end: 0};

/** Errors that stop a run and that no handler may catch: a handler could otherwise keep a runaway loop alive. */
export function uncatchable(error: unknown): boolean {
    return error instanceof StepBudgetExceededError || error instanceof TimeLimitExceededError || error instanceof InterruptedError ||
        error instanceof RecursionTooDeepError || error instanceof RangeError;
}

/**
 * I am Pharo's exception handling on the interpreter's heap contexts. A signal looks for a handler
 * along the sender chain of the context that signalled (on:do: contexts carry a HandlerMarker);
 * the handler block runs on top of the signal, before anything unwinds, so `ensure:` blocks run
 * after it, as the stack unwinds for `return:`, `retry` or the handler's end. `resume:` answers at
 * the signal (or at `outer`), `pass` and `outer` search on from the handler's context, and an
 * exception nobody handles takes its `defaultAction`: nil for a Notification, a line on the
 * Transcript and nil for a Warning, and for an Error the end of the run with the error (where a
 * debugger will step in). A signal inside a handler skips the handlers between the first signal
 * and the handler that runs, as Pharo's findNextHandlerContext does.
 */
export class Exceptions {
    public constructor(private readonly interpreter: Interpreter) {}

    /** The exception a JavaScript error stands for: ZeroDivide, MessageNotUnderstood, SubscriptOutOfBounds… or Error. */
    public exceptionFor(error: Error): ExceptionObject {
        const named = (name: string, text: unknown): ExceptionObject => {
            const cls = classes[name as keyof typeof classes] ?? classes.Error;
            const exception = this.interpreter.definitions.instantiate(cls) as ExceptionObject;
            exception.messageText = text;
            exception.hostError = error;
            return exception;
        };
        if (error instanceof ZeroDivideError) return named("ZeroDivide", null);
        if (error instanceof PrimitiveFailedError)
            return error.signalAs == null ? named("Error", error.problem) : named(error.signalAs.exception, error.signalAs.messageText ?? null);
        if (error instanceof SmalltalkUserError) return named(error.exceptionClass, error.messageText);
        if (error instanceof BlockCannotReturnError) return named("BlockCannotReturn", error.message);
        if (error instanceof UnhandledExceptionError && error.exception instanceof ExceptionObject) return error.exception;
        return named("Error", error.message);
    }

    /** A MessageNotUnderstood for `receiver selector args`, made from the error the failed send threw. */
    public notUnderstood(receiver: unknown, selector: string, args: readonly unknown[], error: Error): ExceptionObject {
        const exception = this.interpreter.definitions.instantiate(classes.MessageNotUnderstood) as ExceptionObject;
        exception.receiver = receiver;
        exception.message = new Message(selector, args);
        exception.hostError = error;
        return exception;
    }

    /**
     * A JavaScript error arose at frame `f`: unless it is control flow, already on its way out, or
     * a stop no handler may catch, it is signalled as a Smalltalk exception. Answers the value a
     * handler resumed with, or throws.
     */
    public raise(error: unknown, f: Frame, mnu?: {receiver: unknown, selector: string, args: readonly unknown[]}): unknown {
        f.escape();
        if (!(error instanceof Error) || wasRaised(error)) throw error;
        recordErrorContext(error, f);
        if (uncatchable(error) || (error as {userError?: unknown}).userError !== true) throw error;
        const exception = mnu != null && error instanceof MessageNotUnderstoodError && error.selector === mnu.selector
            ? this.notUnderstood(mnu.receiver, mnu.selector, mnu.args, error)
            : this.exceptionFor(error);
        return this.signal(exception, f);
    }

    /** `anException signal` at frame `f`: runs a handler on top of `f`, or the default action. Answers the resumption value. */
    public signal(exception: ExceptionObject, f: Frame): unknown {
        f.escape();
        const context = new Frame(signalInfo, 0, null, exception, f.exec, null, f);
        context.marker = new SignalMarker(exception);
        context.at = f.at;
        exception.signalContext = context;
        exception.signalerContext = f;
        exception.outerContext = null;
        return guarded(() => this.handle(exception, f), (thrown) => {
            if (thrown instanceof ExceptionResume && thrown.target === context) return thrown.value;
            throw thrown;
        });
    }

    /** Runs the first handler for `exception` from context `from` outwards, or its default action. */
    public handle(exception: ExceptionObject, from: Frame | null): unknown {
        const handler = this.findHandler(exception, from);
        if (handler == null) return this.defaultAction(exception);
        return andThen(handler.matched, (matches) => matches === true ? this.runHandler(handler.frame, exception) : this.handle(exception, handler.frame.sender));
    }

    /** The next on:do: context that may handle `exception`, skipping what a signal context says to skip. */
    private findHandler(exception: ExceptionObject, from: Frame | null): {frame: Frame, matched: unknown} | null {
        for (let c = from; c != null;) {
            const marker = c.marker;
            if (marker instanceof HandlerMarker && marker.active) {
                const matched = this.handles(marker.selector, exception, c);
                if (matched !== false) return {frame: c, matched};
            } else if (marker instanceof SignalMarker && marker.exception.handlerContext != null) {
                // A signal inside a handler: the handlers between that first signal and its handler do not apply.
                c = marker.exception.handlerContext.sender;
                continue;
            }
            c = c.sender;
        }
        return null;
    }

    /** Whether an on:do: selector (a class, an ExceptionSet, or anything that understands handles:) takes `exception`. */
    private handles(selector: unknown, exception: ExceptionObject, at: Frame): unknown {
        if (selector instanceof StClass) {
            const custom = this.interpreter.classes.lookupClassSide(selector, "handles:");
            if (!isSmalltalkMethod(custom)) return exception.cls.includesBehavior(selector);
        } else if (selector instanceof ExceptionSet) {
            return selector.members.some((member) => this.handles(member, exception, at) === true);
        }
        return this.interpreter.send(selector, "handles:", [exception], at);
    }

    private runHandler(handlerFrame: Frame, exception: ExceptionObject): unknown {
        const marker = handlerFrame.marker as HandlerMarker;
        exception.handlerContext = handlerFrame;
        marker.active = false;
        const restore = () => {
            marker.active = true;
        };
        const handler = marker.handler;
        const args = handler instanceof BlockClosure && handler.numArgs === 0 ? [] : [exception];
        let value: unknown;
        try {
            value = handler instanceof BlockClosure
                ? this.interpreter.callBlock(handler, args, exception.signalContext!)
                : this.interpreter.send(handler, "cull:", [exception], exception.signalContext!);
        } catch (error) {
            restore();
            throw error;
        }
        // A handler that ends answers its value from the on:do: (Pharo's `self return: val`).
        if (value instanceof Promise) return value.then((v) => {
            restore();
            throw new HandlerReturn(handlerFrame, v);
        }, (error: unknown) => {
            restore();
            throw error;
        });
        restore();
        throw new HandlerReturn(handlerFrame, value);
    }

    /** What happens when no handler takes `exception`: its `defaultAction` (a class of one's own may define its own). */
    private defaultAction(exception: ExceptionObject): unknown {
        const custom = this.interpreter.classes.lookup(exception.cls, "defaultAction");
        if (isSmalltalkMethod(custom)) return this.interpreter.send(exception, "defaultAction", [], exception.signalContext!);
        return this.builtinDefaultAction(exception);
    }

    /** Notification: nil. Warning: a Transcript line, then nil. Anything else ends the run with the error. */
    public builtinDefaultAction(exception: ExceptionObject): unknown {
        if (exception.cls.includesBehavior(classes.Warning)) {
            this.interpreter.host.transcript(`${this.description(exception)}\n`);
            return null;
        }
        if (exception.cls.includesBehavior(classes.Notification)) return null;
        const error = this.unhandled(exception);
        const context = exception.signalerContext;
        const debug = this.interpreter.host.debugger;
        // A debugger may take the error while the stack is alive; not where a JavaScript caller needs an answer at once.
        if (debug == null || context == null || context.exec.syncDepth > 0) throw error;
        const started = performance.now();
        const decided = debug({exception, context, error, resumable: this.interpreter.sendNow(exception, "isResumable") === "true"});
        if (decided == null) throw error;
        return decided.then((action) => {
            context.exec.waited(performance.now() - started);
            return this.debugged(exception, error, action);
        });
    }

    /** Carries out what the debugger decided about an unhandled exception (see DebugAction). */
    private debugged(exception: ExceptionObject, error: Error, action: DebugAction): unknown {
        switch (action.kind) {
            case "proceed":
                return action.value;
            case "resend": {
                const message = exception.message;
                if (!(message instanceof Message)) throw error;
                return this.interpreter.send(exception.receiver, message.selector, message.args, exception.signalerContext!);
            }
            case "restart":
                throw new ContextUnwind(action.context, "restart", null, action.code ?? null);
            case "return":
                throw new ContextUnwind(action.context, "return", action.value);
            case "abandon":
                throw error;
        }
    }

    /** The JavaScript error an unhandled exception ends its run with (recorded at its signal). */
    public unhandled(exception: ExceptionObject): Error {
        let error = exception.hostError;
        if (error == null || error instanceof UnhandledExceptionError) {
            error = new UnhandledExceptionError(exception, this.description(exception));
            exception.hostError = error;
        }
        if (!wasRaised(error) && exception.signalerContext != null) recordErrorContext(error, exception.signalerContext);
        return error;
    }

    /** The description an unhandled exception reports: its class's own description or messageText when it defines one in Smalltalk. */
    public description(exception: ExceptionObject): string {
        const i = this.interpreter;
        if (i.hasSmalltalkMethod(exception, "description")) return i.sendNow(exception, "description") ?? exceptionDescription(exception);
        if (i.hasSmalltalkMethod(exception, "messageText")) {
            const text = i.sendNow(exception, "messageText");
            return text == null || text === "" ? exception.cls.name : `${exception.cls.name}: ${text}`;
        }
        return exceptionDescription(exception);
    }

    /** `retry`: the on:do: context runs its protected block again (or `replacement`, for retryUsing:). */
    public retry(exception: ExceptionObject, replacement: unknown = null): never {
        if (exception.handlerContext == null) throw new PrimitiveFailedError("retry", "the exception is not being handled; retry only works inside a handler block.");
        throw new HandlerRetry(exception.handlerContext, replacement);
    }

    /** `return: value`: the on:do: context answers `value`. */
    public returnFrom(exception: ExceptionObject, value: unknown): never {
        if (exception.handlerContext == null) throw new PrimitiveFailedError("return:", "the exception is not being handled; return: only works inside a handler block.");
        throw new HandlerReturn(exception.handlerContext, value);
    }

    /** `resume: value`: the signal (or the latest `outer`) answers `value`; only resumable exceptions. */
    public resume(exception: ExceptionObject, value: unknown, f: Frame): unknown {
        if (exception.signalContext == null) throw new PrimitiveFailedError("resume:", "the exception was never signalled.");
        const resumable = this.interpreter.send(exception, "isResumable", [], f);
        return andThen(resumable, (ok) => {
            if (ok !== true) {
                const illegal = this.interpreter.definitions.instantiate(classes.IllegalResumeAttempt) as ExceptionObject;
                illegal.messageText = `${exception.cls.name} is not resumable`;
                return this.signal(illegal, f);
            }
            throw new ExceptionResume(exception.outerContext ?? exception.signalContext!, value);
        });
    }

    /** `pass`: the next handler outwards takes the exception (its resumption answers at the signal). */
    public pass(exception: ExceptionObject): unknown {
        const current = exception.handlerContext;
        if (current == null) throw new PrimitiveFailedError("pass", "the exception is not being handled; pass only works inside a handler block.");
        return this.handle(exception, current.sender);
    }

    /** `outer`: like pass, but a resumption answers here, as the value of `outer`. */
    public outer(exception: ExceptionObject): unknown {
        const current = exception.handlerContext;
        if (current == null) throw new PrimitiveFailedError("outer", "the exception is not being handled; outer only works inside a handler block.");
        const previous = exception.outerContext;
        const here = {outer: true};
        exception.outerContext = here;
        const restore = () => {
            exception.outerContext = previous;
            exception.handlerContext = current;
        };
        return guarded(() => andThen(this.handle(exception, current.sender), (v) => {
            restore();
            return v;
        }), (thrown) => {
            restore();
            if (thrown instanceof ExceptionResume && thrown.target === here) return thrown.value;
            throw thrown;
        });
    }

    /**
     * `aBlock on: selector do: handler`: runs the block in an on:do: context whose sender is `f`;
     * a handler's return or retry aimed at this context ends here.
     */
    public onDo(block: BlockClosure, selector: unknown, handler: unknown, f: Frame): unknown {
        const context = new Frame(handlerInfo, 0, null, block, f.exec, null, f);
        context.at = f.at;
        context.marker = new HandlerMarker(selector, handler, block);
        const run = (body: BlockClosure): unknown => guarded(() => this.interpreter.callBlock(body, [], context), (thrown) => {
            if (thrown instanceof HandlerReturn && thrown.target === context) return thrown.value;
            if (thrown instanceof HandlerRetry && thrown.target === context) {
                const replacement = thrown.replacement;
                return run(replacement instanceof BlockClosure ? replacement : body);
            }
            throw thrown;
        });
        return andThen(run(block), (v) => {
            context.dead = true;
            return v;
        });
    }
}
