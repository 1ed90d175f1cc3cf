import type {Proto} from "../objects/index.js";

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
    /** Text for the Transcript (`Transcript show: 'x'; cr`). */
    transcript(text: string): void,
    /** Sends and loop iterations allowed per evaluate (or per top-level method call). Default 10,000,000. */
    stepBudget?: number,
    /** Method and block activations allowed on the stack at once (default 10,000; the JavaScript stack may run out first, which gives the same RecursionTooDeepError). */
    maxDepth?: number
};
