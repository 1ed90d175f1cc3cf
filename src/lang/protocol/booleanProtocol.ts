import {classes} from "../classes.js";
import {PrimitiveFailedError} from "../errors.js";
import {printString} from "../printString.js";
import {andThen} from "../sequence.js";
import {valueOf} from "./support.js";

function bool(value: unknown, selector: string): boolean {
    if (typeof value !== "boolean") throw new PrimitiveFailedError(selector, `the argument must be a Boolean, but was ${printString(value)}.`);
    return value;
}

/**
 * Booleans and nil. These are the real methods behind the inlined forms: they run when the
 * argument is not a literal block (`x ifTrue: aBlock`) or through perform:.
 */
export function installBooleanProtocol(): void {
    classes.Boolean.define<boolean>({
        "isBoolean": () => true,
        "ifTrue:": (self, [block], f, interpreter) => self ? valueOf(interpreter, block, [], f) : null,
        "ifFalse:": (self, [block], f, interpreter) => self ? null : valueOf(interpreter, block, [], f),
        "ifTrue:ifFalse:": (self, [t, e], f, interpreter) => valueOf(interpreter, self ? t : e, [], f),
        "ifFalse:ifTrue:": (self, [e, t], f, interpreter) => valueOf(interpreter, self ? t : e, [], f),
        "and:": (self, [block], f, interpreter) => self ? valueOf(interpreter, block, [], f) : false,
        "or:": (self, [block], f, interpreter) => self ? true : valueOf(interpreter, block, [], f),
        // As Pharo's True>>& and False>>|: the argument itself when it decides.
        "&": (self, [other]) => self ? other : false,
        "|": (self, [other]) => self ? true : other,
        "and:and:": (self, [a, b], f, interpreter) => !self ? false
            : andThen(valueOf(interpreter, a, [], f), (x) => x === true ? valueOf(interpreter, b, [], f) : x),
        "or:or:": (self, [a, b], f, interpreter) => self ? true
            : andThen(valueOf(interpreter, a, [], f), (x) => x === false ? valueOf(interpreter, b, [], f) : x),
        "not": (self) => !self,
        "xor:": (self, [other]) => self !== bool(other, "xor:"),
        "eqv:": (self, [other]) => self === bool(other, "eqv:"),
        "asString": (self) => String(self)
    });
    classes.UndefinedObject.define<null>({
        "isNil": () => true,
        "notNil": () => false,
        "isEmptyOrNil": () => true,
        "ifNil:": (_self, [block], f, interpreter) => valueOf(interpreter, block, [], f),
        "ifNotNil:": () => null,
        "ifNil:ifNotNil:": (_self, [block], f, interpreter) => valueOf(interpreter, block, [], f),
        "ifNotNil:ifNil:": (_self, [, block], f, interpreter) => valueOf(interpreter, block, [], f)
    });
}
