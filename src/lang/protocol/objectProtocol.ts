import {Proto, selectorArity} from "../../objects/index.js";
import {BlockClosure} from "../BlockClosure.js";
import {classes, classOf} from "../classes.js";
import {PrimitiveFailedError, SmalltalkUserError} from "../errors.js";
import {identityHash, stEquals, stHash} from "../equality.js";
import {basicPrintString, displayString, printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {StClass, StObject} from "../StClass.js";
import {Association} from "../values/Association.js";
import {Dictionary} from "../values/Dictionary.js";
import {OrderedCollection} from "../values/OrderedCollection.js";
import {StSet} from "../values/StSet.js";
import {StString} from "../values/StString.js";
import {expectString, valueOf} from "./support.js";

/** `perform:` checks the selector and its arity, then takes the ordinary send: only selector tables are consulted. */
function perform(self: unknown, selectorValue: unknown, args: readonly unknown[], f: Parameters<typeof valueOf>[3], interpreter: Parameters<typeof valueOf>[0]): unknown {
    const selector = expectString(selectorValue, "perform:", "selector");
    if (selectorArity(selector) !== args.length)
        throw new PrimitiveFailedError("perform:", `#${selector} takes ${selectorArity(selector)} argument(s) but ${args.length} were given.`);
    return interpreter.send(self, selector, args, f);
}

/** `ifNotNil:` blocks may take the receiver or nothing. */
function argsFor(block: unknown, self: unknown): unknown[] {
    return block instanceof BlockClosure && block.numArgs === 0 ? [] : [self];
}

function shallowCopy(self: unknown): unknown {
    if (self instanceof StObject) {
        const copy = Object.assign(Object.create(Object.getPrototypeOf(self) as object) as StObject, self);
        copy.ivars = [...self.ivars];
        return copy;
    }
    // A String's copy can be changed, whether the original was a literal or not (Pharo's copy of a read-only object is writable).
    if (typeof self === "string" || self instanceof StString) return new StString(self.toString());
    if (Array.isArray(self)) return [...self];
    if (self instanceof OrderedCollection) return new OrderedCollection([...self.items]);
    if (self instanceof Dictionary) {
        const copy = new Dictionary();
        for (const a of self.associations()) copy.set(a.key, a.value);
        return copy;
    }
    if (self instanceof StSet) {
        const copy = new StSet();
        for (const v of self.values()) copy.add(v);
        return copy;
    }
    if (self instanceof Association) return new Association(self.key, self.value);
    return self;
}

/** The instance variable `name` (or number) of an object of a class of one's own. */
function instVarIndex(self: unknown, key: unknown, selector: string): number {
    if (!(self instanceof StObject)) throw new PrimitiveFailedError(selector, `${printString(self)} has no named instance variables.`);
    const names = self.cls.allInstanceVariables();
    const index = typeof key === "number" ? key - 1 : names.indexOf(expectString(key, selector, "variable name"));
    if (index < 0 || index >= names.length) throw new PrimitiveFailedError(selector, `${self.cls.name} has no instance variable ${printString(key)}; it has ${names.join(" ") || "none"}.`);
    return index;
}

/** The protocol every value understands (Pharo's Object). */
export function installObjectProtocol(): void {
    classes.Object.define<unknown>({
        "printString": (self, _a, f, i) => i.printStringOf(self, f),
        "displayString": (self, _a, f, i) => i.displayStringOf(self, f),
        "printOn:": (self, [stream], f, i) => andThen(i.send(stream, "nextPutAll:", [basicPrintString(self)], f), () => self),
        "displayStringOn:": (self, [stream], f, i) => andThen(i.displayStringOf(self, f), (text) => andThen(i.send(stream, "nextPutAll:", [text], f), () => self)),
        "asString": (self, _a, f, i) => i.displayStringOf(self, f),
        "initialize": (self) => self,
        "postCopy": (self) => self,
        "instVarNamed:": (self, [name]) => {
            const index = instVarIndex(self, name, "instVarNamed:");
            return (self as StObject).ivars[index] ?? null;
        },
        "instVarNamed:put:": (self, [name, value]) => {
            const index = instVarIndex(self, name, "instVarNamed:put:");
            return ((self as StObject).ivars[index] = value);
        },
        "instVarAt:": (self, [n]) => {
            const index = instVarIndex(self, n, "instVarAt:");
            return (self as StObject).ivars[index] ?? null;
        },
        "instVarAt:put:": (self, [n, value]) => {
            const index = instVarIndex(self, n, "instVarAt:put:");
            return ((self as StObject).ivars[index] = value);
        },
        "=": (self, [other]) => stEquals(self, other),
        "~=": (self, [other]) => !stEquals(self, other),
        "==": (self, [other]) => self === other,
        "~~": (self, [other]) => self !== other,
        "hash": (self) => stHash(self),
        "identityHash": (self) => identityHash(self),
        "class": (self) => classOf(self),
        "isKindOf:": (self, [cls]) => cls instanceof StClass && classOf(self).includesBehavior(cls),
        "isMemberOf:": (self, [cls]) => classOf(self) === cls,
        "respondsTo:": (self, [selector], _f, interpreter) => interpreter.respondsTo(self, expectString(selector, "respondsTo:")),
        "yourself": (self) => self,
        "value": (self) => self,
        "copy": (self, _a, f, i) => {
            const copy = shallowCopy(self);
            return self instanceof StObject ? andThen(i.send(copy, "postCopy", [], f), () => copy) : copy;
        },
        "shallowCopy": (self) => shallowCopy(self),
        "->": (self, [value]) => new Association(self, value),
        "isNil": () => false,
        "notNil": () => true,
        "isEmptyOrNil": () => false,
        "ifNil:": (self) => self,
        "ifNotNil:": (self, [block], f, interpreter) => valueOf(interpreter, block, argsFor(block, self), f),
        "ifNil:ifNotNil:": (self, [, block], f, interpreter) => valueOf(interpreter, block, argsFor(block, self), f),
        "ifNotNil:ifNil:": (self, [block], f, interpreter) => valueOf(interpreter, block, argsFor(block, self), f),
        "isString": () => false,
        "isSymbol": () => false,
        "isNumber": () => false,
        "isInteger": () => false,
        "isFloat": () => false,
        "isCharacter": () => false,
        "isCollection": () => false,
        "isArray": () => false,
        "isBlock": () => false,
        "isDictionary": () => false,
        "isPersona": (self) => self instanceof Proto,
        "isBoolean": () => false,
        "perform:": (self, [selector], f, interpreter) => perform(self, selector, [], f, interpreter),
        "perform:with:": (self, [selector, a], f, interpreter) => perform(self, selector, [a], f, interpreter),
        "perform:with:with:": (self, [selector, a, b], f, interpreter) => perform(self, selector, [a, b], f, interpreter),
        "perform:with:with:with:": (self, [selector, a, b, c], f, interpreter) => perform(self, selector, [a, b, c], f, interpreter),
        "perform:withArguments:": (self, [selector, args], f, interpreter) => {
            if (!Array.isArray(args)) throw new PrimitiveFailedError("perform:withArguments:", `the arguments must be an Array, but were ${printString(args)}.`);
            return perform(self, selector, args, f, interpreter);
        },
        "error:": (_self, [text]) => {
            throw new SmalltalkUserError(typeof text === "string" ? text : displayString(text));
        },
        "assert:": (_self, [condition], f, interpreter) => {
            const ok = condition === true || condition === false ? condition : valueOf(interpreter, condition, [], f);
            if (ok instanceof Promise) return ok.then((v) => {
                if (v !== true) throw new SmalltalkUserError("Assertion failed", "AssertionFailure");
                return null;
            });
            if (ok !== true) throw new SmalltalkUserError("Assertion failed", "AssertionFailure");
            return null;
        },
        "assert:description:": (_self, [condition, description], f, interpreter) => {
            const ok = condition === true || condition === false ? condition : valueOf(interpreter, condition, [], f);
            return andThen(ok, (v) => {
                if (v !== true) throw new SmalltalkUserError(typeof description === "string" ? description : displayString(description), "AssertionFailure");
                return null;
            });
        },
        "inspect": (self) => self,
        // GNU Smalltalk's habit: print to the Transcript, answer the receiver.
        "printNl": (self, _args, f, interpreter) => andThen(interpreter.printStringOf(self, f), (text) => {
            interpreter.host.transcript(`${String(text)}\n`);
            return self;
        }),
        "displayNl": (self, _args, f, interpreter) => andThen(interpreter.displayStringOf(self, f), (text) => {
            interpreter.host.transcript(`${String(text)}\n`);
            return self;
        })
    });
}
