import type {CompiledCode} from "./Compiler.js";
import type {Frame} from "./Frame.js";
import type {ExceptionObject} from "./values/ExceptionObject.js";

/**
 * An unhandled error that a debugger may take, while its stack is still alive: the exception, the
 * context that signalled it (its senders are the stack), the error the run would end with, and
 * whether the exception is resumable (Proceed answers a value at the signal).
 */
export type DebugRequest = {
    readonly exception: ExceptionObject,
    readonly context: Frame,
    readonly error: Error,
    readonly resumable: boolean
};

/**
 * What the debugger decided: the signal answers `value` (proceed, only for a resumable exception);
 * the message is sent again and the signal answers its value (resend, after Create compiled the
 * missing method); `context` runs again from its start, with `code` instead of its own method when
 * the method was edited (restart); `context` answers `value` (return); or the run ends with the
 * error (abandon).
 */
export type DebugAction =
    | {readonly kind: "proceed", readonly value: unknown}
    | {readonly kind: "resend"}
    | {readonly kind: "restart", readonly context: Frame, readonly code?: CompiledCode}
    | {readonly kind: "return", readonly context: Frame, readonly value: unknown}
    | {readonly kind: "abandon"};

/**
 * The host's debugger: given an unhandled error, answers undefined (no debugger for this one: the
 * run ends with the error, as without a debugger) or the action the user chose, when it is chosen.
 */
export type DebuggerHook = (request: DebugRequest) => Promise<DebugAction> | undefined;
