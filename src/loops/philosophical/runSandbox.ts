import {rm} from "node:fs/promises";
import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import {rubricFor} from "../../oracle/index.js";
import type {Judge} from "../../oracle/index.js";
import {benchmarkModel, promptOf} from "./benchmarkModel.js";
import type {BenchmarkInputs} from "./benchmarkModel.js";
import {compareWithIncumbent} from "./compareWithIncumbent.js";
import type {Comparison} from "./compareWithIncumbent.js";
import {EvolutionError} from "./EvolutionError.js";
import type {PairwiseJudge} from "./PairwiseJudge.js";
import {representativeSubset} from "./trainAdapter.js";
import {runCycle} from "../runCycle.js";
import {fitCandidate, startEvolutionRun} from "./startEvolutionRun.js";
import type {EvolutionRunOptions} from "./startEvolutionRun.js";

/** What a sandbox concluded, kept in the persona's `sandboxVerdicts` slot after the sandbox itself is gone. */
export type SandboxVerdict = {
    runId: string,
    at: Date,
    persona: string,
    clone: string,
    candidate: {model: string, sha256: string | null},
    production: {model: string, adapter: string | null},
    /**
     * The temporary adapter (removed with the sandbox): its sha256, whether it beat the bare candidate on held-out loss
     * and so served the clone, training samples and steps, forge validation loss, and the clone's improvement cycle.
     */
    adapter: {sha256: string, kept: boolean, trainSamples: number, steps: number, lossBefore: number, lossAfter: number, cycle: string},
    /** Clone against production on the held-out samples: bits per byte saved, the Oracle's scores, pairwise judgements. */
    comparison: Comparison,
    figures: {clone: {meanBitsPerByte: number | null, meanOracleScore: number | null}, production: {meanBitsPerByte: number | null, meanOracleScore: number | null}},
    confirmed: boolean,
    why: string,
    ms: number
};

export const sandboxVerdictsSlot = "sandboxVerdicts";
const verdictLimit = 20;

/** The run's id (`runId`) is the scouting run's that asked for this sandbox, if any (events carry it). */
export type SandboxOptions = EvolutionRunOptions & {
    judge: Judge | null,
    pairwise: PairwiseJudge | null
};

/**
 * The seed's sandbox: the persona is cloned (no bus subscriptions), the clone is pointed at the candidate base,
 * a temporary adapter is trained for it on a representative subset of the golden training samples, and the
 * Oracle compares the clone with the production persona on the held-out samples, item by item (bits per byte of
 * the persona's replies, the Oracle's scores and pairwise judgements in both orders). The production persona is
 * only read, never changed. Finished, failed or cancelled, the sandbox is removed (clone, adapter, folder); a
 * finished one leaves its verdict in the persona's `sandboxVerdicts`.
 * @throws EvolutionError (stage "sandbox")
 */
