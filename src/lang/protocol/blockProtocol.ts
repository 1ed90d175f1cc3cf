import {MessageNotUnderstoodError} from "../../objects/index.js";
import {BlockClosure} from "../BlockClosure.js";
import {classes} from "../classes.js";
import {
    PrimitiveFailedError, RecursionTooDeepError, SmalltalkRuntimeError, StepBudgetExceededError, ZeroDivideError
} from "../errors.js";
import type {Frame} from "../Frame.js";
import type {Interpreter} from "../Interpreter.js";
import {printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {StClass} from "../StClass.js";
import {expectBoolean, valueOf} from "./support.js";

function whileLoop(self: BlockClosure, body: unknown, want: boolean, selector: string, f: Frame, interpreter: Interpreter): unknown {
    for (;;) {
        const c = interpreter.callBlock(self, [], f);
        if (c instanceof Promise) return c.then((v) => afterCondition(v));
        if (expectBoolean(c, selector) !== want) return null;
        if (body != null) {
            const r = valueOf(interpreter, body, [], f);
            if (r instanceof Promise) return r.then(() => whileLoop(self, body, want, selector, f, interpreter));
        }
    }
    function afterCondition(v: unknown): unknown {
        if (expectBoolean(v, selector) !== want) return null;
        return body == null ? whileLoop(self, body, want, selector, f, interpreter)
            : andThen(valueOf(interpreter, body, [], f), () => whileLoop(self, body, want, selector, f, interpreter));
    }
}

function repeat(self: BlockClosure, f: Frame, interpreter: Interpreter): unknown {
    for (;;) {
        const r = interpreter.callBlock(self, [], f);
        if (r instanceof Promise) return r.then(() => repeat(self, f, interpreter));
    }
}

/**
 * Errors Smalltalk code may handle with on:do:. A stopped run (step budget, recursion) is not
 * one of them: a handler could otherwise keep a runaway loop alive.
 */
function catchable(error: unknown): error is Error {
    // A RangeError here is the JavaScript stack overflowing (or a size limit): recursion, not a user error.
    return error instanceof Error && !(error instanceof StepBudgetExceededError) && !(error instanceof RecursionTooDeepError) &&
        !(error instanceof RangeError);
}

function matches(selector: unknown, error: Error): boolean {
    if (!(selector instanceof StClass)) throw new PrimitiveFailedError("on:do:", `the first argument must be an exception class (Error, ZeroDivide, MessageNotUnderstood), not ${printString(selector)}.`);
    if (selector === classes.Error) return true;
    if (selector === classes.ZeroDivide) return error instanceof ZeroDivideError;
    if (selector === classes.MessageNotUnderstood) return error instanceof MessageNotUnderstoodError;
    return false;
}

function handle(error: unknown, exceptionClass: unknown, handler: unknown, f: Frame, interpreter: Interpreter): unknown {
    if (!catchable(error) || !matches(exceptionClass, error)) throw error;
    const args = handler instanceof BlockClosure && handler.numArgs === 0 ? [] : [error];
    return valueOf(interpreter, handler, args, f);
}

function ensure(self: BlockClosure, after: unknown, f: Frame, interpreter: Interpreter): unknown {
    let result: unknown;
    try {
        result = interpreter.callBlock(self, [], f);
    } catch (error) {
        return andThen(valueOf(interpreter, after, [], f), () => {
            throw error;
        });
    }
    if (result instanceof Promise)
        return result.then(
            (v) => andThen(valueOf(interpreter, after, [], f), () => v),
            (error: unknown) => andThen(valueOf(interpreter, after, [], f), () => {
                throw error;
            }));
    return andThen(valueOf(interpreter, after, [], f), () => result);
}

/** Blocks: evaluation, loops, ensure:, on:do:. */
export function installBlockProtocol(): void {
    classes.BlockClosure.define<BlockClosure>({
        "value": (self, _a, f, i) => i.callBlock(self, [], f),
        "value:": (self, args, f, i) => i.callBlock(self, args, f),
        "value:value:": (self, args, f, i) => i.callBlock(self, args, f),
        "value:value:value:": (self, args, f, i) => i.callBlock(self, args, f),
        "value:value:value:value:": (self, args, f, i) => i.callBlock(self, args, f),
        "valueWithArguments:": (self, [args], f, i) => {
            if (!Array.isArray(args)) throw new PrimitiveFailedError("valueWithArguments:", `the argument must be an Array, not ${printString(args)}.`);
            return i.callBlock(self, args, f);
        },
        "cull:": (self, [a], f, i) => i.callBlock(self, self.numArgs === 0 ? [] : [a], f),
        "numArgs": (self) => self.numArgs,
        "isBlock": () => true,
        "whileTrue:": (self, [body], f, i) => whileLoop(self, body, true, "whileTrue:", f, i),
        "whileFalse:": (self, [body], f, i) => whileLoop(self, body, false, "whileFalse:", f, i),
        "whileTrue": (self, _a, f, i) => whileLoop(self, null, true, "whileTrue", f, i),
        "whileFalse": (self, _a, f, i) => whileLoop(self, null, false, "whileFalse", f, i),
        "repeat": (self, _a, f, i) => repeat(self, f, i),
        "ensure:": (self, [after], f, i) => ensure(self, after, f, i),
        "ifCurtailed:": (self, [after], f, i) => {
            try {
                const r = i.callBlock(self, [], f);
                return r instanceof Promise ? r.catch((error: unknown) => andThen(valueOf(i, after, [], f), () => {
                    throw error;
                })) : r;
            } catch (error) {
                return andThen(valueOf(i, after, [], f), () => {
                    throw error;
                });
            }
        },
        "on:do:": (self, [exceptionClass, handler], f, i) => {
            let result: unknown;
            try {
                result = i.callBlock(self, [], f);
            } catch (error) {
                return handle(error, exceptionClass, handler, f, i);
            }
            return result instanceof Promise ? result.catch((error: unknown) => handle(error, exceptionClass, handler, f, i)) : result;
        }
    });
    classes.Error.define<Error>({
        "messageText": (self) => "messageText" in self && typeof self.messageText === "string" ? self.messageText : self.message,
        "description": (self) => `${self.name}: ${self.message}`,
        "return:": (_self, [value]) => value,
        "signal": (self) => {
            throw self;
        },
        "selector": (self) => self instanceof MessageNotUnderstoodError ? self.selector : null
    });
    classes.Error.defineClassSide({
        "new": () => new SmalltalkRuntimeError("An error was signalled."),
        "signal": () => {
            throw new SmalltalkRuntimeError("An error was signalled.");
        }
    });
}
