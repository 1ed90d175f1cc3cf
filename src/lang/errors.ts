import {MessageNotUnderstoodError} from "../objects/index.js";

/**
 * Run-time errors of the Playground language. Each says what was expected, what was found and
 * how to fix it. All of them leave the environment usable: the next evaluate starts afresh.
 */
export class SmalltalkRuntimeError extends Error {
    public readonly userError = true;
    public override name = "SmalltalkRuntimeError";

    public constructor(message: string, options?: {cause?: unknown}) {
        super(message, options);
    }
}

/** A runaway computation: more sends and loop iterations than the step budget allows. */
export class StepBudgetExceededError extends SmalltalkRuntimeError {
    public override name = "StepBudgetExceededError";

    public constructor(public readonly budget: number) {
        super(`Stopped after ${budget.toLocaleString("en-US")} steps (sends and loop iterations): the code looks like a runaway loop or recursion. ` +
            "Check the loop condition, or raise the budget with the host's stepBudget option if the work is genuinely this large. The image is unchanged by the stop itself.");
    }
}

/** Smalltalk activations nested deeper than the interpreter allows (unbounded recursion). */
export class RecursionTooDeepError extends SmalltalkRuntimeError {
    public override name = "RecursionTooDeepError";

    /** `depth` is the activation limit that was hit, or -1 when the JavaScript stack itself overflowed. */
    public constructor(public readonly depth: number) {
        super(`${depth >= 0 ? `Method and block activations nested deeper than ${depth}` : "The stack overflowed"}: this is almost certainly unbounded recursion. Add a base case that answers without sending the message again.`);
    }
}

/** A name that is neither a variable in scope, a workspace binding, a class, a global nor a persona. */
export class UndeclaredVariableError extends SmalltalkRuntimeError {
    public override name = "UndeclaredVariableError";

    public constructor(public readonly variable: string, public readonly nearest: readonly string[], why: string | null = null) {
        super(`Undeclared variable ${variable}${why == null ? "" : `: ${why}`}.` +
            (nearest.length > 0 ? ` Did you mean ${nearest.join(", ")}?` : "") +
            (/^[A-Z]/.test(variable)
                ? " Globals are the personas by name, Image, Transcript and the classes (Array, OrderedCollection, Dictionary, Set, String, Symbol, Object…)."
                : ` Declare it with | ${variable} | at the start of the code.`));
    }
}

/** `^` from a block whose home method (or do-it) has already returned. */
export class BlockCannotReturnError extends SmalltalkRuntimeError {
    public override name = "BlockCannotReturnError";

    public constructor(public readonly blockSource: string) {
        super(`BlockCannotReturn: the block ${blockSource} tried to ^ return from a method that has already returned. Answer the value from the block without ^ instead.`);
    }
}

/** A block called with the wrong number of arguments. */
export class WrongBlockArgumentCountError extends SmalltalkRuntimeError {
    public override name = "WrongBlockArgumentCountError";

    public constructor(public readonly expected: number, public readonly got: number) {
        super(`This block takes ${expected} argument${expected === 1 ? "" : "s"} but was given ${got}: use ${expected === 0 ? "value" : "value:".repeat(expected)}.`);
    }
}

/** Division by zero. */
export class ZeroDivideError extends SmalltalkRuntimeError {
    public override name = "ZeroDivideError";

    public constructor(public readonly dividend: string) {
        super(`ZeroDivide: ${dividend} was divided by zero. Check the divisor before dividing (e.g. \`d = 0 ifTrue: [...]\`).`);
    }
}

/** The Smalltalk exception a failing builtin signals, when it is not a plain Error: its class name and its Pharo message text. */
export type SignalAs = {exception: string, messageText?: string};

/** A built-in method given an argument of the wrong kind, or an index out of range. */
export class PrimitiveFailedError extends SmalltalkRuntimeError {
    public override name = "PrimitiveFailedError";

    public constructor(public readonly selector: string, public readonly problem: string, public readonly signalAs: SignalAs | null = null) {
        super(`#${selector} failed: ${problem}`);
    }
}

/** `self error: 'text'` from Smalltalk code. */
export class SmalltalkUserError extends SmalltalkRuntimeError {
    public override name = "SmalltalkUserError";

    public constructor(public readonly messageText: string, public readonly exceptionClass = "Error") {
        super(`${exceptionClass}: ${messageText}`);
    }
}

/**
 * A Smalltalk exception nobody handled (`Error signal: 'boom'`, `MyError new signal`): its
 * description is the message; `exception` is the exception object.
 */
export class UnhandledExceptionError extends SmalltalkRuntimeError {
    public override name = "UnhandledExceptionError";

    public constructor(public readonly exception: unknown, description: string) {
        super(description);
    }
}

/**
 * A selector not understood by a built-in value (a number, a string, a collection…). It is a
 * MessageNotUnderstoodError, as for personas, with a fix that fits values rather than personas.
 */
export class BuiltinMessageNotUnderstoodError extends MessageNotUnderstoodError {
    public constructor(receiver: string, selector: string, nearest: readonly string[], public readonly className: string) {
        super(receiver, selector, nearest);
        this.message = `${receiver} does not understand #${selector}.` +
            (nearest.length > 0 ? ` Did you mean ${nearest.map((s) => "#" + s).join(", ")}?` : "") +
            ` ${className} understands only its own selectors: \`${className} allSelectors\` lists them.`;
    }
}

/** An interactive evaluation that ran longer than its time limit. */
export class TimeLimitExceededError extends SmalltalkRuntimeError {
    public override name = "TimeLimitExceededError";

    public constructor(public readonly limitMs: number) {
        super(`Stopped after ${(limitMs / 1000).toLocaleString("en-US")} s: the code ran longer than the time limit of an interactive evaluation. ` +
            "Check for a runaway loop, or raise the limit (the host's timeLimitMs) if the work is genuinely this long. The image is unchanged by the stop itself.");
    }
}

/** An evaluation stopped by the user (the Playground's interrupt, or an AbortSignal). */
export class InterruptedError extends SmalltalkRuntimeError {
    public override name = "InterruptedError";

    public constructor() {
        super("Interrupted: the evaluation was stopped on request. What it changed before the stop stays changed.");
    }
}

/** A value that cannot be stored in the image (a host object, a block that uses its method's variables…). */
export class ValueNotStorableError extends SmalltalkRuntimeError {
    public override name = "ValueNotStorableError";

    public constructor(public readonly what: string, fix: string) {
        super(`Cannot store ${what}: ${fix}. Nothing was changed.`);
    }
}

/** A class definition, compile: or removal the class system refuses. Nothing was changed. */
export class ClassDefinitionError extends SmalltalkRuntimeError {
    public override name = "ClassDefinitionError";

    public constructor(public readonly className: string, problem: string) {
        super(`Cannot do that to class ${className}: ${problem}. Nothing was changed.`);
    }
}
