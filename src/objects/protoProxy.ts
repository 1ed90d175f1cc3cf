import type {MaybePromise} from "./MessageNotUnderstood.js";
import {Proto} from "./Proto.js";
import {send} from "./send.js";

/**
 * The TypeScript face of a persona. Any property is a selector: `brick.greet("Ada")` sends
 * `greet:`, `brick.at_put("mood", "sunny")` sends `at:put:`, `brick.name()` sends `name`.
 * A known selector runs the persona's method or a primitive; anything else goes to
 * doesNotUnderstand. The answer is synchronous unless a step was asynchronous (chat, swaps).
 */
export type ProtoHandle = {
    readonly [selector: string]: (...args: unknown[]) => MaybePromise<unknown>
};

const protoOfHandle = new WeakMap<object, Proto>();
const handleOfProto = new WeakMap<Proto, ProtoHandle>();

/** Translates a JavaScript method name and argument count to a Smalltalk selector. */
export function selectorFromJsName(name: string, argumentCount: number): string {
    if (argumentCount === 0) return name;
    if (name.includes("_")) {
        const parts = name.split("_").filter((part) => part.length > 0);
        if (parts.length === argumentCount) return parts.map((part) => part + ":").join("");
    }
    if (argumentCount === 1) return name + ":";
    // More arguments than keyword parts: keep the colons we can infer so the arity error is clear.
    return name.split("_").map((part) => part + ":").join("");
}

// Properties that JavaScript machinery probes on any object. Answering them with a send would
// make `await handle` treat the persona as a thenable, or make JSON and util.inspect send messages.
const notSelectors = new Set(["then", "toJSON", "constructor", "valueOf", "asymmetricMatch", "$$typeof", "nodeType", "tagName"]);

/** The Proxy face of `proto`: one per Proto, so handles compare equal with ===. */
export function protoProxy(proto: Proto): ProtoHandle {
    const existing = handleOfProto.get(proto);
    if (existing != null) return existing;
    const functions = new Map<string, (...args: unknown[]) => MaybePromise<unknown>>();
    const handle = new Proxy(proto, {
        get(target, property) {
            if (typeof property === "symbol") {
                if (property === Symbol.toStringTag) return `Proto ${target.toString()}`;
                if (property.description === "nodejs.util.inspect.custom") return () => `<Proto ${target.toString()}>`;
                return undefined;
            }
            if (notSelectors.has(property)) return undefined;
            if (property === "toString") return () => target.toString();
            let fn = functions.get(property);
            if (fn == null) {
                fn = (...args: unknown[]) => send(target, selectorFromJsName(property, args.length), args);
                functions.set(property, fn);
            }
            return fn;
        },
        set() {
            throw new TypeError("A persona's slots are changed by messages (`at_put(slot, value)`), not by assignment, so every change is journalled.");
        },
        deleteProperty() {
            throw new TypeError("A persona's slots are removed by messages, not by delete.");
        }
    }) as unknown as ProtoHandle;
    protoOfHandle.set(handle, proto);
    handleOfProto.set(proto, handle);
    return handle;
}

/** The Proto behind a handle (or the Proto itself). Reads a WeakMap: never sends a message. */
export function protoOf(value: unknown): Proto | null {
    if (value == null || (typeof value !== "object" && typeof value !== "function")) return null;
    // The WeakMap first: `handle instanceof Proto` is true too, since the handle's target is a Proto.
    return protoOfHandle.get(value) ?? (value instanceof Proto ? value : null);
}
