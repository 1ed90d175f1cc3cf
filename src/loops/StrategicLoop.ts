import {randomUUID} from "node:crypto";
import type {Runtime} from "../runtime/index.js";
import type {Unsubscribe} from "../objects/index.js";
import {curationSettings, findInteraction, isJudgedBy, judgeFor, judgeInteraction, pendingInteractions, recordJudgeFailure} from "../oracle/index.js";
import type {Curation, Judge, JudgeForOptions} from "../oracle/index.js";
import {CycleError} from "./CycleError.js";
import type {CycleOutcome, CycleReason, CycleRecord} from "./CycleOutcome.js";
import {cycleHistory, cycleMetrics} from "./CycleOutcome.js";
import {defaultCycleSettings} from "./CycleSettings.js";
import type {CycleSettings} from "./CycleSettings.js";
import {asLoopEngine} from "./LoopEngine.js";
import type {LoopEngine} from "./LoopEngine.js";
import {runCycle} from "./runCycle.js";
import type {CycleContext} from "./runCycle.js";

/** What one `improve` may change for its own cycle: settings, the trainer, and who watches its progress. */
export type ImproveOptions = Partial<Pick<CycleContext, "backend" | "hfModel" | "onForgeEvent" | "onStage" | "baseModel" | "adapter" | "samples" | "swap">> &
    {settings?: Partial<CycleSettings>};

/** When interactions are judged: as each completes, in batches of `size`, or only when `judgePending()` is called. */
export type JudgingMode = {mode: "each"} | {mode: "batch", size: number} | {mode: "manual"};

export type StrategicLoopOptions = {
    /** The judge, or how to make ALFRED's (see judgeFor). */
    judge?: Judge | JudgeForOptions,
    /** Default "each". */
    judging?: JudgingMode,
    /** The engine that lays out samples and replies to held-out prompts (default: the runtime's). */
    engine?: LoopEngine,
    /** Start a cycle when the forge threshold is reached (default true). */
    autoForge?: boolean,
    /**
     * Judge the backlog the image holds (interactions nobody judged yet, from earlier sessions, `eval` and `run`)
     * in the background from the start, and start the cycles whose threshold was crossed meanwhile (default false).
     */
    backlog?: boolean,
    /** Only these personas are judged (default: every persona but the judge). */
    personas?: string[],
    cycle?: Partial<CycleSettings>,
    /** Told about skipped judgements and failed cycles; also published as transcript events. */
    log?: (line: string) => void
};

/** What happened to one interaction the loop judged. */
export type JudgedInteraction =
    | {persona: string, interactionId: string, ok: true, curation: Curation & {attempts: number}}
    | {persona: string, interactionId: string, ok: false, error: Error};

/**
 * I am the strategic loop of one runtime: I judge interactions as they complete (or in batches), curate the
 * golden ones, and when a persona's golden dataset has grown by its forge threshold since its last cycle I run
 * an improvement cycle in the background (see runCycle), one per persona at a time. The Playground stays
 * usable meanwhile: forge progress is published on the bus, and judging waits only on its own queue.
 */
export class StrategicLoop implements AsyncDisposable {
    public readonly judge: Judge;
    public readonly settings: CycleSettings;
    /** Every judged interaction, oldest first (for the UI and tests). */
    public readonly judged: JudgedInteraction[] = [];
    private readonly ownsJudge: boolean;
    private readonly mode: JudgingMode;
    private readonly pending: {persona: string, interactionId: string}[] = [];
    private readonly cycles = new Map<string, {promise: Promise<CycleOutcome>, controller: AbortController}>();
    private queue: Promise<unknown> = Promise.resolve();
    private readonly unsubscribe: Unsubscribe[];
    private readonly disposers: (() => void)[] = [];
    private disposed = false;

    public constructor(private readonly runtime: Runtime, private readonly options: StrategicLoopOptions = {}) {
        const given = options.judge;
        this.ownsJudge = !(given != null && "judge" in given && typeof given.judge === "function");
        this.judge = this.ownsJudge ? judgeFor(runtime, given as JudgeForOptions | undefined) : given as Judge;
        this.mode = options.judging ?? {mode: "each"};
        this.settings = {...defaultCycleSettings, ...options.cycle};
        this.unsubscribe = [
            runtime.bus.subscribe({type: "chatCompleted"}, (event) => {
                if (event.type !== "chatCompleted" || event.persona == null || !this.judges(event.persona)) return;
                this.pending.push({persona: event.persona, interactionId: event.interactionId});
                if (this.mode.mode === "each" || (this.mode.mode === "batch" && this.pending.length >= this.mode.size)) void this.judgePending();
            }),
            // Every golden sample counts toward the threshold, whoever made it: the Oracle, the Architect, an import.
            runtime.bus.subscribe({type: "slotChanged"}, (event) => {
                if (event.type === "slotChanged" && event.slot === "goldenDataset" && event.persona != null) this.maybeForge(event.persona);
            })
        ];
        if (options.backlog === true) void this.judgeBacklog().catch(() => undefined);
    }

