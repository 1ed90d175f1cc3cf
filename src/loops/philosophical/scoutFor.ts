import {randomUUID} from "node:crypto";
import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import type {EvolutionStage} from "../../objects/index.js";
import {rubricFor} from "../../oracle/index.js";
import type {Judge} from "../../oracle/index.js";
import type {Candidate} from "./Candidate.js";
import {candidateFacts} from "./CandidateFacts.js";
import type {CandidateFacts} from "./CandidateFacts.js";
import {benchmarkModel, promptOf} from "./benchmarkModel.js";
import type {BenchmarkInputs, ModelBenchmark} from "./benchmarkModel.js";
import {compareWithIncumbent} from "./compareWithIncumbent.js";
import {EvolutionError} from "./EvolutionError.js";
import type {EvolutionEngine} from "./EvolutionEngine.js";
import {evolutionSettings} from "./EvolutionSettings.js";
import type {EvolutionSettings} from "./EvolutionSettings.js";
import type {PairwiseJudge} from "./PairwiseJudge.js";
import {recordScoutRun} from "./ResearchLog.js";
import type {CandidateReport, ScoutRun} from "./ResearchLog.js";
import {gatherCandidates} from "./sources/gatherCandidates.js";
import type {ScoutSources} from "./sources/gatherCandidates.js";

export type ScoutOptions = {
    engine: EvolutionEngine,
    /** The Oracle's judge for single replies (null: no Oracle scores, bits per byte alone decide). */
    judge: Judge | null,
    /** The Oracle asked which of two replies is better, in both orders (null: none). */
    pairwise: PairwiseJudge | null,
    sources: ScoutSources,
    /** The persona that scouts and keeps the research log (default BABS). */
    researcher?: string,
    /** Overrides of the persona's evolution settings (tests, the command line). */
    settings?: Partial<EvolutionSettings>,
    signal?: AbortSignal,
    log?: (line: string) => void
};

/**
 * BABS scouts for a persona: gathers candidate base models from every source, reads each one's header and sets
 * aside those that cannot serve the persona (with the reason), benchmarks the rest and the incumbent on the
 * persona's own held-out golden samples (bits per byte of its replies, the Oracle's scores of replies to held-out
 * prompts, tokens per second, memory), and compares each with the incumbent item by item (seeded bootstrap
 * intervals, pairwise judgements in both orders). The run goes into BABS's research log; when a candidate is a
 * step change, the persona publishes `evolutionRequested` with the evidence.
 * Cancelling (options.signal) changes nothing: the run is recorded only when it completes.
 * @throws EvolutionError (stage "scout" or "benchmark")
 */
