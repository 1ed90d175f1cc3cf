import type {Proto} from "../objects/index.js";
import type {Execution} from "./Execution.js";

/** What a frame is, for `thisContext` and error messages. */
export type FrameInfo = {
    kind: "method" | "block" | "doit",
    /** The method's selector, or null for a do-it and blocks of a do-it. */
    selector: string | null,
    /** Names of the frame's slots, in slot order (arguments first). */
    names: string[],
    source: string
};

/**
 * I am an activation: the slots of a method, do-it or block run, the receiver, and the links
 * a block needs: `outer` for the variables it closes over, `home` for `^`.
 * I am `dead` once my home method has returned, which makes a late `^` a BlockCannotReturn.
 */
export class Frame {
    public readonly vars: unknown[];
    public readonly home: Frame;
    public dead = false;
    /** Offset (in the home source) of the statement running in this frame, for errorPosition. */
    public at = -1;

    public constructor(
        public readonly info: FrameInfo,
        size: number,
        public readonly outer: Frame | null,
        public readonly self: unknown,
        public readonly exec: Execution,
        /** The persona whose method this is (for `super`); null in do-its and for non-persona receivers. */
        public readonly holder: Proto | null
    ) {
        this.vars = size === 0 ? emptySlots : new Array<unknown>(size).fill(null);
        this.home = outer == null ? this : outer.home;
    }
}

const emptySlots: unknown[] = [];

/** The compiled form of any node: run it in a frame; the answer may be a Promise when a send went asynchronous. */
export type Code = (frame: Frame) => unknown;
