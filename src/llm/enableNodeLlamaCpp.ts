import {registerEngine} from "./engineRegistry.js";
import {NodeLlamaCppEngine} from "./NodeLlamaCppEngine.js";

/** Plugs in the embedded node-llama-cpp engine: `createEngine("node-llama-cpp", options)`. */
export function enableNodeLlamaCpp(): void {
    registerEngine("node-llama-cpp", (options) => new NodeLlamaCppEngine(options));
}
