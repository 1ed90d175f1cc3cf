import type {Frame} from "./Frame.js";

/**
 * Thrown by `^` to unwind to its home frame. Not an Error: it is control flow, needs no stack
 * trace, and is caught only by the activation of `home`.
 */
export class NonLocalReturn {
    public constructor(public readonly home: Frame, public readonly value: unknown) {}
}
