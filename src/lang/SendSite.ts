import type {CompiledCode} from "./Compiler.js";

/**
 * The inline cache of one send site (one place in the source that sends a message): the method
 * table of the persona whose own method it last ran, and that method's compiled code. A send to
 * a persona whose method table is the very same object runs the code at once, without a lookup or
 * an argument array. Any change to a persona's methods replaces its table (the image is
 * immutable), so an edited, added or removed method misses here and is looked up again.
 */
export class SendSite {
    /** The method table (`PersonaRecord.methods`) the cached code was found in, or null when empty. */
    public methods: unknown = null;
    public code: CompiledCode | null = null;

    public constructor(public readonly selector: string) {}
}
