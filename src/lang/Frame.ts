import type {CompiledBlock} from "./BlockClosure.js";
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
 *
 * Most activations are calls that nothing holds after they return, so a run reuses their
 * contexts (see `activation`) instead of allocating one per call. Whatever may keep a context
 * (a block closing over it, `thisContext`, an exception or a debugger, a builtin given it) first
 * `escape`s it and its senders: those are never reused, and stay exactly as they were.
 */
export class Frame {
    public vars: unknown[];
    public home: Frame;
    /** Activations between me and the top of the run: mine is my sender's plus one. */
    public depth: number;
    public dead = false;
    /** Offset (in `info.source`) of the send this frame is running or waiting on; -1 before the first. */
    public at = -1;
    /** The value of a `^` on its way out of a statement sequence (see Compiler's return marker). */
    public ret: unknown = null;
    /** For a context-making builtin (`on:do:`…): its state (the exception class and handler of an on:do:). */
    public marker: unknown = null;
    /**
     * Something may hold me after my activation ends (a block closed over me, `thisContext`, an
     * exception, a builtin, a debugger), or holds a context whose senders I am: I am never reused.
     */
    public escaped = false;
    /** My activation ended and nothing holds me: the run may reuse me for its next activation at my depth (see Execution.frames). */
    public free = false;

    public constructor(
        public info: FrameInfo,
        size: number,
        public outer: Frame | null,
        public self: unknown,
        public exec: Execution,
        /** Where the method was found (a persona for persona methods, a class or metaclass for class methods): `super` starts above it. */
        public holder: unknown,
        public sender: Frame | null
    ) {
        this.vars = size <= 0 ? emptySlots : freshSlots(size);
        this.home = outer == null ? this : outer.home;
        this.depth = sender == null ? 1 : sender.depth + 1;
    }

    /**
     * A context for an activation at `sender`'s depth plus one: the run's free one at that depth,
     * reset (no allocation: most activations are calls that hold nothing), or a fresh one.
     */
    public static activation(info: FrameInfo, size: number, outer: Frame | null, self: unknown, exec: Execution, holder: unknown, sender: Frame | null): Frame {
        const depth = sender == null ? 1 : sender.depth + 1;
        const pool = exec.frames;
        const frame = pool[depth];
        if (frame === undefined || !frame.free) {
            const fresh = new Frame(info, size, outer, self, exec, holder, sender);
            pool[depth] = fresh;
            return fresh;
        }
        frame.free = false;
        const vars = frame.vars;
        if (vars.length === size) for (let i = 0; i < size; i++) vars[i] = null;
        else frame.vars = size <= 0 ? emptySlots : freshSlots(size);
        // Only what changed is stored (see forBlock): recursion reuses the contexts of the same method, receiver and senders.
        if (frame.info !== info) frame.info = info;
        if (frame.outer !== outer) frame.outer = outer;
        if (frame.self !== self) frame.self = self;
        if (frame.holder !== holder) frame.holder = holder;
        if (frame.sender !== sender) frame.sender = sender;
        const home = outer == null ? frame : outer.home;
        if (frame.home !== home) frame.home = home;
        frame.dead = false;
        frame.at = -1;
        if (frame.ret !== null) frame.ret = null;
        if (frame.marker !== null) frame.marker = null;
        return frame;
    }

    /**
     * A context for a call of `code`, a block closed over `outer`, from `sender`: as `activation`,
     * with what a block's context shares with its outer one taken from there, and only the
     * temporaries cleared (the caller stores the arguments). A reused context never has a marker:
     * only builtins' contexts (made with `new Frame`) get one, and they are not in the pool.
     */
    public static forBlock(code: CompiledBlock, outer: Frame, sender: Frame, exec: Execution): Frame {
        const depth = sender.depth + 1;
        const pool = exec.frames;
        const frame = pool[depth];
        const size = code.size;
        if (frame === undefined || !frame.free) {
            const fresh = new Frame(code.info, size, outer, outer.self, exec, outer.holder, sender);
            pool[depth] = fresh;
            return fresh;
        }
        frame.free = false;
        const vars = frame.vars;
        if (vars.length === size) for (let i = code.numArgs; i < size; i++) vars[i] = null;
        else frame.vars = size === 0 ? emptySlots : freshSlots(size);
        // A loop calls one block from one context: most of what the reused context held is already right, and a
        // comparison is cheaper than storing a reference (V8's write barrier). What a context shares with its outer
        // one is the outer context's for good (a context with blocks closed over it is never reused, so never changes).
        if (frame.info !== code.info) frame.info = code.info;
        if (frame.outer !== outer) {
            frame.outer = outer;
            frame.self = outer.self;
            frame.holder = outer.holder;
            frame.home = outer.home;
        }
        if (frame.sender !== sender) frame.sender = sender;
        frame.dead = false;
        frame.at = -1;
        if (frame.ret !== null) frame.ret = null;
        return frame;
    }

    /** My activation returned: I may be reused unless something holds me. */
    public release(): void {
        if (!this.escaped) this.free = true;
    }

    /** Something may hold me beyond my activation: neither I nor my senders (it may walk up to them) are reused. */
    public escape(): void {
        if (this.escaped) return;
        this.escaped = true;
        for (let frame = this.sender; frame !== null && !frame.escaped; frame = frame.sender) frame.escaped = true;
    }
}

const emptySlots: unknown[] = [];

/** `size` nil slots: an array literal for the common small sizes (a packed array, cheaper than new Array(n).fill). */
function freshSlots(size: number): unknown[] {
    switch (size) {
        case 1: return [null];
        case 2: return [null, null];
        case 3: return [null, null, null];
        case 4: return [null, null, null, null];
        case 5: return [null, null, null, null, null];
        case 6: return [null, null, null, null, null, null];
        default: return new Array<unknown>(size).fill(null);
    }
}

/** The compiled form of any node: run it in a frame; the answer may be a Promise when a send went asynchronous. */
export type Code = (frame: Frame) => unknown;

/**
 * The value a statement answers when a `^` inside an inlined block (`x ifTrue: [^ 1]`) ends the
 * method: the returned value waits in the frame's `ret`. Statement sequences stop on it, and the
 * activation turns it into the method's answer, so a return costs no exception. Never a Smalltalk value.
 */
export const returnMarker: object = Object.freeze({returnMarker: true});
