import {Message, doesNotUnderstand, send} from "../objects/index.js";
import type {MethodExecutor, Proto} from "../objects/index.js";
import {SmalltalkRuntimeError} from "./errors.js";

/**
 * The send path of objects/send.ts, with own-property lookups in the method tables. Used for
 * `super` (lookup starts above `startAbove`) and for selectors that name Object.prototype
 * members (`constructor`, `__proto__`, `toString`…), which objects' lookupMethod would find as
 * inherited JavaScript properties of a persona's method table. Every other send goes through
 * objects' `send` itself.
 */
export function guardedProtoSend(receiver: Proto, selector: string, args: readonly unknown[], startAbove: Proto | null = null, fallbackExecutor: MethodExecutor | null = null): unknown {
    if (startAbove == null && !(selector in Object.prototype)) return send(receiver, selector, args);
    const start = startAbove == null ? receiver : startAbove.parent;
    if (start != null) {
        for (const persona of start.lookupChain()) {
            const methods = persona.record.methods;
            if (Object.hasOwn(methods, selector)) {
                const executor = receiver.world.executor ?? fallbackExecutor;
                if (executor == null) throw new SmalltalkRuntimeError(`${receiver.name}>>${selector} is Smalltalk source, but no interpreter is attached to this world.`);
                return executor.invoke(receiver, methods[selector]!, args, persona);
            }
        }
    }
    const primitive = receiver.world.primitives.get(selector);
    if (primitive != null) return primitive(receiver, args);
    return doesNotUnderstand(receiver, new Message(selector, args));
}
