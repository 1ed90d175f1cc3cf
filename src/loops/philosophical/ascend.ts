import {rm} from "node:fs/promises";
import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import {GoldenDataset} from "../../objects/index.js";
import type {ChatMessage, GoldenSample, PersonaRecord} from "../../objects/index.js";
import {contentId, curationSettings, isHeldOut, rubricFor} from "../../oracle/index.js";
import type {Judge} from "../../oracle/index.js";
import {sha256File} from "../../gguf/index.js";
import {promptOf} from "./benchmarkModel.js";
import {EvolutionError} from "./EvolutionError.js";
import type {EvolutionEngine} from "./EvolutionEngine.js";
import {currentDatasetVersion, datasetVersions, datasetVersionSlot, datasetVersionsSlot, lineageOf, lineageSlot, nextDatasetVersion, pendingAscensionSlot}
    from "./Lineage.js";
import type {DatasetVersion, LineageEntry} from "./Lineage.js";
import type {SandboxVerdict} from "./runSandbox.js";
import {fitCandidate, startEvolutionRun} from "./startEvolutionRun.js";
import type {EvolutionRunOptions} from "./startEvolutionRun.js";
import {trainAdapter} from "./trainAdapter.js";

export type AscendOptions = EvolutionRunOptions & {
    /** The Oracle that judges the re-curated replies (null: the scrapbook is not re-curated, and the lineage says so). */
    judge: Judge | null,
    /** Why the persona ascends: the scouting run's evidence, or the Architect's command. */
    evidence?: LineageEntry["evidence"],
    /** The sandbox's verdict that confirmed the candidate, if one did. */
    sandbox?: Pick<SandboxVerdict, "runId" | "confirmed" | "why"> | null
};

/**
 * The Ascension protocol, better than the seed's: nothing of the persona changes until everything is ready.
 * 1. A full adapter for the new base is trained on the whole golden dataset (held-out samples validate it).
 * 2. The persona re-curates its past: every scrapbook interaction's prompt is answered again by the ascended
 *    persona (new base, new adapter, its own system prompt) and judged by the Oracle; replies at or above the
 *    golden threshold replace the old sample of that interaction (when they score at least as well) or join the
 *    dataset, which becomes a new version; the old version is archived.
 * 3. Base model, adapter, dataset and the lineage entry change together, in one engine swap and one image update:
 *    a crash or a cancel before it leaves the persona as it was, after it as ascended, never between.
 * @throws EvolutionError (stage "ascend", "train" or "recurate")
 */
