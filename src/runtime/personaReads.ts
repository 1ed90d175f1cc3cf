import {Mirror, recordSlot, summarize} from "../objects/index.js";
import type {Primitive, Proto} from "../objects/index.js";
import type {Interpreter} from "../lang/index.js";
import {PersonaArgumentError} from "./PersonaArgumentError.js";
import {recordSlots} from "./slotRules.js";
import {fromSmalltalk, toSmalltalk} from "./valueBridge.js";

/** A primitive's String argument (a String or a Symbol), or a PersonaArgumentError that names the selector and what came. */
export function stringArgument(value: unknown, what: string): string {
    const plain = fromSmalltalk(value);
    if (typeof plain !== "string") throw new PersonaArgumentError(what.split("'")[0]!, `${what} must be a String, got ${summarize(plain)}.`);
    return plain;
}

/**
 * `at:` on a persona, in the image's world and in a synthesis sandbox alike: a record slot as Smalltalk data,
 * or a free slot's live object (every read answers the same one, with its class).
 */
export function readSlot(interpreter: Interpreter, self: Proto, slot: unknown): unknown {
    const name = stringArgument(slot, "at:'s argument");
    const record = self.record;
    if (recordSlots.has(name)) return toSmalltalk(recordSlot(record, name));
    if (!Object.hasOwn(record.slots, name))
        throw new PersonaArgumentError("at:", `${self.name} has no slot ${name}. Its slots: ${new Mirror(self).slotNames().join(", ")}. Make one with at:put:.`);
    return interpreter.slotValue(self, name, record.slots[name]);
}

/**
 * The reads every persona answers, in the image's world and in a synthesis sandbox alike: its name (as its
 * printString too), itself, its id, its codex, its slot names and respondsTo:.
 */
export function definePersonaReads(define: (selector: string, fn: Primitive) => void): void {
    define("name", (self) => self.name);
    define("printString", (self) => self.name);
    define("displayString", (self) => self.name);
    define("yourself", (self) => self);
    define("personaId", (self) => self.personaId);
    define("codex", (self) => toSmalltalk(self.record.codex));
    define("slots", (self) => toSmalltalk(new Mirror(self).slotNames()));
    define("respondsTo:", (self, [selector]) => new Mirror(self).respondsTo(stringArgument(selector, "respondsTo:'s argument")));
}