    /** The personas this loop judges, by name. */
    public judgedPersonas(): string[] {
        return this.runtime.manager.list().map((p) => p.name).filter((name) => this.judges(name));
    }

    /** The interactions waiting for this loop's judge in the image (see pendingInteractions), oldest first. */
    public backlog(personas: readonly string[] = this.judgedPersonas()): {persona: string, interactionId: string}[] {
        return pendingInteractions(this.runtime, this.judge.name, personas.filter((p) => this.judges(this.runtime.manager.get(p).name)));
    }

    /**
     * Judges the backlog (of `personas`, default all judged ones) in the background, after what is already queued,
     * and first starts the cycles whose forge threshold was crossed while nothing watched (an import, a rating).
     * `onProgress` is told after each interaction. Resolves with the results, in order.
     */
    public judgeBacklog(options: {personas?: readonly string[], onProgress?: (done: number, total: number, result: JudgedInteraction) => void} = {}): Promise<JudgedInteraction[]> {
        for (const name of options.personas ?? this.judgedPersonas()) this.maybeForge(name);
        const items = this.backlog(options.personas);
        const run = this.queue.then(async () => {
            const results: JudgedInteraction[] = [];
            for (const item of items) {
                if (this.disposed) break;
                const result = await this.judgeOne(item.persona, item.interactionId);
                if (result == null) continue;
                results.push(result);
                options.onProgress?.(results.length, items.length, result);
            }
            return results;
        });
        this.queue = run.catch(() => undefined);
        return run;
    }

    /** Judges every interaction waiting (in batch and manual modes, those not yet judged). Resolves with their results. */
    public judgePending(): Promise<JudgedInteraction[]> {
        const batch = this.pending.splice(0);
        const run = this.queue.then(async () => {
            const results: JudgedInteraction[] = [];
            for (const item of batch) {
                if (this.disposed) break;
                const result = await this.judgeOne(item.persona, item.interactionId);
                if (result != null) results.push(result);
            }
            return results;
        });
        this.queue = run.catch(() => undefined);
        return run;
    }

    /**
     * Resolves when every judgement started so far and every running cycle has finished (failed ones included).
     * Interactions still waiting for their batch stay waiting: `judgePending()` judges them now.
     */
    public async whenIdle(): Promise<void> {
        for (;;) {
            const queue = this.queue;
            await queue;
            const running = [...this.cycles.values()].map((c) => c.promise.catch(() => undefined));
            await Promise.all(running);
            if (running.length === 0 && this.queue === queue) return;
        }
    }

    /**
     * Runs an improvement cycle of `persona` now (`BRICK improve`). Resolves with its outcome; rejects with
     * CycleError when it failed or was cancelled, in which case nothing changed. A second call while one runs
     * answers the running one.
     */
    public improve(persona: string, reason: CycleReason = "manual", options: ImproveOptions = {}): Promise<CycleOutcome> {
        const proto = this.runtime.manager.get(persona);
        const running = this.cycles.get(proto.personaId);
        if (running != null) return running.promise;
        const engine = this.options.engine ?? asLoopEngine(this.runtime.engine);
        const controller = new AbortController();
        const {settings, ...context} = options;
        const cycle = engine == null
            ? Promise.reject(this.refused(proto.personaId, reason, new CycleError(proto.name, "prepare",
                "the runtime's engine cannot lay out training samples (tokenizeChat). Attach the node-llama-cpp engine.")))
            : runCycle(this.runtime, proto.personaId, {
                ...context, engine, judge: this.judge, settings: {...this.settings, ...settings}, reason, signal: controller.signal,
                log: (line) => this.log(line),
                onStage: (stage, detail) => {
                    context.onStage?.(stage, detail);
                    this.runtime.publish({type: "transcript", persona: proto.name, text: `${proto.name}'s improvement cycle: ${detail}…\n`});
                }
            });
        const promise = cycle.then((outcome) => {
            this.runtime.publish({type: "forgeFinished", persona: proto.name, ok: true, artifact: outcome.adapter,
                message: `${proto.name} cycle ${outcome.cycleId}: ${outcome.decision}, because ${outcome.why}.`});
            return outcome;
        }, (error: unknown) => {
            const message = (error as Error).message;
            this.runtime.publish({type: "forgeFinished", persona: proto.name, ok: false, artifact: null, message});
            this.log(message);
            throw error;
        }).finally(() => this.cycles.delete(proto.personaId));
        promise.catch(() => undefined);
        this.cycles.set(proto.personaId, {promise, controller});
        return promise;
    }

