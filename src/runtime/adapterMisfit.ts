import {baseShapesOf, checkAdapter, InvalidAdapterError, readGgufHeader} from "../gguf/index.js";
import {parseEngineSpec} from "../llm/index.js";

/**
 * Why `adapter` (a LoRA GGUF) cannot run over the model `spec` names, or null when it fits. An adapter fits a GGUF
 * whose tensor shapes it matches; a server's model (Ollama, vLLM, OpenAI-compatible) cannot be checked from here,
 * so an adapter is never carried onto one unasked.
 */
export async function adapterMisfit(adapter: string, spec: string): Promise<string | null> {
    const target = parseEngineSpec(spec);
    if (target.kind !== "embedded") return `it was trained over a GGUF, and the model ${target.model} of the ${target.kind} server cannot be checked to be the same base`;
    const header = await readGgufHeader(target.model, {maxArrayElements: 0}).catch(() => null);
    if (header == null) return null;  // not a local file (an hf: URI): the engine checks it when it loads
    try {
        await checkAdapter(adapter, {base: baseShapesOf(header)});
        return null;
    } catch (error) {
        if (error instanceof InvalidAdapterError) return error.reason;
        throw error;
    }
}
