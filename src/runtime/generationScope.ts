import {AsyncLocalStorage} from "node:async_hooks";

/** Where a piece of generated text came from: the persona and its activity on the board. */
export type TokenSource = {persona: string, activity: number};

/**
 * What a caller wants from every generation started on its behalf, however deep inside the code it
 * runs: a Playground do-it that sends `chat:` through three methods still streams into the Playground,
 * and its Ctrl-C still stops the generation.
 */
export type GenerationScope = {
    signal?: AbortSignal,
    onToken?: (piece: string, source: TokenSource) => void
};

const storage = new AsyncLocalStorage<GenerationScope>();

/** Runs `fn` so that the generations it starts (awaited or not) see `scope`. */
export function runInGenerationScope<T>(scope: GenerationScope, fn: () => T): T {
    return storage.run(scope, fn);
}

/** The scope of the code running now, if any. */
export function currentGenerationScope(): GenerationScope | undefined {
    return storage.getStore();
}
