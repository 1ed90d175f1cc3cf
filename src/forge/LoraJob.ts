import {absolutePath} from "./forgePaths.js";

/** One training sample, already tokenized for the base model: `mask[i]` is 1 where token i is trained on. */
export type TokenizedSample = {tokens: number[], mask: number[]};

/**
 * What `python3 -m forge lora` trains. Options left out take the forge's defaults. Paths may be relative
 * to the caller's working directory: they are made absolute when the job file is written.
 */
export type LoraJob = {
    baseModel: string,
    persona: string,
    adaptersDir: string,
    train: TokenizedSample[],
    validation: TokenizedSample[],
    rank?: number,
    alpha?: number,
    dropout?: number,
    targets?: string[],
    steps?: number,
    lr?: number,
    batchSize?: number,
    seed?: number,
    /** An adapter to continue from (its file), or null to start from zeros. */
    initAdapter?: string | null,
    /** For the unsloth and peft backends: the Hugging Face id or directory whose tokenizer made the token ids. */
    hfModel?: string,
    /** Further forge fields, snake_case, passed through as they are (e.g. `warmup_steps`, `zero_b`). */
    extra?: Record<string, unknown>
};

/** I mean a job was refused before any process started: `field` names the offending one. */
export class LoraJobError extends Error {
    public readonly userError = true;
    override readonly name = "LoraJobError";

    constructor(readonly field: string, readonly reason: string) {
        super(`The LoRA job's ${field} ${reason}. Fix the job before starting the forge.`);
    }
}

/**
 * The job file's JSON (snake_case, absolute paths) for a LoraJob. Checks what is cheap to check here,
 * so that a malformed job fails at once instead of after Python has started.
 * @throws LoraJobError
 */
export function loraJobFile(job: LoraJob): Record<string, unknown> {
    if (job.persona.trim() === "") throw new LoraJobError("persona", "is empty");
    if (job.train.length === 0) throw new LoraJobError("train", "has no samples (the golden dataset is empty)");
    checkSamples("train", job.train);
    checkSamples("validation", job.validation);
    for (const key of ["rank", "steps", "batchSize"] as const) {
        const value = job[key];
        if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new LoraJobError(key, `is ${value}, expected a whole number ≥ 1`);
    }
    const file: Record<string, unknown> = {
        ...job.extra,
        base_model: absolutePath(job.baseModel),
        persona: job.persona,
        adapters_dir: absolutePath(job.adaptersDir),
        train: job.train,
        validation: job.validation
    };
    const optional: [string, unknown][] = [["rank", job.rank], ["alpha", job.alpha], ["dropout", job.dropout],
        ["targets", job.targets], ["steps", job.steps], ["lr", job.lr], ["batch_size", job.batchSize], ["seed", job.seed],
        ["hf_model", job.hfModel],
        ["init_adapter", job.initAdapter == null ? job.initAdapter : absolutePath(job.initAdapter)]];
    for (const [key, value] of optional) if (value !== undefined) file[key] = value;
    return file;
}

function checkSamples(field: string, samples: TokenizedSample[]): void {
    samples.forEach((sample, i) => {
        if (sample.tokens.length !== sample.mask.length)
            throw new LoraJobError(`${field}[${i}]`, `has ${sample.tokens.length} tokens but ${sample.mask.length} mask entries`);
        if (sample.tokens.some((t) => !Number.isInteger(t) || t < 0))
            throw new LoraJobError(`${field}[${i}]`, "has a token id that is not a whole number ≥ 0");
        if (sample.mask.some((m) => m !== 0 && m !== 1))
            throw new LoraJobError(`${field}[${i}]`, "has a mask entry that is not 0 or 1");
    });
}
