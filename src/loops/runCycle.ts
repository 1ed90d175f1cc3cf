import {randomUUID} from "node:crypto";
import {rm} from "node:fs/promises";
import path from "node:path";
import type {Runtime} from "../runtime/index.js";
import {systemPromptFor} from "../llm/index.js";
import {runLora} from "../forge/index.js";
import type {ForgeBackend, ForgeEvent, ForgeResult, TokenizedSample} from "../forge/index.js";
import type {ChatMessage, GoldenSample} from "../objects/index.js";
import {curationSettings, modelContextLength, rubricFor} from "../oracle/index.js";
import type {Judge} from "../oracle/index.js";
import {CycleError} from "./CycleError.js";
import type {CycleOutcome, CycleReason, CycleStage, StoppedCycle} from "./CycleOutcome.js";
import {cycleMetrics} from "./CycleOutcome.js";
import type {CycleSettings} from "./CycleSettings.js";
import {cycleSteps} from "./CycleSettings.js";
import {heldOutScore} from "./heldOutScore.js";
import type {LoopEngine} from "./LoopEngine.js";

export type CycleContext = {
    engine: LoopEngine,
    judge: Judge,
    settings: CycleSettings,
    reason: CycleReason,
    signal?: AbortSignal,
    log: (line: string) => void,
    /** The trainer (default numpy, the CPU forge). unsloth and peft need `hfModel`. */
    backend?: ForgeBackend,
    /** For unsloth and peft: the Hugging Face id or directory of the base model, whose tokenizer matches the GGUF's. */
    hfModel?: string,
    /** Every forge event (progress, eval, artifact), for a progress bar. */
    onForgeEvent?: (event: ForgeEvent) => void,
    /** Told when the cycle enters a stage (for the Transcript and `living-image forge`). */
    onStage?: (stage: CycleStage, detail: string) => void,
    /**
     * Reuse for a sandbox (the philosophical loop): another base model (default the persona's), the adapter to
     * compare with and continue from (default the persona's; null for none, as on a new base), the samples to
     * train and validate on (default the whole golden dataset), and whether a winning adapter is swapped in
     * (default true; false leaves the persona as it is and answers the outcome, its adapter kept on disk).
     */
    baseModel?: string,
    adapter?: string | null,
    samples?: readonly GoldenSample[],
    swap?: boolean
};

/**
 * One improvement cycle of a persona: train a LoRA adapter on its golden samples laid out exactly as its chat
 * lays them out (its system prompt included), continuing from its current adapter so that the forge's "before"
 * loss is the current adapter's; validate the new adapter against the current one on the held-out samples
 * (forge validation loss, and the Oracle's scores of both adapters' replies to held-out prompts); swap only when
 * it is better on both; delete it otherwise; record the outcome in performanceMetrics (`history`).
 * A failure or cancellation at any stage is recorded in history too, throws CycleError, and changes nothing else.
 */
export async function runCycle(runtime: Runtime, personaId: string, context: CycleContext): Promise<CycleOutcome> {
    const started = Date.now();
    const cycleId = randomUUID().slice(0, 8);
    const proto = runtime.manager.get(personaId);
    const record = proto.record;
    const previousStored = context.adapter !== undefined ? context.adapter : record.activeAdapterPath;
    // The persona's whole dataset, even when a sandbox trains on a subset: the forge threshold counts from it.
    const datasetSize = record.goldenDataset.length;
    try {
        return await cycle(runtime, personaId, context, cycleId, started);
    } catch (error) {
        const failure = asCycleError(record.name, error, context.signal);
        if (!runtime.image.readOnly) {
            const stopped: StoppedCycle = {
                cycleId, persona: record.name, at: new Date(), reason: context.reason,
                decision: failure.cancelled ? "cancelled" : "failed", stage: failure.stage, why: failure.reason,
                previousAdapter: previousStored, datasetSize, ms: Date.now() - started
            };
            runtime.image.update((draft) => {
                draft.personas[personaId]?.performanceMetrics.push(...cycleMetrics(stopped));
            }, `${record.name} improvement cycle ${cycleId}: ${stopped.decision}`);
        }
        throw failure;
    }
}

