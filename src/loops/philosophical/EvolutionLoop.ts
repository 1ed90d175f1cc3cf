import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import type {EventOf, Unsubscribe} from "../../objects/index.js";
import {judgeFor} from "../../oracle/index.js";
import type {Judge, JudgeForOptions} from "../../oracle/index.js";
import type {CycleSettings} from "../CycleSettings.js";
import {ascend} from "./ascend.js";
import {defaultScoutSources} from "./defaultScoutSources.js";
import {descend} from "./descend.js";
import {EvolutionError} from "./EvolutionError.js";
import {asEvolutionEngine} from "./EvolutionEngine.js";
import type {EvolutionEngine} from "./EvolutionEngine.js";
import {evolutionSettings} from "./EvolutionSettings.js";
import type {EvolutionSettings} from "./EvolutionSettings.js";
import {pendingAscensionSlot} from "./Lineage.js";
import type {LineageEntry} from "./Lineage.js";
import {PairwiseJudge} from "./PairwiseJudge.js";
import {researchLog} from "./ResearchLog.js";
import type {ScoutRun} from "./ResearchLog.js";
import {removeSandbox, runSandbox} from "./runSandbox.js";
import type {SandboxVerdict} from "./runSandbox.js";
import {scoutFor} from "./scoutFor.js";
import type {ScoutSources} from "./sources/gatherCandidates.js";

/** An ascension the sandbox confirmed, waiting for the Architect (evolutionMode "ask"): kept in the persona's slot. */
export type PendingAscension = {
    runId: string,
    at: Date,
    candidate: string,
    sha256: string | null,
    why: string,
    lowerBound: number,
    verdict: {runId: string, confirmed: boolean, why: string}
};


export type EvolutionLoopOptions = {
    /** Default: the runtime's engine (the embedded one measures bits per byte). */
    engine?: EvolutionEngine,
    /** The Oracle's judge, or how to make ALFRED's (see judgeFor). */
    judge?: Judge | JudgeForOptions,
    /** Where BABS looks (default: defaultScoutSources, read afresh for every run). */
    sources?: ScoutSources | (() => ScoutSources),
    researcher?: string,
    settings?: Partial<EvolutionSettings>,
    cycle?: Partial<CycleSettings>,
    /** Scout in the background at each persona's scoutIntervalMinutes while the image is idle (default true). */
    background?: boolean,
    /** How long without chats or forge runs counts as idle, in ms (default 60 s), and how often to look (default 30 s). */
    idleMs?: number,
    pollMs?: number,
    log?: (line: string) => void
};

type Job = {kind: "scout" | "sandbox" | "ascend", promise: Promise<unknown>, controller: AbortController};

/**
 * I am the philosophical loop of one runtime. BABS scouts on demand (`scout`) or in the background when the image
 * is idle; a persona's `evolutionRequested` starts a sandbox; a confirmed sandbox ascends the persona at once
 * (evolutionMode "automatic") or waits for the Architect (the default, "ask"): `ascend` approves, `decline` drops.
 * One job per persona at a time; `cancel` stops one, changing nothing. Sandboxes a crash left behind are removed
 * when I start.
 */
export class EvolutionLoop implements AsyncDisposable {
    private readonly jobs = new Map<string, Job>();
    /** Work that will start a job soon (a request taken once its scouting run ends, an automatic ascension): whenIdle waits for it. */
    private readonly deferred = new Set<Promise<unknown>>();
    private readonly unsubscribers: Unsubscribe[] = [];
    private readonly disposers: (() => void)[] = [];
    private judgeInstance: Judge | null = null;
    private pairwiseInstance: PairwiseJudge | null = null;
    private timer: NodeJS.Timeout | null = null;
    private lastActivity = Date.now();
    private disposed = false;
    private readonly started: Promise<void>;

    public constructor(private readonly runtime: Runtime, private readonly options: EvolutionLoopOptions = {}) {
        this.unsubscribers.push(runtime.bus.subscribe({type: "evolutionRequested"}, (event) => {
            if (event.type === "evolutionRequested") this.onRequest(event);
        }));
        this.unsubscribers.push(runtime.bus.subscribe({type: ["chatCompleted", "forgeProgress"]}, () => {
            this.lastActivity = Date.now();
        }));
        this.started = this.removeAbandonedSandboxes();
        if (options.background !== false) {
            this.timer = setInterval(() => void this.scoutWhenIdle(), options.pollMs ?? 30_000);
            this.timer.unref();
        }
    }

