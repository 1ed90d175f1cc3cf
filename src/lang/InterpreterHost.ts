import type {Proto} from "../objects/index.js";
import type {ClassStore} from "./ClassDefinitions.js";
import type {DebuggerHook} from "./DebugRequest.js";
import type {Frame} from "./Frame.js";
import type {SlotStore} from "./ObjectMemory.js";

/** What the interpreter needs from its surroundings: the personas by name, the image, the transcript. */
export type InterpreterHost = {
    /** The persona named `name` (BRICK, ROBIN…), or undefined. Called only for capitalised names. */
    persona(name: string): Proto | undefined,
    personaNames(): string[],
    image: {
        save(): Promise<unknown>,
        saveAs(path: string): Promise<unknown>,
        personas(): unknown[],
        changes(): unknown,
        /** Adds a persona from a codex file (`Image newPersona: #NAME codex: 'FILE' model: 'GGUF'`); answers it. */
        newPersona?(name: string, codexFile: string, model: string | null): Promise<Proto>
    },
    /**
     * The personas' free slots as the image stores them: with it, a slot holds a live Smalltalk
     * object (see ObjectMemory) and changes to it are written back after every run.
     */
    slots?: SlotStore,
    /** Where classes of one's own are kept (the image); without it they last as long as the interpreter. */
    classes?: ClassStore,
    /** Text for the Transcript (`Transcript show: 'x'; cr`). */
    transcript(text: string): void,
    /**
     * Sends and loop iterations allowed per run. When set it bounds every run, evaluations included;
     * when not, a persona method called from TypeScript gets 10,000,000 and an evaluation is bounded by time.
     */
    stepBudget?: number,
    /** Wall-clock limit of an evaluation that has no step budget (default 60 s). */
    timeLimitMs?: number,
    /** Method and block activations a run may nest (default 100,000). */
    maxDepth?: number,
    /** Called before the image is saved or a persona made from Smalltalk, with the sending context: throws when that code may not reach the host. */
    hostReach?(what: string, from: Frame | null): void,
    /** A debugger that may take an unhandled error while its stack is alive (the browser's); without one the run ends with it. */
    debugger?: DebuggerHook
};