async function cycle(runtime: Runtime, personaId: string, context: CycleContext, cycleId: string, started: number): Promise<CycleOutcome> {
    const {engine, judge, settings, signal, log} = context;
    const proto = runtime.manager.get(personaId);
    const record = proto.record;
    const name = record.name;
    const backend = context.backend ?? "numpy";
    const stage = (s: CycleStage, detail: string) => context.onStage?.(s, detail);
    const fail = (at: CycleStage, reason: string, cause?: unknown): never => {
        throw new CycleError(name, at, reason, cause === undefined ? undefined : {cause});
    };
    if (runtime.image.readOnly) fail("prepare", "the image is open read-only.");
    if (backend !== "numpy" && (context.hfModel == null || context.hfModel.trim() === ""))
        fail("prepare", `the ${backend} backend trains the Hugging Face model the GGUF was converted from, and no model id was given. ` +
            `Pass it (living-image forge ${name} --backend ${backend} --hf-model ORG/NAME), or train on the CPU with the numpy backend.`);
    const baseStored = context.baseModel ?? record.baseModelPath;
    if (baseStored == null) fail("prepare", "it has no base model.");
    const model = runtime.manager.resolve(baseStored!);
    const previousStored = context.adapter !== undefined ? context.adapter : record.activeAdapterPath;
    const previous = previousStored == null ? null : runtime.manager.resolve(previousStored);
    const dataset = context.samples ?? record.goldenDataset;
    const train = dataset.filter((s) => !s.heldOut);
    const heldOut = dataset.filter((s) => s.heldOut);
    if (dataset.length === 0)
        fail("prepare", `it has no golden samples yet. Chat with it and let ALFRED judge (living-image judge ${name}), rate its replies in the browser, or import some (living-image golden import ${name} FILE.jsonl).`);
    if (train.length === 0) fail("prepare", `all ${dataset.length} of its golden samples are held out for validation, so none is left to train on. Add samples.`);
    if (heldOut.length === 0)
        fail("prepare", `none of its ${dataset.length} golden samples is held out, so nothing can show whether a new adapter is better than the current one. ` +
            `Add samples (about 1 in ${Math.round(1 / Math.max(0.01, curationSettings(record, runtime.image.state.settings).heldOutFraction))} is held out), or raise heldOutFraction (${name} at: #heldOutFraction put: 0.2).`);
    // The same system prompt the persona chats with, so that training sees exactly what inference sees.
    const system = settings.systemPromptChars == null ? runtime.systemPromptOf(proto) : systemPromptFor(record.codex, {maxChars: settings.systemPromptChars});
    const contextLength = await modelContextLength(model);
    stage("prepare", `laying out ${train.length} training and ${heldOut.length} held-out samples as ${name}'s chat does`);

    const tokenize = async (samples: GoldenSample[], split: string): Promise<TokenizedSample[]> => {
        const out: TokenizedSample[] = [];
        for (const sample of samples) {
            const laidOut = await engine.tokenizeChat(model, withSystem(system, sample.messages));
            if (contextLength != null && laidOut.tokens.length > contextLength) log(`${name}: ${split} sample ${sample.id} has ${laidOut.tokens.length} tokens, over the model's ${contextLength}: left out.`);
            else out.push(laidOut);
        }
        return out;
    };
    let trainTokens: TokenizedSample[] = [];
    let heldOutTokens: TokenizedSample[] = [];
    try {
        trainTokens = await tokenize(train, "training");
        heldOutTokens = await tokenize(heldOut, "held-out");
    } catch (error) {
        fail("prepare", (error as Error).message, error);
    }
    if (trainTokens.length === 0 || heldOutTokens.length === 0) fail("prepare", "every training or held-out sample is longer than the model's context. Shorten the system prompt (the image setting systemPromptChars).");

    const adaptersDir = settings.adaptersDir ?? path.join(path.dirname(path.resolve(runtime.image.path)), "adapters");
    const steps = cycleSteps(settings, trainTokens.length);
    stage("forge", `training ${steps} steps on ${trainTokens.length} samples (${backend})`);
    let result: ForgeResult;
    try {
        const run = runLora({
            baseModel: model, persona: name, adaptersDir, train: trainTokens, validation: heldOutTokens,
            rank: settings.rank, steps, lr: settings.lr, batchSize: settings.batchSize, seed: settings.seed,
            initAdapter: previous, extra: settings.forgeExtra, ...(context.hfModel == null ? {} : {hfModel: context.hfModel})
        }, {
            backend,
            ...(signal ? {signal} : {}),
            ...(settings.python ? {python: settings.python} : {}),
            ...(settings.forgeDir ? {forgeDir: settings.forgeDir} : {}),
            onEvent: (event) => {
                context.onForgeEvent?.(event);
                if (event.type === "progress")
                    runtime.publish({type: "forgeProgress", persona: name, step: event.step, total: event.total, loss: event.loss, tokensPerSecond: event.tokensPerSecond});
            }
        });
        result = await run.result;
    } catch (error) {
        return fail("forge", (error as Error).message, error);
    }
    const candidate = result.adapterPath;
    const discard = async () => {
        if (candidate !== previous) await rm(candidate, {force: true});
    };
    try {
        if (result.validationBefore == null || result.validationAfter == null) fail("validate", "the forge reported no validation loss.");
        const lossBefore = result.validationBefore!;
        const lossAfter = result.validationAfter!;

        const keys = {before: `${personaId}#cycle-before`, after: `${personaId}#cycle-after`};
        let scores: {before: number | null, after: number | null, judged: number} = {before: null, after: null, judged: 0};
        if (settings.validationPrompts > 0) {
            stage("validate", `replying to ${Math.min(settings.validationPrompts, heldOut.length)} held-out prompts with both adapters for ${judge.name} to judge`);
            try {
                await engine.attach({personaId: keys.before, name, systemPrompt: system, model, adapter: previous});
                await engine.attach({personaId: keys.after, name, systemPrompt: system, model, adapter: candidate});
                scores = await heldOutScore(engine, judge, rubricFor(record.codex), heldOut.slice(0, settings.validationPrompts),
                    {before: {engineKey: keys.before}, after: {engineKey: keys.after}},
                    {system, maxTokens: settings.replyMaxTokens, ...(signal ? {signal} : {}), onSkip: (why) => log(`${name}: ${why}`)});
            } catch (error) {
                fail("validate", (error as Error).message, error);
            } finally {
                await engine.detach(keys.before).catch(() => undefined);
                await engine.detach(keys.after).catch(() => undefined);
            }
        }
        signal?.throwIfAborted();

        const lossWins = lossAfter < lossBefore - settings.minLossImprovement;
        const scoreWins = scores.before == null || scores.after == null || scores.after >= scores.before - settings.scoreTolerance;
        // Someone swapped by hand while the forge ran: the comparison was made against an adapter no longer in use.
        const unchanged = context.adapter !== undefined || runtime.manager.get(personaId).record.activeAdapterPath === previousStored;
        const wins = lossWins && scoreWins && unchanged;
        const decision = wins && context.swap !== false ? "swapped" : "kept";
        const why = !lossWins
            ? `the new adapter's held-out loss did not drop by more than ${settings.minLossImprovement}`
            : !scoreWins ? `the Oracle scored the new adapter's replies lower by more than ${settings.scoreTolerance}`
                : !unchanged ? "its adapter was swapped by hand during the cycle, so the comparison no longer holds"
                    : decision === "kept" ? "the new adapter won, and this cycle was asked not to swap (a sandbox)"
                        : "the held-out loss dropped and the Oracle's score did not";
        const stored = decision === "swapped" ? storedPath(runtime, candidate) : candidate;
        if (decision === "swapped") {
            stage("swap", `swapping in ${stored}`);
            try {
                await runtime.manager.atomicSwapAdapter(personaId, stored);
            } catch (error) {
                fail("swap", (error as Error).message, error);
            }
        } else if (!wins) await discard();

        const outcome: CycleOutcome = {
            cycleId, persona: name, at: new Date(), reason: context.reason, decision, why,
            adapter: stored, sha256: result.sha256, previousAdapter: previousStored, lossBefore, lossAfter,
            scoreBefore: scores.before, scoreAfter: scores.after, judgedPrompts: scores.judged,
            datasetSize: record.goldenDataset.length, trainSamples: trainTokens.length, heldOutSamples: heldOutTokens.length,
            steps, backend, ms: Date.now() - started
        };
        runtime.image.update((draft) => {
            draft.personas[personaId]?.performanceMetrics.push(...cycleMetrics(outcome));
        }, `${name} improvement cycle ${outcome.cycleId}: ${decision}`);
        return outcome;
    } catch (error) {
        // Only a swap that happened leaves the adapter in use; every other failure takes the candidate away.
        if (runtime.manager.get(personaId).record.activeAdapterPath !== storedPath(runtime, candidate)) await discard();
        throw error;
    }
}

/** Any failure as a CycleError; an abort (the signal, or the forge cancelled) is a cancellation at the stage it hit. */
function asCycleError(persona: string, error: unknown, signal: AbortSignal | undefined): CycleError {
    const cancelled = signal?.aborted === true;
    if (error instanceof CycleError) {
        return cancelled && !error.cancelled ? new CycleError(persona, error.stage, error.reason, {cause: error.cause, cancelled: true}) : error;
    }
    return new CycleError(persona, "validate", (error as Error).message, {cause: error, cancelled});
}

/** Adapters are stored relative to the image, as createImage stores models, so an image travels with its directory. */
function storedPath(runtime: Runtime, file: string): string {
    const imageDir = path.dirname(path.resolve(runtime.image.path));
    const relative = path.relative(imageDir, file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}

function withSystem(system: string, messages: readonly ChatMessage[]): ChatMessage[] {
    const turns = messages.filter((m) => m.role !== "system");
    return system === "" ? turns : [{role: "system", content: system}, ...turns];
}
