import type {Execution} from "./Execution.js";

/** What a frame runs, for `thisContext`, error messages and a debugger. */
export type FrameInfo = {
    kind: "method" | "block" | "doit" | "builtin",
    /** The method's selector (a builtin's selector), or null for a do-it and the blocks of a do-it. */
    selector: string | null,
    /** Names of the frame's slots, in slot order (arguments first). */
    names: string[],
    /** Number of arguments (the first slots). */
    numArgs: number,
    /** The source of the home method or do-it: every offset of its frames points into it. */
    source: string,
    /** Where this code starts and ends in `source` (the whole source for a method or do-it, the brackets for a block). */
    start: number,
    end: number
};

/**
 * I am a context: one activation of a method, do-it, block or context-making builtin (`on:do:`,
 * `ensure:`), a heap object a debugger can hold. I have my slots (arguments, then temporaries), the
 * receiver, `outer` (the frame whose variables a block closes over), `home` (the method a `^` returns
 * from), `sender` (the context that called me), and `at`, the source offset of the send I am running
 * or waiting on. I am `dead` once I have returned, which makes a late `^` into me a BlockCannotReturn.
 * `thisContext` answers me; the Smalltalk class of frames is Context.
 */
export class Frame {
    public readonly vars: unknown[];
    public readonly home: Frame;
    /** Activations between me and the top of the run: mine is my sender's plus one. */
    public readonly depth: number;
    public dead = false;
    /** Offset (in `info.source`) of the send this frame is running or waiting on; -1 before the first. */
    public at = -1;
    /** The value of a `^` on its way out of a statement sequence (see Compiler's return marker). */
    public ret: unknown = null;
    /** For a context-making builtin (`on:do:`…): its state (the exception class and handler of an on:do:). */
    public marker: unknown = null;

    public constructor(
        public readonly info: FrameInfo,
        size: number,
        public readonly outer: Frame | null,
        public readonly self: unknown,
        public readonly exec: Execution,
        /** Where the method was found (a persona for persona methods, a class or metaclass for class methods): `super` starts above it. */
        public readonly holder: unknown,
        public readonly sender: Frame | null
    ) {
        this.vars = size <= 0 ? emptySlots : new Array<unknown>(size).fill(null);
        this.home = outer == null ? this : outer.home;
        this.depth = sender == null ? 1 : sender.depth + 1;
    }
}

const emptySlots: unknown[] = [];

/** The compiled form of any node: run it in a frame; the answer may be a Promise when a send went asynchronous. */
export type Code = (frame: Frame) => unknown;

/**
 * The value a statement answers when a `^` inside an inlined block (`x ifTrue: [^ 1]`) ends the
 * method: the returned value waits in the frame's `ret`. Statement sequences stop on it, and the
 * activation turns it into the method's answer, so a return costs no exception. Never a Smalltalk value.
 */
export const returnMarker: object = Object.freeze({returnMarker: true});
