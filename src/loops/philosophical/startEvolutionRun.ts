import {randomUUID} from "node:crypto";
import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import type {EvolutionStage, PersonaRecord, Proto} from "../../objects/index.js";
import {defaultCycleSettings} from "../CycleSettings.js";
import type {CycleSettings} from "../CycleSettings.js";
import {candidateFacts} from "./CandidateFacts.js";
import type {CandidateFacts} from "./CandidateFacts.js";
import {EvolutionError} from "./EvolutionError.js";
import type {EvolutionEngine} from "./EvolutionEngine.js";
import {evolutionSettings} from "./EvolutionSettings.js";
import type {EvolutionSettings} from "./EvolutionSettings.js";

/** The options the sandbox and the ascension share. */
export type EvolutionRunOptions = {
    engine: EvolutionEngine,
    settings?: Partial<EvolutionSettings>,
    cycle?: Partial<CycleSettings>,
    /** The run's id (a scouting run's, so that events carry it); a new one when absent. */
    runId?: string,
    signal?: AbortSignal,
    log?: (line: string) => void
};

/** One run of a step of the philosophical loop on a persona (a sandbox, an ascension): what it works with and how it reports. */
export type EvolutionRun = {
    started: number,
    runId: string,
    proto: Proto,
    record: PersonaRecord,
    /** The persona's evolution settings (image and persona), with the run's own on top. */
    settings: EvolutionSettings,
    cycle: CycleSettings,
    engine: EvolutionEngine,
    signal: AbortSignal | undefined,
    log: (line: string) => void,
    /** The stage the run is at: what `fail` names, and what `progress` reports unless told another. */
    stage: EvolutionStage,
    /** Throws the run's EvolutionError for the current stage (cancelled when the signal was aborted). */
    fail: (reason: string, cause?: unknown) => never,
    /** Publishes an evolutionProgress event (at the current stage unless `stage` is given) and logs it. */
    progress: (step: number, total: number, message: string, stage?: EvolutionStage) => void
};

/**
 * Starts a run of `stage` on `personaName`: its id, its settings, its reporting, and the first check every run
 * makes (the image must be writable).
 * @throws EvolutionError when the image is open read-only
 */
export function startEvolutionRun(runtime: Runtime, personaName: string, stage: EvolutionStage, options: EvolutionRunOptions): EvolutionRun {
    const proto = runtime.manager.get(personaName);
    const record = proto.record;
    const log = options.log ?? (() => undefined);
    const {signal} = options;
    const run: EvolutionRun = {
        started: Date.now(),
        runId: options.runId ?? randomUUID().slice(0, 8),
        proto, record,
        settings: {...evolutionSettings(record, runtime.image.state.settings), ...options.settings},
        cycle: {...defaultCycleSettings, ...options.cycle},
        engine: options.engine, signal, log, stage,
        fail: (reason, cause) => {
            throw new EvolutionError(record.name, run.stage, reason, {cause, cancelled: signal?.aborted === true});
        },
        progress: (step, total, message, at = run.stage) => {
            runtime.publish({type: "evolutionProgress", persona: record.name, runId: run.runId, stage: at, step, total, message});
            log(`${record.name} ${at} ${step}/${total}: ${message}`);
        }
    };
    if (runtime.image.readOnly) run.fail("the image is open read-only.");
    return run;
}

/**
 * The candidate base model's absolute path and facts, once it is known to be able to serve the run's persona.
 * @throws EvolutionError when it cannot
 */
export async function fitCandidate(run: EvolutionRun, candidate: string): Promise<{candidatePath: string, facts: CandidateFacts}> {
    const candidatePath = path.resolve(candidate);
    const {facts, fitness} = await candidateFacts(candidatePath);
    if (!fitness.fit) run.fail(`${path.basename(candidatePath)} cannot serve it: ${fitness.reason}.`);
    return {candidatePath, facts: facts!};
}