    /** BABS scouts for `persona` now; resolves with the run (a second call while one runs answers the running one). */
    public scout(persona: string, options: {settings?: Partial<EvolutionSettings>} = {}): Promise<ScoutRun> {
        return this.run(persona, "scout", async (signal) => {
            const engine = this.engine(persona);
            return scoutFor(this.runtime, persona, {
                engine, judge: this.judge(), pairwise: this.pairwise(engine), sources: this.sources(),
                researcher: this.researcher, settings: {...this.options.settings, ...options.settings}, signal, log: (line) => this.log(line)
            });
        }) as Promise<ScoutRun>;
    }

    /** Proves `candidate` for `persona` in a sandbox; resolves with the verdict. */
    public sandbox(persona: string, candidate: string, runId?: string): Promise<SandboxVerdict> {
        return this.run(persona, "sandbox", (signal) => this.sandboxNow(persona, candidate, runId, signal)) as Promise<SandboxVerdict>;
    }

    /**
     * Ascends `persona` to `candidate`, or, with no candidate, to the one its confirmed sandbox left waiting for
     * approval. @throws EvolutionError when nothing waits and no candidate is given
     */
    public ascend(persona: string, candidate?: string, options: {settings?: Partial<EvolutionSettings>} = {}): Promise<LineageEntry> {
        return this.run(persona, "ascend", async (signal) => {
            const record = this.runtime.manager.get(persona).record;
            const pending = this.pending(persona);
            const target = candidate ?? pending?.candidate;
            if (target == null) throw new EvolutionError(record.name, "ascend", `no ascension waits for approval. Name the model: living-image ascend ${record.name} --to MODEL.gguf`);
            const approved = pending != null && (candidate == null || path.resolve(candidate) === path.resolve(pending.candidate)) ? pending : null;
            const engine = this.engine(persona);
            return ascend(this.runtime, persona, target, {
                engine, judge: this.judge(), settings: {...this.options.settings, ...options.settings}, cycle: this.options.cycle ?? {}, signal,
                log: (line) => this.log(line),
                evidence: approved == null ? {scoutRun: null, why: "The Architect asked for it.", lowerBound: null}
                    : {scoutRun: approved.runId, why: approved.why, lowerBound: approved.lowerBound},
                sandbox: approved == null ? null : approved.verdict
            });
        }) as Promise<LineageEntry>;
    }

    /** Undoes the persona's latest ascension (see descend). */
    public async descend(persona: string): Promise<LineageEntry> {
        const running = this.jobs.get(this.runtime.manager.get(persona).personaId);
        if (running != null) throw new EvolutionError(this.runtime.manager.get(persona).name, "descend", `a ${running.kind} is running; cancel it first.`);
        return descend(this.runtime, persona);
    }

    /** The ascension waiting for the Architect's approval, or null. */
    public pending(persona: string): PendingAscension | null {
        const value = this.runtime.manager.get(persona).record.slots[pendingAscensionSlot];
        return value != null && typeof value === "object" ? value as PendingAscension : null;
    }

    /** Drops the waiting ascension. Answers whether there was one. */
    public decline(persona: string): boolean {
        const record = this.runtime.manager.get(persona).record;
        if (this.pending(persona) == null) return false;
        this.runtime.image.update((draft) => {
            delete (draft.personas[record.personaId]!.slots as Record<string, unknown>)[pendingAscensionSlot];
        }, `${record.name} declines the ascension`);
        this.runtime.publish({type: "evolutionFinished", persona: record.name, runId: "declined", stage: "ascend", ok: true, outcome: "declined",
            message: `The Architect declined ${record.name}'s ascension.`});
        return true;
    }

    /** What runs for a persona now (scout, sandbox or ascend), or null. */
    public running(persona: string): Job["kind"] | null {
        return this.jobs.get(this.runtime.manager.get(persona).personaId)?.kind ?? null;
    }

    /** Cancels the persona's running job (or every one); answers whether something was running. */
    public cancel(persona?: string): boolean {
        const ids = persona == null ? [...this.jobs.keys()] : [this.runtime.manager.get(persona).personaId];
        let any = false;
        for (const id of ids) {
            const job = this.jobs.get(id);
            if (job == null) continue;
            job.controller.abort();
            any = true;
        }
        return any;
    }