    /** The personas whose cycle is running now, by name. */
    public improving(): string[] {
        return [...this.cycles.keys()].map((id) => this.runtime.manager.get(id).name);
    }

    /** Whether a cycle of `persona` is running now. */
    public isImproving(persona: string): boolean {
        return this.cycles.has(this.runtime.manager.get(persona).personaId);
    }

    /** Cancels a running cycle of `persona` (the forge is stopped; nothing changes). Answers whether one was running. */
    public cancel(persona: string): boolean {
        const running = this.cycles.get(this.runtime.manager.get(persona).personaId);
        running?.controller.abort();
        return running != null;
    }

    /** The past cycles of `persona` (completed, failed and cancelled), oldest first, read back from its performanceMetrics. */
    public history(persona: string): CycleRecord[] {
        return cycleHistory(this.runtime.manager.get(persona).record.performanceMetrics);
    }

    /** Runs `cleanup` when the loop is disposed (installStrategicLoop removes its selectors this way). */
    public onDispose(cleanup: () => void): void {
        this.disposers.push(cleanup);
    }

    public async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        for (const unsubscribe of this.unsubscribe) unsubscribe();
        for (const cleanup of this.disposers.splice(0)) cleanup();
        for (const cycle of this.cycles.values()) cycle.controller.abort();
        await Promise.all([...this.cycles.values()].map((c) => c.promise.catch(() => undefined)));
        await this.queue;
        if (this.ownsJudge) await this.judge.dispose();
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    private judges(persona: string): boolean {
        if (this.options.personas != null) return this.options.personas.some((p) => p.toUpperCase() === persona.toUpperCase());
        return persona !== this.judge.name;
    }

    /** Judges one interaction, unless this judge already did (it may be queued twice: by its event and by the backlog). */
    private async judgeOne(persona: string, interactionId: string): Promise<JudgedInteraction | null> {
        let result: JudgedInteraction;
        try {
            const proto = this.runtime.manager.get(persona);
            if (isJudgedBy(findInteraction(this.runtime, proto.personaId, interactionId), this.judge.name)) return null;
            const curation = await judgeInteraction(this.runtime, this.judge, persona, interactionId);
            result = {persona, interactionId, ok: true, curation};
        } catch (error) {
            result = {persona, interactionId, ok: false, error: error as Error};
            this.log(`${this.judge.name} skipped ${persona}'s interaction ${interactionId}: ${(error as Error).message}`);
            // Recorded, so the backlog moves on; a change of judge (another model) judges it afresh.
            if (!this.disposed) recordJudgeFailure(this.runtime, persona, interactionId, this.judge.name, (error as Error).message);
        }
        this.judged.push(result);
        return result;
    }

    private maybeForge(persona: string): void {
        if (this.options.autoForge === false || this.disposed || this.runtime.image.readOnly) return;
        const record = this.runtime.manager.findByName(persona);
        if (record == null || this.cycles.has(record.personaId)) return;
        let forgeThreshold: number;
        try {
            forgeThreshold = curationSettings(record, this.runtime.image.state.settings).forgeThreshold;
        } catch (error) {
            this.log((error as Error).message);
            return;
        }
        // Counted from the last cycle of any kind: a failed one is retried only once the dataset grew by the threshold again.
        const last = cycleHistory(record.performanceMetrics).at(-1);
        const grown = record.goldenDataset.length - (last?.datasetSize ?? 0);
        if (grown >= forgeThreshold) void this.improve(persona, "threshold").catch(() => undefined);
    }

    /** Records a cycle that could not even start in the persona's history, and answers the error. */
    private refused(personaId: string, reason: CycleReason, error: CycleError): CycleError {
        const record = this.runtime.manager.get(personaId).record;
        if (!this.runtime.image.readOnly) {
            const stopped = {
                cycleId: randomUUID().slice(0, 8), persona: record.name, at: new Date(), reason, decision: "failed" as const,
                stage: error.stage, why: error.reason, previousAdapter: record.activeAdapterPath, datasetSize: record.goldenDataset.length, ms: 0
            };
            this.runtime.image.update((draft) => {
                draft.personas[personaId]?.performanceMetrics.push(...cycleMetrics(stopped));
            }, `${record.name} improvement cycle ${stopped.cycleId}: failed`);
        }
        return error;
    }

    private log(line: string): void {
        this.options.log?.(line);
        this.runtime.publish({type: "transcript", persona: null, text: line.endsWith("\n") ? line : line + "\n"});
    }
}
