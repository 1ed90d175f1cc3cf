import {registerEngine} from "./engineRegistry.js";
import {OllamaEngine} from "./OllamaEngine.js";

/** Plugs in the Ollama engine: afterwards `createEngine("ollama", {baseUrl})` works. */
export function enableOllama(): void {
    registerEngine("ollama", (options) => new OllamaEngine(options));
}
