import type {BlockClosure} from "./BlockClosure.js";
import type {ExceptionObject} from "./values/ExceptionObject.js";

/**
 * The state of an `on:do:` context (its frame's marker): what it catches, the handler block, and
 * whether it is active (not while its own handler runs, as in Pharo).
 */
export class HandlerMarker {
    public active = true;

    public constructor(public readonly selector: unknown, public readonly handler: unknown, public readonly protectedBlock: BlockClosure) {}
}

/** The marker of the context of an exception's `signal`: the search for a handler skips from it to the handler already running. */
export class SignalMarker {
    public constructor(public readonly exception: ExceptionObject) {}
}

/** `ensure:` and `ifCurtailed:` contexts carry their unwind block, for a debugger. */
export class UnwindMarker {
    public constructor(public readonly kind: "ensure:" | "ifCurtailed:", public readonly block: unknown) {}
}

/**
 * Control flow of handlers, thrown and caught inside the interpreter, never seen by Smalltalk
 * handlers: `return:` (and a handler that falls off its end) ends the on:do: context `target`
 * with `value`; `retry` and `retryUsing:` run it again; `resume:` answers `value` at the signal
 * (or at `outer`) whose context is `target`.
 */
export class HandlerReturn {
    public constructor(public readonly target: object, public readonly value: unknown) {}
}

export class HandlerRetry {
    public constructor(public readonly target: object, public readonly replacement: unknown = null) {}
}

export class ExceptionResume {
    public constructor(public readonly target: object, public readonly value: unknown) {}
}
