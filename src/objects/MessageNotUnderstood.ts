import type {Message} from "./Message.js";
import type {Proto} from "./Proto.js";

/** A handler's answer: resume the failed send with `value`. Returning undefined declines. */
export type Resumption = {readonly kind: "resume", readonly value: unknown};

export type MaybePromise<T> = T | Promise<T>;

/**
 * I am the resumable signal raised when a persona receives a message it has no method or
 * primitive for. A handler that calls `resume(value)` supplies the answer of the failed send;
 * one that returns undefined lets the next handler try.
 */
export class MessageNotUnderstood {
    public constructor(public readonly receiver: Proto, public readonly message: Message) {}

    public resume(value: unknown): Resumption {
        return {kind: "resume", value};
    }
}

/** A `doesNotUnderstand` handler registered on the runtime. Tried in registration order. */
export type DnuHandler = {
    readonly name: string,
    handle(signal: MessageNotUnderstood): MaybePromise<Resumption | undefined>
};
