import {BlockCannotReturnError} from "./errors.js";
import type {Frame} from "./Frame.js";

/**
 * Thrown by `^` to unwind to its home frame. Not an Error: it is control flow, needs no stack
 * trace, and is caught only by the activation of `home`.
 */
export class NonLocalReturn {
    public constructor(public readonly home: Frame, public readonly value: unknown) {}
}

/** `^ value` from a block or from a value inside an expression: unwind to the home method or do-it. */
export function nonLocalReturn(f: Frame, value: unknown): never {
    const home = f.home;
    if (home.dead) {
        const source = f.info.source.slice(f.info.start, f.info.end);
        throw new BlockCannotReturnError(source.length > 60 ? source.slice(0, 57) + "...]" : source);
    }
    throw new NonLocalReturn(home, value);
}
