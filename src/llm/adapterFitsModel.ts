import type {GgufFileInfo} from "node-llama-cpp";
import {checkAdapter} from "../gguf/index.js";
import type {AdapterFacts, BaseShapes} from "../gguf/index.js";

// The shapes of a loaded model, worked out once per model: a swap's check then reads only the adapter's header.
const shapesOf = new WeakMap<GgufFileInfo, BaseShapes>();

/**
 * Checks that `adapterPath` is a LoRA adapter llama.cpp will apply to the loaded model described by
 * `fileInfo` (gguf/'s one adapter check, against the shapes node-llama-cpp already read).
 * @throws InvalidAdapterError with the reason.
 */
export function adapterFitsModel(adapterPath: string, fileInfo: GgufFileInfo): Promise<AdapterFacts> {
    let base = shapesOf.get(fileInfo);
    if (base == null) {
        base = {
            architecture: String(fileInfo.metadata.general.architecture),
            tensors: new Map((fileInfo.tensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number)]))
        };
        shapesOf.set(fileInfo, base);
    }
    return checkAdapter(adapterPath, {base});
}
