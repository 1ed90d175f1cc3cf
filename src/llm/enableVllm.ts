import {registerEngine} from "./engineRegistry.js";
import {VllmEngine} from "./VllmEngine.js";

/** Plugs in the vLLM engine: afterwards `createEngine("vllm", {baseUrl})` works. */
export function enableVllm(): void {
    registerEngine("vllm", (options) => new VllmEngine(options));
}