export async function runSandbox(runtime: Runtime, personaName: string, candidate: string, options: SandboxOptions): Promise<SandboxVerdict> {
    // The stage stays "sandbox" for its failures; its progress names "train" while the temporary adapter trains.
    const run = startEvolutionRun(runtime, personaName, "sandbox", options);
    const {started, runId, proto, record, settings, cycle, engine, signal, log, fail, progress} = run;
    if (record.baseModelPath == null) fail("it has no production base model to compare with.");
    const {candidatePath, facts} = await fitCandidate(run, candidate);
    const train = record.goldenDataset.filter((s) => !s.heldOut);
    const heldOut = record.goldenDataset.filter((s) => s.heldOut).slice(0, settings.scoutSamples);
    if (train.length === 0 || heldOut.length === 0)
        fail(`it needs golden samples to train on and held-out ones to compare on (it has ${train.length} and ${heldOut.length}).`);

    const sandboxDir = path.join(path.dirname(path.resolve(runtime.image.path)), "sandboxes", `${record.name}-${runId}`);
    let cloneId: string | null = null;
    try {
        progress(1, 4, `cloning ${record.name} into a sandbox on ${path.basename(candidatePath)}`);
        cloneId = await runtime.manager.cloneForExperimentation(record.personaId, undefined, {purpose: `sandbox ${runId}`});
        runtime.image.update((draft) => {
            (draft.personas[cloneId!]!.slots as Record<string, unknown>)["sandboxDir"] = sandboxDir;
        }, `sandbox ${runId} folder`);
        await runtime.manager.atomicSwapModel(cloneId, candidatePath);
        const clone = runtime.manager.protoFor(cloneId);

        const subset = representativeSubset(train, settings.sandboxSamples);
        progress(2, 4, `training a temporary adapter on ${subset.length} of ${train.length} golden samples`);
        const system = runtime.systemPromptOf(proto);
        // The strategic loop's own cycle, run on the clone: it trains on the candidate (the clone's base), laid out as the
        // persona chats, and swaps the adapter into the clone when it lowers the held-out loss; its history goes with the clone.
        if (options.judge == null) fail("the sandbox's cycle needs the Oracle's judge.");
        const outcome = await runCycle(runtime, cloneId, {
            engine, judge: options.judge!, reason: "manual", samples: [...subset, ...heldOut], adapter: null, log,
            settings: {...cycle, steps: settings.sandboxSteps, maxEpochs: null, adaptersDir: sandboxDir, validationPrompts: 0, systemPromptChars: null},
            ...(signal == null ? {} : {signal}),
            onForgeEvent: (event) => {
                if (event.type === "progress") progress(event.step, event.total, `${clone.name} temporary adapter, loss ${event.loss?.toFixed(4) ?? "n/a"}`, "train");
            }
        }).then((done) => {
            // runCycle reports the forge's progress under the clone's name; its end is said here, as the strategic loop
            // says it for its own cycles, so that the forge job the browser shows for the clone ends too.
            runtime.publish({type: "forgeFinished", persona: clone.name, ok: true, artifact: done.adapter, message: `${clone.name} cycle ${done.cycleId}: ${done.decision}, because ${done.why}.`});
            return done;
        }, (error: unknown) => {
            runtime.publish({type: "forgeFinished", persona: clone.name, ok: false, artifact: null, message: (error as Error).message});
            return fail(`the temporary adapter could not be trained: ${(error as Error).message}`, error);
        });
        const tempAdapter = runtime.manager.get(cloneId).record.activeAdapterPath == null ? null : runtime.manager.resolve(runtime.manager.get(cloneId).record.activeAdapterPath!);

        progress(3, 4, `the Oracle compares ${clone.name} with ${record.name} on ${heldOut.length} held-out samples`);
        const inputs: BenchmarkInputs = {
            engine, judge: options.judge, rubric: rubricFor(record.codex), persona: record, system, samples: heldOut,
            prompts: settings.scoutPrompts, replyTokens: settings.scoutReplyTokens, ...(signal == null ? {} : {signal}),
            onSkip: (why) => log(`${record.name}: ${why}`)
        };
        const productionModel = runtime.manager.resolve(record.baseModelPath!);
        const productionAdapter = record.activeAdapterPath == null ? null : runtime.manager.resolve(record.activeAdapterPath);
        const production = await benchmarkModel(productionModel, productionAdapter, inputs, `${record.personaId}#sandbox-production`);
        const cloned = await benchmarkModel(candidatePath, tempAdapter, inputs, `${cloneId}#sandbox`);
        const pairs = production.replies.flatMap((reply, k) => {
            const prompt = heldOut[k] == null ? null : promptOf(heldOut[k]!.messages);
            const other = cloned.replies[k];
            return prompt == null || other == null ? [] : [{prompt, first: reply.text, second: other.text}];
        });
        const tally = options.pairwise == null || pairs.length === 0 ? null : await options.pairwise.tally(record, pairs, signal == null ? {} : {signal});
        const comparison = compareWithIncumbent(production, cloned, tally, {margin: settings.evolutionMargin, resamples: settings.bootstrapResamples});
        signal?.throwIfAborted();

        const mean = (scores: (number | null)[]) => {
            const known = scores.filter((s): s is number => s != null);
            return known.length === 0 ? null : known.reduce((a, b) => a + b, 0) / known.length;
        };
        const verdict: SandboxVerdict = {
            runId, at: new Date(), persona: record.name, clone: clone.name,
            candidate: {model: candidatePath, sha256: facts.sha256},
            production: {model: record.baseModelPath!, adapter: record.activeAdapterPath},
            adapter: {
                sha256: outcome.sha256, kept: tempAdapter != null, trainSamples: outcome.trainSamples, steps: outcome.steps,
                lossBefore: outcome.lossBefore, lossAfter: outcome.lossAfter, cycle: outcome.cycleId
            },
            comparison,
            figures: {
                clone: {meanBitsPerByte: cloned.meanBitsPerByte, meanOracleScore: mean(cloned.replies.map((r) => r.score))},
                production: {meanBitsPerByte: production.meanBitsPerByte, meanOracleScore: mean(production.replies.map((r) => r.score))}
            },
            confirmed: comparison.stepChange,
            why: comparison.stepChange ? `The sandbox confirms it. ${comparison.why}` : `The sandbox does not confirm it. ${comparison.why}`,
            ms: 0
        };
        progress(4, 4, `removing the sandbox; verdict: ${verdict.confirmed ? "confirmed" : "not confirmed"}`);
        await removeSandbox(runtime, cloneId);
        cloneId = null;
        verdict.ms = Date.now() - started;
        runtime.image.update((draft) => {
            const slots = draft.personas[record.personaId]!.slots as Record<string, unknown>;
            const kept = Array.isArray(slots[sandboxVerdictsSlot]) ? slots[sandboxVerdictsSlot] as unknown[] : [];
            slots[sandboxVerdictsSlot] = [...kept, verdict].slice(-verdictLimit);
        }, `${record.name} sandbox verdict ${runId}`);
        runtime.publish({type: "evolutionFinished", persona: record.name, runId, stage: "sandbox", ok: true,
            outcome: verdict.confirmed ? "confirmed" : "notConfirmed", message: verdict.why});
        return verdict;
    } catch (error) {
        const cancelled = signal?.aborted === true;
        if (cloneId != null) await removeSandbox(runtime, cloneId).catch(() => undefined);
        await rm(sandboxDir, {recursive: true, force: true}).catch(() => undefined);
        runtime.publish({type: "evolutionFinished", persona: record.name, runId, stage: "sandbox", ok: false, outcome: cancelled ? "cancelled" : "failed",
            message: cancelled ? "The sandbox was cancelled and removed." : (error as Error).message});
        if (error instanceof EvolutionError) throw error;
        return fail(cancelled ? "it was asked to stop; the sandbox was removed." : (error as Error).message, error);
    }
}

/** Removes a sandbox clone and its folder (its temporary adapter). */
export async function removeSandbox(runtime: Runtime, cloneId: string): Promise<void> {
    const record = runtime.image.state.personas[cloneId];
    if (record == null) return;
    const dir = record.slots["sandboxDir"];
    await runtime.manager.remove(cloneId);
    if (typeof dir === "string") await rm(dir, {recursive: true, force: true});
}

/** The sandbox verdicts kept for a persona, oldest first. */
export function sandboxVerdicts(slots: Record<string, unknown>): SandboxVerdict[] {
    const kept = slots[sandboxVerdictsSlot];
    return Array.isArray(kept) ? kept as SandboxVerdict[] : [];
}
