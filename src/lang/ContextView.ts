import type {Frame} from "./Frame.js";

/** `thisContext`: a read-only view of the current frame. It offers reads only; there is nothing to write through. */
export class ContextView {
    public constructor(public readonly frame: Frame) {}
}
