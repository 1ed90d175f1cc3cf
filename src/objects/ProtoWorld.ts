import type {EventSink} from "./Events.js";
import type {DnuHandler, MaybePromise} from "./MessageNotUnderstood.js";
import type {MethodRecord, PersonaRecord} from "./PersonaRecord.js";
import type {Proto} from "./Proto.js";

/** A built-in selector of every persona, implemented in TypeScript (Smalltalk's primitives). */
export type Primitive = (self: Proto, args: readonly unknown[]) => unknown;

/** Runs a persona method's Smalltalk source. The runtime's interpreter implements me. */
export interface MethodExecutor {
    /**
     * Runs `method` with `self` bound to `receiver`. `holder` is the persona whose method
     * dictionary held the method (for `super`), which differs from the receiver under delegation.
     */
    invoke(receiver: Proto, method: MethodRecord, args: readonly unknown[], holder: Proto): MaybePromise<unknown>
}

/**
 * What a Proto needs from the world it lives in: its state, its siblings, the primitives,
 * the method executor and the doesNotUnderstand handlers. The runtime implements me over
 * the image; tests may implement me over a plain object.
 */
export interface ProtoWorld {
    /** The current state of a persona, or undefined when it was removed. */
    record(personaId: string): PersonaRecord | undefined,
    /** The one Proto of a persona (identity is preserved: same id, same object). */
    protoFor(personaId: string): Proto,
    readonly events: EventSink,
    readonly primitives: ReadonlyMap<string, Primitive>,
    readonly dnuHandlers: readonly DnuHandler[],
    readonly executor: MethodExecutor | null
}
