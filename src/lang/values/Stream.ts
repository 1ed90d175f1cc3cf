import {StString} from "./StString.js";

/**
 * I am a positionable stream over a sequence: a WriteStream collects what is put on it (text
 * when it was opened on a String), a ReadStream reads elements in order.
 */
export class Stream {
    public position = 0;

    public constructor(
        public readonly kind: "read" | "write",
        /** Elements (Characters for a string stream are kept as one-character strings while writing). */
        public readonly items: unknown[],
        /** True when the stream's contents are a String. */
        public readonly onString: boolean
    ) {}

    /** What was written: a new String for a stream on a String, else an Array. */
    public contents(): unknown {
        return this.onString ? new StString((this.items as string[]).join("")) : [...this.items];
    }
}
