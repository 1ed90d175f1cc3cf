import {runLora} from "../../forge/index.js";
import type {ForgeResult, TokenizedSample} from "../../forge/index.js";
import type {GoldenSample} from "../../objects/index.js";
import {modelContextLength} from "../../oracle/index.js";
import type {CycleSettings} from "../CycleSettings.js";
import {withSystem} from "./benchmarkModel.js";
import type {EvolutionEngine} from "./EvolutionEngine.js";

export type TrainAdapterJob = {
    engine: EvolutionEngine,
    persona: string,
    /** The base model the adapter is trained for (the candidate). */
    model: string,
    /** The system prompt the samples are laid out with: the persona's own, as it chats. */
    system: string,
    train: readonly GoldenSample[],
    validation: readonly GoldenSample[],
    adaptersDir: string,
    steps: number,
    /** Rank, learning rate, batch size, seed and forge settings: the strategic loop's cycle settings. */
    cycle: CycleSettings,
    signal?: AbortSignal,
    onProgress?: (step: number, total: number, loss: number | null) => void,
    log?: (line: string) => void
};

/**
 * Trains a LoRA adapter for `model` on golden samples with the forge, laid out by the candidate's own tokenizer
 * and template exactly as inference lays them out (the strategic loop's layout, on another base). Samples longer
 * than the model's context are left out and said so. The forge writes the adapter atomically under a
 * content-addressed name, so a cancelled or killed run leaves no partial file.
 */
export async function trainAdapter(job: TrainAdapterJob): Promise<{result: ForgeResult, trainSamples: number, validationSamples: number}> {
    const context = await modelContextLength(job.model);
    const layout = async (samples: readonly GoldenSample[], split: string): Promise<TokenizedSample[]> => {
        const out: TokenizedSample[] = [];
        for (const sample of samples) {
            job.signal?.throwIfAborted();
            const laidOut = await job.engine.tokenizeChat(job.model, withSystem(job.system, sample.messages));
            if (context != null && laidOut.tokens.length > context) job.log?.(`${job.persona}: ${split} sample ${sample.id} has ${laidOut.tokens.length} tokens, over the model's ${context}: left out.`);
            else out.push(laidOut);
        }
        return out;
    };
    const train = await layout(job.train, "training");
    const validation = await layout(job.validation, "held-out");
    const {cycle} = job;
    const run = runLora({
        baseModel: job.model, persona: job.persona, adaptersDir: job.adaptersDir, train, validation,
        rank: cycle.rank, steps: job.steps, lr: cycle.lr, batchSize: cycle.batchSize, seed: cycle.seed, initAdapter: null, extra: cycle.forgeExtra
    }, {
        ...(job.signal == null ? {} : {signal: job.signal}),
        ...(cycle.python == null ? {} : {python: cycle.python}),
        ...(cycle.forgeDir == null ? {} : {forgeDir: cycle.forgeDir}),
        onEvent: (event) => {
            if (event.type === "progress") job.onProgress?.(event.step, event.total, event.loss);
        }
    });
    return {result: await run.result, trainSamples: train.length, validationSamples: validation.length};
}

/**
 * A representative subset of `samples`: at most `count`, spread evenly over the samples sorted by the Oracle's
 * golden score (unscored ones count as 0) and then by id, so that the subset spans the dataset's quality range
 * and is the same in every run.
 */
export function representativeSubset(samples: readonly GoldenSample[], count: number): GoldenSample[] {
    if (samples.length <= count) return [...samples];
    const sorted = [...samples].sort((a, b) => (a.provenance.scores?.golden ?? 0) - (b.provenance.scores?.golden ?? 0) || a.id.localeCompare(b.id));
    return Array.from({length: count}, (_, i) => sorted[Math.floor((i + 0.5) * sorted.length / count)]!);
}