    /** Resolves when no job runs (those started by requests included). */
    public async whenIdle(): Promise<void> {
        await this.started;
        while (this.jobs.size > 0 || this.deferred.size > 0)
            await Promise.all([...[...this.jobs.values()].map((j) => j.promise), ...this.deferred].map((p) => p.catch(() => undefined)));
    }

    public onDispose(fn: () => void): void {
        this.disposers.push(fn);
    }

    public async dispose(): Promise<void> {
        if (this.disposed) return;
        this.disposed = true;
        if (this.timer != null) clearInterval(this.timer);
        for (const unsubscribe of this.unsubscribers) unsubscribe();
        this.cancel();
        await this.whenIdle();
        for (const fn of this.disposers) fn();
        await this.pairwiseInstance?.dispose();
        await this.judgeInstance?.dispose();
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    private get researcher(): string {
        return this.options.researcher ?? "BABS";
    }

    private run<T>(persona: string, kind: Job["kind"], work: (signal: AbortSignal) => Promise<T>): Promise<T> {
        const proto = this.runtime.manager.get(persona);
        const running = this.jobs.get(proto.personaId);
        if (running != null) {
            if (running.kind === kind) return running.promise as Promise<T>;
            return Promise.reject(new EvolutionError(proto.name, kind, `a ${running.kind} is already running for it; wait for it or cancel it.`));
        }
        if (this.disposed) return Promise.reject(new EvolutionError(proto.name, kind, "the philosophical loop was stopped."));
        const controller = new AbortController();
        const promise = this.started.then(() => work(controller.signal)).finally(() => this.jobs.delete(proto.personaId));
        promise.catch(() => undefined);
        this.jobs.set(proto.personaId, {kind, promise, controller});
        return promise;
    }

    private async sandboxNow(persona: string, candidate: string, runId: string | undefined, signal: AbortSignal): Promise<SandboxVerdict> {
        const engine = this.engine(persona);
        return runSandbox(this.runtime, persona, candidate, {
            engine, judge: this.judge(), pairwise: this.pairwise(engine), settings: this.options.settings ?? {}, cycle: this.options.cycle ?? {},
            ...(runId == null ? {} : {runId}), signal, log: (line) => this.log(line)
        });
    }

    /** A request for evolution: the sandbox proves the candidate, then the persona ascends or waits for approval. */
    private onRequest(event: EventOf<"evolutionRequested">): void {
        const persona = event.persona;
        if (persona == null || this.disposed || this.runtime.image.readOnly) return;
        const proto = this.runtime.manager.findByName(persona);
        if (proto == null || this.jobs.has(proto.personaId)) {
            // The scouting run that asked is still finishing: take the request once it is done.
            const job = proto == null ? null : this.jobs.get(proto.personaId);
            if (job?.kind === "scout") this.track(job.promise.then(() => this.onRequest(event), () => undefined));
            return;
        }
        const job = this.run(persona, "sandbox", async (signal) => {
            const verdict = await this.sandboxNow(persona, event.candidate, event.runId, signal);
            if (!verdict.confirmed) return verdict;
            const mode = {...evolutionSettings(this.runtime.manager.get(persona).record, this.runtime.image.state.settings), ...this.options.settings}.evolutionMode;
            const pending: PendingAscension = {
                runId: event.runId, at: new Date(), candidate: event.candidate, sha256: event.sha256,
                why: typeof (event.evidence as {comparison?: {why?: unknown}} | null)?.comparison?.why === "string"
                    ? (event.evidence as {comparison: {why: string}}).comparison.why : "A step change.",
                lowerBound: event.lowerBound, verdict: {runId: verdict.runId, confirmed: verdict.confirmed, why: verdict.why}
            };
            this.runtime.image.update((draft) => {
                (draft.personas[proto.personaId]!.slots as Record<string, unknown>)[pendingAscensionSlot] = pending;
            }, `${persona} ascension ${mode === "ask" ? "awaits approval" : "approved by the automatic mode"}`);
            if (mode === "ask") {
                this.runtime.publish({type: "evolutionFinished", persona, runId: event.runId, stage: "sandbox", ok: true, outcome: "awaitingApproval",
                    message: `${persona} can ascend to ${path.basename(event.candidate)}: ${verdict.why} Approve with \`${persona} ascend\` (or living-image ascend ${persona}), or decline with \`${persona} declineAscension\`.`});
            }
            return verdict;
        });
        this.track(job.then((verdict) => {
            if (verdict.confirmed && this.pending(persona) != null && !this.disposed &&
                {...evolutionSettings(this.runtime.manager.get(persona).record, this.runtime.image.state.settings), ...this.options.settings}.evolutionMode === "automatic")
                return this.ascend(persona);
            return undefined;
        }).catch((error: unknown) => this.note(`${persona}: ${(error as Error).message}`)));
    }

    /** Keeps `promise` in `deferred` until it settles. */
    private track(promise: Promise<unknown>): void {
        const settled = promise.catch(() => undefined).finally(() => this.deferred.delete(settled));
        this.deferred.add(settled);
    }

    /** Background scouting: a persona whose interval has passed since its last run, while nobody chats or trains. */
    private async scoutWhenIdle(): Promise<void> {
        if (this.disposed || this.jobs.size > 0 || this.runtime.image.readOnly) return;
        if (Date.now() - this.lastActivity < (this.options.idleMs ?? 60_000)) return;
        const researcher = this.runtime.manager.findByName(this.researcher);
        if (researcher == null) return;
        const log = researchLog(researcher);
        for (const {name} of this.runtime.manager.list()) {
            const record = this.runtime.manager.findByName(name)!;
            if (record.slots["cloneOf"] != null || !record.goldenDataset.some((s) => s.heldOut)) continue;
            let interval: number;
            try {
                interval = {...evolutionSettings(record, this.runtime.image.state.settings), ...this.options.settings}.scoutIntervalMinutes;
            } catch {
                continue;
            }
            if (interval <= 0) continue;
            const last = log.findLast((r) => r.persona === name)?.at.getTime() ?? 0;
            if (Date.now() - last < interval * 60_000) continue;
            this.note(`${this.researcher} scouts for ${name} in the background (every ${interval} min while idle).`);
            await this.scout(name).catch((error: unknown) => this.note(`${this.researcher}: ${(error as Error).message}`));
            return;
        }
    }

    /** Sandboxes a crash or a kill left in the image: their clones and folders go; nothing else changes. */
    private async removeAbandonedSandboxes(): Promise<void> {
        if (this.runtime.image.readOnly) return;
        for (const clone of this.runtime.manager.clones()) {
            const record = this.runtime.image.state.personas[clone.personaId];
            const purpose = record?.slots["clonePurpose"];
            if (typeof purpose !== "string" || !purpose.startsWith("sandbox")) continue;
            await removeSandbox(this.runtime, clone.personaId).catch(() => undefined);
            this.note(`Removed ${clone.name}, a sandbox left unfinished (${purpose}).`);
        }
    }

    private engine(persona: string): EvolutionEngine {
        const engine = this.options.engine ?? asEvolutionEngine(this.runtime.engine);
        if (engine == null) throw new EvolutionError(this.runtime.manager.get(persona).name, "scout",
            "the runtime's engine cannot measure bits per byte. Attach the embedded engine (node-llama-cpp).");
        return engine;
    }

    private judge(): Judge | null {
        if (this.judgeInstance == null) {
            const given = this.options.judge;
            try {
                this.judgeInstance = given != null && "judge" in given && typeof given.judge === "function" ? given as Judge : judgeFor(this.runtime, given as JudgeForOptions | undefined);
            } catch (error) {
                this.note(`No Oracle: ${(error as Error).message}`);
                return null;
            }
        }
        return this.judgeInstance;
    }

    private pairwise(engine: EvolutionEngine): PairwiseJudge | null {
        if (this.pairwiseInstance == null) {
            const judge = this.judge();
            const alfred = this.runtime.manager.findByName("ALFRED");
            if (judge == null || alfred == null) return null;
            this.pairwiseInstance = new PairwiseJudge(engine, alfred, judge.model, judge.adapter);
        }
        return this.pairwiseInstance;
    }

    private sources(): ScoutSources {
        const given = this.options.sources;
        return typeof given === "function" ? given() : given ?? defaultScoutSources(this.runtime);
    }

    /** Progress and details: to the caller's log only (the bus already has evolutionProgress). */
    private log(line: string): void {
        this.options.log?.(line);
    }

    /** Something the Architect should see: the caller's log and the Transcript. */
    private note(line: string): void {
        this.options.log?.(line);
        if (!this.disposed) this.runtime.publish({type: "transcript", persona: this.researcher, text: `${line}\n`});
    }
}
