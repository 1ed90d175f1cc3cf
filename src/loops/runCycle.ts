import {randomUUID} from "node:crypto";
import {rm} from "node:fs/promises";
import path from "node:path";
import type {Runtime} from "../runtime/index.js";
import {systemPromptFor} from "../llm/index.js";
import {runLora} from "../forge/index.js";
import type {ForgeResult, TokenizedSample} from "../forge/index.js";
import type {ChatMessage, GoldenSample} from "../objects/index.js";
import {modelContextLength, rubricFor} from "../oracle/index.js";
import type {Judge} from "../oracle/index.js";
import {CycleError} from "./CycleError.js";
import type {CycleOutcome} from "./CycleOutcome.js";
import {cycleMetrics} from "./CycleOutcome.js";
import type {CycleSettings} from "./CycleSettings.js";
import {heldOutScore} from "./heldOutScore.js";
import type {LoopEngine} from "./LoopEngine.js";

export type CycleContext = {
    engine: LoopEngine,
    judge: Judge,
    settings: CycleSettings,
    reason: CycleOutcome["reason"],
    signal?: AbortSignal,
    log: (line: string) => void
};

/**
 * One improvement cycle of a persona: train a LoRA adapter on its golden samples (continuing from its current
 * adapter, so the forge's "before" loss is the current adapter's), validate it against the current one on the
 * held-out samples (forge validation loss, and the Oracle's scores of both adapters' replies to held-out
 * prompts), swap only when it is better, and record the outcome in performanceMetrics.
 * A failure or cancellation at any stage throws CycleError and leaves the image as it was.
 */
export async function runCycle(runtime: Runtime, personaId: string, context: CycleContext): Promise<CycleOutcome> {
    const started = Date.now();
    const {engine, judge, settings, signal, log} = context;
    const record = runtime.manager.get(personaId).record;
    const name = record.name;
    const fail = (stage: CycleError["stage"], reason: string, cause?: unknown): never => {
        throw new CycleError(name, stage, reason, cause === undefined ? undefined : {cause});
    };
    if (runtime.image.readOnly) fail("prepare", "the image is open read-only.");
    if (record.baseModelPath == null) fail("prepare", "it has no base model.");
    const model = runtime.manager.resolve(record.baseModelPath!);
    const previousStored = record.activeAdapterPath;
    const previous = previousStored == null ? null : runtime.manager.resolve(previousStored);
    const dataset = record.goldenDataset;
    const train = dataset.filter((s) => !s.heldOut);
    const heldOut = dataset.filter((s) => s.heldOut);
    if (train.length === 0) fail("prepare", "no golden sample is left for training.");
    if (heldOut.length === 0) fail("prepare", `none of its ${dataset.length} golden samples is held out, so nothing can validate a new adapter. Raise heldOutFraction (${name} at: #heldOutFraction put: 0.2) or add samples.`);
    const contextLength = await modelContextLength(model);
    const systemChars = settings.systemPromptChars ?? (contextLength == null || contextLength >= 2048 ? 4000 : Math.floor(contextLength / 4));
    const system = systemPromptFor(record.codex, {maxChars: systemChars});

    const tokenize = async (samples: GoldenSample[], split: string): Promise<TokenizedSample[]> => {
        const out: TokenizedSample[] = [];
        for (const sample of samples) {
            const laidOut = await engine.tokenizeChat(model, withSystem(system, sample.messages));
            if (contextLength != null && laidOut.tokens.length > contextLength) log(`${name}: ${split} sample ${sample.id} has ${laidOut.tokens.length} tokens, over the model's ${contextLength}: left out.`);
            else out.push(laidOut);
        }
        return out;
    };
    const trainTokens = await tokenize(train, "training");
    const heldOutTokens = await tokenize(heldOut, "held-out");
    if (trainTokens.length === 0 || heldOutTokens.length === 0) fail("prepare", "every training or held-out sample is longer than the model's context. Shorten systemPromptChars.");

    const adaptersDir = settings.adaptersDir ?? path.join(path.dirname(path.resolve(runtime.image.path)), "adapters");
    let result: ForgeResult;
    try {
        const run = runLora({
            baseModel: model, persona: name, adaptersDir, train: trainTokens, validation: heldOutTokens,
            rank: settings.rank, steps: settings.steps, lr: settings.lr, batchSize: settings.batchSize, seed: settings.seed,
            initAdapter: previous, extra: settings.forgeExtra
        }, {
            ...(signal ? {signal} : {}),
            ...(settings.python ? {python: settings.python} : {}),
            ...(settings.forgeDir ? {forgeDir: settings.forgeDir} : {}),
            onEvent: (event) => {
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
        const unchanged = runtime.manager.get(personaId).record.activeAdapterPath === previousStored;
        const decision = lossWins && scoreWins && unchanged ? "swapped" : "kept";
        const why = !lossWins
            ? `The held-out loss did not drop by more than ${settings.minLossImprovement}.`
            : !scoreWins ? `The Oracle scored the new adapter's replies lower by more than ${settings.scoreTolerance}.`
                : !unchanged ? "The persona's adapter was swapped by hand during the cycle, so the comparison no longer holds."
                    : "The held-out loss dropped and the Oracle's score did not.";
        const stored = decision === "swapped" ? storedPath(runtime, candidate) : candidate;
        if (decision === "swapped") {
            try {
                await runtime.manager.atomicSwapAdapter(personaId, stored);
            } catch (error) {
                fail("swap", (error as Error).message, error);
            }
        } else await discard();

        const outcome: CycleOutcome = {
            cycleId: randomUUID().slice(0, 8), persona: name, at: new Date(), reason: context.reason, decision, why,
            adapter: stored, sha256: result.sha256, previousAdapter: previousStored, lossBefore, lossAfter,
            scoreBefore: scores.before, scoreAfter: scores.after, judgedPrompts: scores.judged,
            datasetSize: dataset.length, trainSamples: trainTokens.length, heldOutSamples: heldOutTokens.length,
            steps: settings.steps, ms: Date.now() - started
        };
        runtime.image.update((draft) => {
            draft.personas[personaId]?.performanceMetrics.push(...cycleMetrics(outcome));
        }, `${name} improvement cycle ${outcome.cycleId}: ${decision}`);
        return outcome;
    } catch (error) {
        // Only a swap that happened leaves the adapter in use; every other failure takes the candidate away.
        if (runtime.manager.get(personaId).record.activeAdapterPath !== storedPath(runtime, candidate)) await discard();
        if (error instanceof CycleError) throw error;
        return fail("validate", (error as Error).message, error);
    }
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
