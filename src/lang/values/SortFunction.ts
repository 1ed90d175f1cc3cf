import type {StSymbol} from "./StSymbol.js";

/** I am Pharo's `#size ascending`: a two-argument sort block that compares what a selector answers. */
export class SortFunction {
    public constructor(public readonly selector: StSymbol, public readonly direction: 1 | -1) {}
}
