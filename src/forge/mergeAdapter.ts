import {stat} from "node:fs/promises";
import path from "node:path";
import type {ForgeOptions} from "./ForgeRun.js";
import type {ForgeRun} from "./ForgeRun.js";
import {startForge} from "./startForge.js";

/** Base plus adapter into one GGUF. */
export type MergeJob = {
    baseModel: string,
    adapter: string,
    output: string,
    /** The adapter's user scale; default 1. */
    scale?: number,
    /** The type of the merged weights (e.g. "Q8_0", "F16"); default each weight's own type in the base. */
    type?: string
};

/** Runs `forge merge`: untouched tensors copied, adapted weights merged and quantized again (see forge-py/README.md). */
export function mergeAdapter(job: MergeJob, options: Omit<ForgeOptions, "expectArtifact" | "verify"> = {}): ForgeRun {
    return startForge("merge", {
        base_model: path.resolve(job.baseModel), adapter: path.resolve(job.adapter), output: path.resolve(job.output),
        ...(job.scale == null ? {} : {scale: job.scale}), ...(job.type == null ? {} : {type: job.type})
    }, {...options, expectArtifact: true});
}

/**
 * A `mergeAdapter` for the Ollama engine: `<adapter>.merged.gguf` beside each adapter, merged once over `baseModel`
 * (the GGUF the adapter was trained on; adapter files are content-addressed, so an existing merge is this one's).
 */
export function mergedModelFile(baseModel: string, options: Omit<ForgeOptions, "expectArtifact" | "verify"> & {type?: string} = {}):
    (adapter: string) => Promise<string> {
    const {type, ...forgeOptions} = options;
    return async (adapter) => {
        const output = `${adapter}.merged.gguf`;
        if ((await stat(output).catch(() => null))?.isFile() === true) return output;
        await mergeAdapter({baseModel, adapter, output, ...(type == null ? {} : {type})}, forgeOptions).result;
        return output;
    };
}
