import {registerEngine} from "./engineRegistry.js";
import {OpenAiEngine} from "./OpenAiEngine.js";

/** Plugs in the engine of OpenAI-compatible servers (llama.cpp's server, LM Studio): `createEngine("openai", {baseUrl})`. */
export function enableOpenAi(): void {
    registerEngine("openai", (options) => new OpenAiEngine(options));
}
