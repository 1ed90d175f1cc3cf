import {makeEvent} from "./Events.js";
import {Message, selectorArity} from "./Message.js";
import {MessageNotUnderstood} from "./MessageNotUnderstood.js";
import type {DnuHandler, MaybePromise, Resumption} from "./MessageNotUnderstood.js";
import type {MethodRecord} from "./PersonaRecord.js";
import type {Proto} from "./Proto.js";
import {MessageNotUnderstoodError, WrongArgumentCountError} from "./errors.js";
import {nearestWords} from "./levenshtein.js";

/** Returned by a persona's `doesNotUnderstand:` method (via `aMessage pass`) to decline. */
export const passMarker: unique symbol = Symbol("pass");

/** A method found by lookup, with the persona that holds it. */
export type FoundMethod = {method: MethodRecord, holder: Proto};

/** Looks a selector up in the receiver's methods, then its parents'. Never signals. */
export function lookupMethod(receiver: Proto, selector: string): FoundMethod | null {
    for (const persona of receiver.lookupChain()) {
        // Own properties only: `constructor` or `__proto__` must never be found as a method.
        const methods = persona.record.methods;
        const method = Object.hasOwn(methods, selector) ? methods[selector] : undefined;
        if (method != null) return {method, holder: persona};
    }
    return null;
}

/** Every selector the receiver understands: its methods along the chain and the primitives. */
export function understoodSelectors(receiver: Proto): string[] {
    const selectors = new Set<string>();
    for (const persona of receiver.lookupChain())
        for (const selector of Object.keys(persona.record.methods)) selectors.add(selector);
    for (const selector of receiver.world.primitives.keys()) selectors.add(selector);
    return [...selectors].sort();
}

/** True when the receiver has a method or primitive for `selector` (no doesNotUnderstand involved). */
export function respondsTo(receiver: Proto, selector: string): boolean {
    return lookupMethod(receiver, selector) != null || receiver.world.primitives.has(selector);
}

/**
 * The one send path: persona methods along the delegation chain, then primitives, then
 * doesNotUnderstand. The Proxy and the Playground interpreter both come through here, so a
 * failed send behaves the same from TypeScript and from Smalltalk.
 * Answers synchronously when every step is synchronous, and a Promise otherwise.
 */
export function send(receiver: Proto, selector: string, args: readonly unknown[]): MaybePromise<unknown> {
    const arity = selectorArity(selector);
    if (arity !== args.length) throw new WrongArgumentCountError(selector, arity, args.length);

    const found = lookupMethod(receiver, selector);
    if (found != null) {
        const executor = receiver.world.executor;
        if (executor == null)
            throw new Error(`${receiver.name}>>${selector} is Smalltalk source, but no interpreter is attached to this world. Build the world with the runtime (createRuntime) to run methods.`);
        return executor.invoke(receiver, found.method, args, found.holder);
    }
    const primitive = receiver.world.primitives.get(selector);
    if (primitive != null) return primitive(receiver, args);
    return doesNotUnderstand(receiver, new Message(selector, args));
}

/**
 * Signals a resumable MessageNotUnderstood. Handlers are tried in order: the persona's own
 * `doesNotUnderstand:` method, then the runtime's handlers; the first that resumes supplies the
 * answer. Every such event is published as `dissonance`.
 */
export function doesNotUnderstand(receiver: Proto, message: Message): MaybePromise<unknown> {
    const signal = new MessageNotUnderstood(receiver, message);
    const handlers: DnuHandler[] = [];
    const own = lookupMethod(receiver, "doesNotUnderstand:");
    if (own != null && receiver.world.executor != null) {
        const executor = receiver.world.executor;
        handlers.push({
            name: "method",
            handle: (s) => andThen(executor.invoke(receiver, own.method, [message], own.holder),
                (value) => value === passMarker ? undefined : s.resume(value))
        });
    }
    handlers.push(...receiver.world.dnuHandlers);
    return tryHandlers(signal, handlers, 0);
}

function tryHandlers(signal: MessageNotUnderstood, handlers: readonly DnuHandler[], index: number): MaybePromise<unknown> {
    for (let i = index; i < handlers.length; i++) {
        const handler = handlers[i]!;
        let outcome: MaybePromise<Resumption | undefined>;
        try {
            outcome = handler.handle(signal);
        } catch (error) {
            publishDissonance(signal, "unresolved", handler.name);
            throw error;
        }
        if (outcome instanceof Promise) {
            return outcome.then(
                (resumption) => resumption != null
                    ? resolved(signal, handler, resumption)
                    : tryHandlers(signal, handlers, i + 1),
                (error: unknown) => {
                    publishDissonance(signal, "unresolved", handler.name);
                    throw error;
                }
            );
        }
        if (outcome != null) return resolved(signal, handler, outcome);
    }
    publishDissonance(signal, "unresolved", null);
    const receiver = signal.receiver;
    throw new MessageNotUnderstoodError(receiver.name, signal.message.selector,
        nearestWords(signal.message.selector, understoodSelectors(receiver)));
}

function resolved(signal: MessageNotUnderstood, handler: DnuHandler, resumption: Resumption): unknown {
    publishDissonance(signal, handler.name === "method" ? "method" : "handler", handler.name);
    return resumption.value;
}

function publishDissonance(signal: MessageNotUnderstood, resolution: "method" | "handler" | "unresolved", handler: string | null): void {
    signal.receiver.world.events.publish(makeEvent({
        type: "dissonance",
        persona: signal.receiver.name,
        selector: signal.message.selector,
        args: signal.message.args.map(describeArgument),
        resolution,
        handler
    }));
}

function describeArgument(value: unknown): string {
    if (typeof value === "string") return JSON.stringify(value.length > 80 ? value.slice(0, 77) + "..." : value);
    if (typeof value === "bigint") return value.toString() + "n";
    if (value == null || typeof value !== "object") return String(value);
    return Object.prototype.toString.call(value);
}

/** Applies `fn` to a value that may or may not be a Promise, staying synchronous when it can. */
export function andThen<T, R>(value: MaybePromise<T>, fn: (value: T) => MaybePromise<R>): MaybePromise<R> {
    return value instanceof Promise ? value.then(fn) : fn(value);
}
