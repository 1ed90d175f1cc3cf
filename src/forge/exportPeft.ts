import {access, stat} from "node:fs/promises";
import path from "node:path";
import type {ForgeOptions} from "./ForgeRun.js";
import type {ForgeRun} from "./ForgeRun.js";
import {startForge} from "./startForge.js";

/** A GGUF LoRA adapter to write in PEFT form, for the base GGUF it was trained on. */
export type PeftExportJob = {
    adapter: string,
    /** The base GGUF: its architecture and head counts say how q/k rows map to Hugging Face's layout. */
    baseModel: string,
    /** The folder that gets adapter_model.safetensors and adapter_config.json. */
    outputDir: string,
    /** `base_model_name_or_path` in adapter_config.json; default the GGUF's general.name. */
    baseModelName?: string
};

/** Runs `forge peft-export`: the adapter as PEFT files (what vLLM loads). The run's last artifact is adapter_config.json. */
export function exportPeft(job: PeftExportJob, options: Omit<ForgeOptions, "expectArtifact" | "verify"> = {}): ForgeRun {
    return startForge("peft-export", {
        adapter: path.resolve(job.adapter), base_model: path.resolve(job.baseModel), output_dir: path.resolve(job.outputDir),
        ...(job.baseModelName == null ? {} : {base_model_name: job.baseModelName})
    }, {...options, expectArtifact: true});
}

/**
 * A `prepareAdapter` for the vLLM engine: the PEFT folder `<adapter>.peft/` beside each GGUF adapter, exported once
 * (adapter files are content-addressed, so an existing complete folder is this adapter's).
 */
export function peftAdapterFolder(baseModel: string, options: Omit<ForgeOptions, "expectArtifact" | "verify"> & {baseModelName?: string} = {}):
    (adapter: string) => Promise<string> {
    const {baseModelName, ...forgeOptions} = options;
    return async (adapter) => {
        const outputDir = `${adapter}.peft`;
        const complete = await Promise.all(["adapter_config.json", "adapter_model.safetensors"]
            .map((name) => access(path.join(outputDir, name)).then(() => true, () => false)));
        if (complete.every(Boolean) && (await stat(path.join(outputDir, "adapter_config.json"))).size > 0) return outputDir;
        await exportPeft({adapter, baseModel, outputDir, ...(baseModelName == null ? {} : {baseModelName})}, forgeOptions).result;
        return outputDir;
    };
}