export async function ascend(runtime: Runtime, personaName: string, candidate: string, options: AscendOptions): Promise<LineageEntry> {
    const run = startEvolutionRun(runtime, personaName, "ascend", options);
    const {started, runId, proto, record, settings, cycle, engine, signal, log, fail, progress} = run;
    const {candidatePath, facts} = await fitCandidate(run, candidate);
    const fromModel = record.baseModelPath == null ? null : runtime.manager.resolve(record.baseModelPath);
    if (fromModel != null && path.resolve(fromModel) === candidatePath) fail(`${path.basename(candidatePath)} is already its base model.`);
    const dataset = record.goldenDataset;
    const train = dataset.filter((s) => !s.heldOut);
    const heldOut = dataset.filter((s) => s.heldOut);
    if (train.length === 0) fail("it has no golden samples to train the new base's adapter on.");
    const curation = curationSettings(record, runtime.image.state.settings);
    const system = runtime.systemPromptOf(proto);
    const adaptersDir = cycle.adaptersDir ?? path.join(path.dirname(path.resolve(runtime.image.path)), "adapters");
    let adapterFile: string | null = null;
    const engineKey = `${record.personaId}#ascension`;
    try {
        run.stage = "train";
        progress(0, settings.ascensionSteps, `training ${record.name}'s adapter for ${path.basename(candidatePath)} on ${train.length} golden samples`);
        const trained = await trainAdapter({
            engine, persona: record.name, model: candidatePath, system, train, validation: heldOut, adaptersDir, steps: settings.ascensionSteps, cycle,
            ...(signal == null ? {} : {signal}), log,
            onProgress: (step, total, loss) => progress(step, total, `adapter for ${path.basename(candidatePath)}, loss ${loss?.toFixed(4) ?? "n/a"}`)
        });
        adapterFile = trained.result.adapterPath;

        run.stage = "recurate";
        const recurated = options.judge == null ? null : await recurate(runtime, record, {
            engine, judge: options.judge, engineKey, model: candidatePath, adapter: adapterFile, system, maxTokens: cycle.replyMaxTokens,
            threshold: curation.goldenThreshold, heldOutFraction: curation.heldOutFraction, signal, progress, log
        });
        if (recurated == null) log(`${record.name}: no Oracle to judge with, so the scrapbook was not re-curated.`);
        signal?.throwIfAborted();

        run.stage = "ascend";
        progress(1, 1, `swapping ${record.name} to ${path.basename(candidatePath)} with its new adapter, atomically`);
        const [fromSha, fromAdapterSha] = await Promise.all([
            fromModel == null ? null : sha256File(fromModel).catch(() => null),
            record.activeAdapterPath == null ? null : sha256File(runtime.manager.resolve(record.activeAdapterPath)).catch(() => null)
        ]);
        const fromVersion = currentDatasetVersion(record);
        const toVersion = nextDatasetVersion(record);
        const samples = recurated?.samples ?? [...dataset];
        const entry: LineageEntry = {
            id: runId, at: new Date(), kind: "ascension",
            from: {model: record.baseModelPath, sha256: fromSha, adapter: record.activeAdapterPath, adapterSha256: fromAdapterSha,
                datasetVersion: fromVersion, datasetSize: dataset.length},
            to: {model: stored(runtime, candidatePath), sha256: facts.sha256, adapter: stored(runtime, adapterFile), adapterSha256: trained.result.sha256,
                datasetVersion: toVersion, datasetSize: samples.length},
            evidence: options.evidence ?? null,
            sandbox: options.sandbox == null ? null : {runId: options.sandbox.runId, confirmed: options.sandbox.confirmed, why: options.sandbox.why},
            training: {trainSamples: trained.trainSamples, validationSamples: trained.validationSamples, steps: settings.ascensionSteps,
                lossBefore: trained.result.validationBefore, lossAfter: trained.result.validationAfter},
            recuration: recurated?.summary ?? null,
            undoneAt: null, ms: 0
        };
        entry.ms = Date.now() - started;
        signal?.throwIfAborted();
        const archived: DatasetVersion = {version: fromVersion, at: new Date(), reason: `replaced by ${toVersion} when ${record.name} ascended (${runId})`, samples: [...dataset]};
        await runtime.manager.atomicSwapModel(record.personaId, entry.to.model!, {
            adapter: entry.to.adapter,
            label: `${record.name} ascends to ${path.basename(candidatePath)} (${runId})`,
            alsoUpdate: (persona) => {
                persona.goldenDataset = GoldenDataset.of(samples);
                const slots = persona.slots as Record<string, unknown>;
                slots[datasetVersionsSlot] = [...datasetVersions(persona), archived];
                slots[datasetVersionSlot] = toVersion;
                slots[lineageSlot] = [...lineageOf(persona), entry];
                // An ascension answers any request that waited for approval.
                delete slots[pendingAscensionSlot];
            }
        });
        runtime.publish({type: "slotChanged", persona: record.name, slot: "goldenDataset"});
        runtime.publish({type: "evolutionFinished", persona: record.name, runId, stage: "ascend", ok: true, outcome: "ascended",
            message: `${record.name} ascended to ${path.basename(candidatePath)}: adapter ${path.basename(adapterFile)}, dataset ${fromVersion} → ${toVersion} (${samples.length} samples).`});
        return entry;
    } catch (error) {
        const cancelled = signal?.aborted === true;
        const ascended = adapterFile != null && runtime.manager.get(record.personaId).record.activeAdapterPath === stored(runtime, adapterFile);
        if (adapterFile != null && !ascended) await rm(adapterFile, {force: true}).catch(() => undefined);
        runtime.publish({type: "evolutionFinished", persona: record.name, runId, stage: run.stage, ok: false, outcome: cancelled ? "cancelled" : "failed",
            message: cancelled ? `The ascension was cancelled at ${run.stage}; nothing changed.` : (error as Error).message});
        if (error instanceof EvolutionError) throw error;
        return fail(cancelled ? "it was asked to stop." : (error as Error).message, error);
    } finally {
        await engine.detach(engineKey).catch(() => undefined);
    }
}

