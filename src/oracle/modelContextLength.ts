import {readGgufHeader} from "../gguf/index.js";

/**
 * The context length a GGUF model was trained for (`<architecture>.context_length`), or null when the model
 * is not a readable GGUF file (an Ollama tag, a vLLM model id) or does not say.
 */
export async function modelContextLength(model: string): Promise<number | null> {
    try {
        const header = await readGgufHeader(model, {maxArrayElements: 0});
        const architecture = header.metadata.get("general.architecture");
        const value = header.metadata.get(`${typeof architecture === "string" ? architecture : "llama"}.context_length`);
        return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : null;
    } catch {
        return null;
    }
}