export async function scoutFor(runtime: Runtime, personaName: string, options: ScoutOptions): Promise<ScoutRun> {
    const started = Date.now();
    const runId = randomUUID().slice(0, 8);
    const proto = runtime.manager.get(personaName);
    const record = proto.record;
    const researcher = runtime.manager.get(options.researcher ?? "BABS");
    const settings = {...evolutionSettings(record, runtime.image.state.settings), ...options.settings};
    const {signal} = options;
    const log = options.log ?? (() => undefined);
    const fail = (stage: EvolutionStage, reason: string, cause?: unknown): never => {
        throw new EvolutionError(record.name, stage, reason, {cause, cancelled: signal?.aborted === true});
    };
    const progress = (stage: EvolutionStage, step: number, total: number, message: string) => {
        runtime.publish({type: "evolutionProgress", persona: researcher.name, runId, stage, step, total, message});
        log(`${researcher.name} ${stage} ${step}/${total}: ${message}`);
    };
    if (runtime.image.readOnly) fail("scout", "the image is open read-only, so the research log cannot be kept.");
    if (record.baseModelPath == null) fail("scout", "it has no base model to compare candidates with.");
    const samples = record.goldenDataset.filter((s) => s.heldOut).slice(0, settings.scoutSamples);
    if (samples.length === 0)
        fail("scout", `none of its ${record.goldenDataset.length} golden samples is held out, and candidates are measured on held-out samples. ` +
            `Add golden samples, or raise heldOutFraction (${record.name} at: #heldOutFraction put: 0.2).`);

    try {
        const incumbentPath = runtime.manager.resolve(record.baseModelPath!);
        progress("scout", 0, 1, `gathering candidates for ${record.name}`);
        const incumbentFacts = await candidateFacts(incumbentPath);
        const incumbentSha = incumbentFacts.facts?.sha256 ?? null;
        const {candidates, reports: sources} = await gatherCandidates(options.sources, signal == null ? {} : {signal});
        signal?.throwIfAborted();
        const reports: CandidateReport[] = [];
        const fit: {candidate: Candidate, facts: CandidateFacts}[] = [];
        const shas = new Map<string, string>();
        for (const [i, candidate] of candidates.entries()) {
            signal?.throwIfAborted();
            progress("scout", i + 1, candidates.length, `reading ${candidate.label}`);
            const report: CandidateReport = {candidate, facts: null, status: "setAside", reason: null, figures: null, comparison: null};
            reports.push(report);
            if (candidate.path == null) {
                report.reason = candidate.remote?.problem != null ? `its header could not be read: ${candidate.remote.problem}`
                    : candidate.source === "huggingface" ? `it is not on this machine: download it first (living-image model pull ${candidate.locator})`
                        : "its file is not on this machine";
                continue;
            }
            const {facts, fitness} = await candidateFacts(candidate.path);
            report.facts = facts;
            if (!fitness.fit) {
                report.reason = fitness.reason;
                continue;
            }
            if (facts!.sha256 === incumbentSha) {
                report.status = "incumbent";
                report.reason = `it is ${record.name}'s base model now`;
                continue;
            }
            const twin = shas.get(facts!.sha256!);
            if (twin != null) {
                report.reason = `it is the same file as ${twin}`;
                continue;
            }
            shas.set(facts!.sha256!, candidate.label);
            report.status = "benchmarked";
            fit.push({candidate, facts: facts!});
        }

        const system = runtime.systemPromptOf(proto);
        const inputs: BenchmarkInputs = {
            engine: options.engine, judge: options.judge, rubric: rubricFor(record.codex), persona: record, system, samples,
            prompts: settings.scoutPrompts, replyTokens: settings.scoutReplyTokens, ...(signal == null ? {} : {signal}),
            onSkip: (why) => log(`${researcher.name}: ${why}`)
        };
        const total = fit.length + 1;
        progress("benchmark", 1, total, `${path.basename(incumbentPath)} (incumbent)`);
        let incumbent: ModelBenchmark;
        try {
            incumbent = await benchmarkModel(incumbentPath, null, inputs, `${record.personaId}#scout-incumbent`);
        } catch (error) {
            return fail("benchmark", `the incumbent ${path.basename(incumbentPath)} could not be measured: ${(error as Error).message}`, error);
        }
        const incumbentReport = reports.find((r) => r.status === "incumbent");
        const incumbentId = incumbentReport?.candidate.id ?? `incumbent:${incumbentPath}`;
        if (incumbentReport != null) incumbentReport.figures = figuresOf(incumbent);
        const ranked: {id: string, bpb: number}[] = incumbent.meanBitsPerByte == null ? [] : [{id: incumbentId, bpb: incumbent.meanBitsPerByte}];

        for (const [i, {candidate}] of fit.entries()) {
            signal?.throwIfAborted();
            progress("benchmark", i + 2, total, candidate.label);
            const report = reports.find((r) => r.candidate === candidate)!;
            try {
                const measured = await benchmarkModel(candidate.path!, null, inputs, `${record.personaId}#scout-${i}`);
                const pairs = incumbent.replies.flatMap((reply, k) => {
                    const prompt = samples[k] == null ? null : promptOf(samples[k]!.messages);
                    const other = measured.replies[k];
                    return prompt == null || other == null || reply.text === "" ? [] : [{prompt, first: reply.text, second: other.text}];
                });
                const tally = options.pairwise == null || pairs.length === 0 ? null : await options.pairwise.tally(record, pairs, signal == null ? {} : {signal});
                report.figures = figuresOf(measured);
                report.comparison = compareWithIncumbent(incumbent, measured, tally, {margin: settings.evolutionMargin, resamples: settings.bootstrapResamples});
                if (measured.meanBitsPerByte != null) ranked.push({id: candidate.id, bpb: measured.meanBitsPerByte});
            } catch (error) {
                signal?.throwIfAborted();
                report.status = "failed";
                report.reason = `it could not be measured: ${(error as Error).message}`;
            }
        }
        signal?.throwIfAborted();

        const steps = reports.filter((r) => r.comparison?.stepChange === true)
            .sort((a, b) => b.comparison!.bitsPerByte!.lower - a.comparison!.bitsPerByte!.lower);
        const best = steps[0] ?? null;
        const run: ScoutRun = {
            runId, at: new Date(), persona: record.name,
            incumbent: {model: record.baseModelPath!, sha256: incumbentSha, figures: figuresOf(incumbent)},
            heldOutSamples: samples.length, prompts: Math.min(settings.scoutPrompts, samples.length),
            margin: settings.evolutionMargin, resamples: settings.bootstrapResamples,
            sources, candidates: reports,
            ranking: ranked.sort((a, b) => a.bpb - b.bpb).map((r) => r.id),
            decision: best == null
                ? {candidate: null, path: null, why: fit.length === 0 ? "No candidate could serve the persona." : "No candidate is a step change."}
                : {candidate: best.candidate.id, path: best.candidate.path, why: best.comparison!.why},
            ms: Date.now() - started
        };
        recordScoutRun(runtime, researcher.personaId, run);
        runtime.publish({
            type: "evolutionFinished", persona: researcher.name, runId, stage: "scout", ok: true, outcome: best == null ? "noStepChange" : "stepChange",
            message: `${researcher.name} scouted ${candidates.length} candidate(s) for ${record.name}: ${run.decision.why}`
        });
        if (best != null) {
            runtime.publish({
                type: "evolutionRequested", persona: record.name, runId, candidate: best.candidate.path!, sha256: best.facts?.sha256 ?? null,
                lowerBound: best.comparison!.bitsPerByte!.lower, margin: settings.evolutionMargin,
                evidence: {researcher: researcher.name, label: best.candidate.label, comparison: best.comparison, figures: best.figures}
            });
        }
        return run;
    } catch (error) {
        const cancelled = signal?.aborted === true;
        runtime.publish({type: "evolutionFinished", persona: researcher.name, runId, stage: "scout", ok: false, outcome: cancelled ? "cancelled" : "failed",
            message: cancelled ? "Scouting was cancelled; nothing was recorded." : (error as Error).message});
        if (error instanceof EvolutionError) throw error;
        return fail("scout", cancelled ? "it was asked to stop; nothing was recorded." : (error as Error).message, error);
    }
}

function figuresOf(b: ModelBenchmark): NonNullable<CandidateReport["figures"]> {
    const scores = b.replies.map((r) => r.score);
    const known = scores.filter((s): s is number => s != null);
    return {
        meanBitsPerByte: b.meanBitsPerByte, bitsPerByte: b.bitsPerByte, oracleScores: scores,
        meanOracleScore: known.length === 0 ? null : known.reduce((s, v) => s + v, 0) / known.length,
        tokensPerSecond: b.tokensPerSecond, evaluationTokensPerSecond: b.evaluationTokensPerSecond, memoryBytes: b.memoryBytes
    };
}
