import type {Code, Frame, FrameInfo} from "./Frame.js";

/** A block as compiled: how many arguments, its frame layout and its body. */
export type CompiledBlock = {
    numArgs: number,
    info: FrameInfo,
    /** Slots of a fresh frame; -1 for a block inlined into its outer frame (reified only on a fallback path). */
    size: number,
    /** For an inlined block: the outer-frame slots of its arguments and temporaries. */
    argSlots: number[],
    tempSlots: number[],
    body: Code,
    source: string,
    /** It uses nothing of the code around it (see isCleanBlock): it can be stored as its source. */
    clean: boolean
};

/** I am a block closure: compiled code and the frame whose variables I close over. */
export class BlockClosure {
    public constructor(public readonly code: CompiledBlock, public readonly outer: Frame) {}

    public get numArgs(): number {
        return this.code.numArgs;
    }
}
