import type {Llama} from "node-llama-cpp";
import {loadNodeLlamaCpp} from "./nodeLlamaCpp.js";

let llama: Promise<Llama> | null = null;

/**
 * The process-wide node-llama-cpp instance, made on first use: `getLlama` is expensive (about half a second)
 * and one instance serves every engine. CPU only, prebuilt binary, never builds; warnings are kept quiet.
 */
export function sharedLlama(): Promise<Llama> {
    if (llama == null) {
        llama = loadNodeLlamaCpp().then(({getLlama, LlamaLogLevel}) => getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error}));
        // A failed start must not poison later attempts.
        llama.catch(() => {
            llama = null;
        });
    }
    return llama;
}
