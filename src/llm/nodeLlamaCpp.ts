/**
 * node-llama-cpp, loaded on first use. Importing it costs about half a second (its native
 * bindings and dependencies), which every command and the browser's first frame would pay even
 * when no persona chats; so llm/ imports only its types statically and its values through here.
 */
import type * as NodeLlamaCppModule from "node-llama-cpp";

export type NodeLlamaCpp = typeof NodeLlamaCppModule;

let loading: Promise<NodeLlamaCpp> | null = null;
let loaded: NodeLlamaCpp | null = null;

/** Loads node-llama-cpp once; later calls answer the same module. */
export function loadNodeLlamaCpp(): Promise<NodeLlamaCpp> {
    if (loading == null) {
        loading = import("node-llama-cpp").then((module) => (loaded = module));
        loading.catch(() => {
            loading = null;
        });
    }
    return loading;
}

/**
 * The loaded module, for synchronous code that runs only once a model exists (and so after
 * `sharedLlama()` has loaded it). Throws if called before.
 */
export function nodeLlamaCpp(): NodeLlamaCpp {
    if (loaded == null) throw new Error("node-llama-cpp is used before it was loaded: call loadNodeLlamaCpp() (sharedLlama() does) first.");
    return loaded;
}