type RecurationContext = {
    engine: EvolutionEngine,
    judge: Judge,
    engineKey: string,
    model: string,
    adapter: string,
    system: string,
    maxTokens: number,
    threshold: number,
    heldOutFraction: number,
    signal: AbortSignal | undefined,
    progress: (step: number, total: number, message: string) => void,
    log: (line: string) => void
};

/**
 * Answers every scrapbook interaction's prompt again with the ascended persona (not yet swapped in: on an engine
 * key of its own) and judges each reply; answers the new dataset version and what happened.
 */
async function recurate(runtime: Runtime, record: PersonaRecord, c: RecurationContext): Promise<{samples: GoldenSample[], summary: NonNullable<LineageEntry["recuration"]>}> {
    const interactions = record.scrapbook.flatMap((entry) => {
        const prompt = promptOf(entry.messages);
        return prompt == null || prompt.length === 0 ? [] : [{entry, prompt}];
    });
    await c.engine.attach({personaId: c.engineKey, name: record.name, systemPrompt: c.system, model: c.model, adapter: c.adapter});
    const rubric = rubricFor(record.codex);
    const samples = [...record.goldenDataset];
    const ids = new Set(samples.map((s) => s.id));
    const summary = {interactions: interactions.length, answered: 0, judged: 0, golden: 0, replaced: 0, added: 0};
    for (const [i, {entry, prompt}] of interactions.entries()) {
        c.signal?.throwIfAborted();
        c.progress(i + 1, interactions.length, `re-answering interaction ${entry.id.slice(0, 8)}`);
        const completion = await c.engine.complete(c.engineKey, [{role: "system", content: c.system}, ...prompt],
            {maxTokens: c.maxTokens, temperature: 0, ...(c.signal == null ? {} : {signal: c.signal})});
        summary.answered++;
        const messages: ChatMessage[] = [...prompt, {role: "assistant", content: completion.text}];
        let scores;
        try {
            scores = (await c.judge.judge(rubric, messages)).scores;
        } catch (error) {
            c.signal?.throwIfAborted();
            c.log(`${record.name}: the Oracle could not judge the re-answer of ${entry.id}: ${(error as Error).message}`);
            continue;
        }
        summary.judged++;
        if (scores.golden < c.threshold || completion.text.trim() === "") continue;
        summary.golden++;
        const id = contentId(messages);
        if (ids.has(id)) continue;
        const sample: GoldenSample = {
            id, messages, heldOut: isHeldOut(id, c.heldOutFraction),
            provenance: {interactionId: entry.id, judge: scores.judge, model: c.model, adapter: c.adapter, scores, at: new Date()}
        };
        const old = samples.findIndex((s) => s.provenance.interactionId === entry.id);
        if (old >= 0) {
            const oldScore = samples[old]!.provenance.scores?.golden ?? -Infinity;
            if (scores.golden < oldScore) continue;
            ids.delete(samples[old]!.id);
            samples[old] = sample;
            summary.replaced++;
        } else {
            samples.push(sample);
            summary.added++;
        }
        ids.add(id);
    }
    return {samples, summary};
}

/** A path as the image stores it: relative to the image's folder when inside it, so the image travels. */
function stored(runtime: Runtime, file: string): string {
    const imageDir = path.dirname(path.resolve(runtime.image.path));
    const relative = path.relative(imageDir, file);
    return relative.startsWith("..") || path.isAbsolute(relative) ? file : relative.split(path.sep).join("/");
}
