import type {ForgeBackend, ForgeCommandName} from "./ForgeEvent.js";
import type {ForgeOptions} from "./ForgeRun.js";
import type {ForgeRun} from "./ForgeRun.js";
import {loraJobFile, type LoraJob} from "./LoraJob.js";
import {startForge} from "./startForge.js";
import {baseShapesOf, checkAdapter, readGgufHeader} from "../gguf/index.js";

/** Which forge command trains with each backend. */
const commandOf: Record<ForgeBackend, ForgeCommandName> = {numpy: "lora", unsloth: "unsloth", peft: "peft"};

export type LoraOptions = Omit<ForgeOptions, "expectArtifact" | "verify"> & {
    /** The trainer; default "numpy" (the only one that runs without a GPU stack). */
    backend?: ForgeBackend
};

/**
 * Trains one LoRA adapter. `result` resolves only after the adapter passed `checkAdapter` against the base
 * model's shapes and the sha256 the forge announced, so a ForgeResult is safe to hand to a swap.
 * @throws LoraJobError at once when the job is malformed (no process is started).
 */
export function runLora(job: LoraJob, options: LoraOptions = {}): ForgeRun {
    const {backend = "numpy", ...rest} = options;
    return startForge(commandOf[backend], loraJobFile(job), {
        ...rest,
        expectArtifact: true,
        verify: async (artifact) => checkAdapter(artifact.path, {
            sha256: artifact.sha256, base: baseShapesOf(await readGgufHeader(job.baseModel, {maxArrayElements: 0}))
        })
    });
}
