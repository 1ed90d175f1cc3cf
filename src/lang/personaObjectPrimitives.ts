import {protoOf, selectorArity} from "../objects/index.js";
import type {Primitive} from "../objects/index.js";
import {classes} from "./classes.js";
import {identityHash} from "./equality.js";
import {PrimitiveFailedError} from "./errors.js";
import {guardedProtoSend} from "./guardedProtoSend.js";
import {stringText} from "./values/StString.js";
import {StSymbol} from "./values/StSymbol.js";

function perform(self: Parameters<Primitive>[0], selectorValue: unknown, args: readonly unknown[]): unknown {
    const selector = selectorValue instanceof StSymbol ? selectorValue.name : stringText(selectorValue) ?? selectorValue;
    if (typeof selector !== "string") throw new PrimitiveFailedError("perform:", "the selector must be a Symbol or String.");
    if (selectorArity(selector) !== args.length)
        throw new PrimitiveFailedError("perform:", `#${selector} takes ${selectorArity(selector)} argument(s) but ${args.length} were given.`);
    return guardedProtoSend(self, selector, args);
}

/**
 * The Object protocol for personas, as primitives for the runtime's table: without them
 * `aPersona isNil` or `aPersona = other` would fall through to doesNotUnderstand (and so to an
 * LLM handler). Add the ones the runtime does not define itself:
 * `for (const [s, p] of personaObjectPrimitives()) if (!table.has(s)) table.set(s, p)`.
 */
export function personaObjectPrimitives(): Map<string, Primitive> {
    return new Map<string, Primitive>([
        ["isNil", () => false],
        ["notNil", () => true],
        ["isPersona", () => true],
        ["=", (self, [other]) => protoOf(other) === self],
        ["~=", (self, [other]) => protoOf(other) !== self],
        ["==", (self, [other]) => protoOf(other) === self],
        ["~~", (self, [other]) => protoOf(other) !== self],
        ["hash", (self) => identityHash(self)],
        ["identityHash", (self) => identityHash(self)],
        ["class", () => classes.Persona],
        ["perform:", (self, [selector]) => perform(self, selector, [])],
        ["perform:with:", (self, [selector, a]) => perform(self, selector, [a])],
        ["perform:with:with:", (self, [selector, a, b]) => perform(self, selector, [a, b])],
        ["perform:withArguments:", (self, [selector, args]) => {
            if (!Array.isArray(args)) throw new PrimitiveFailedError("perform:withArguments:", "the arguments must be an Array.");
            return perform(self, selector, args);
        }]
    ]);
}
