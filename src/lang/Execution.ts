import type {Frame} from "./Frame.js";
import {InterruptedError, StepBudgetExceededError, TimeLimitExceededError} from "./errors.js";

/** The limits of one run: a step budget (code a model wrote), or a time limit that an interactive do-it yields under. */
export type ExecutionLimits = {
    /** Sends and loop iterations allowed (default: no limit). */
    steps?: number,
    /** Wall-clock milliseconds allowed (default: no limit). */
    timeLimitMs?: number,
    /** Stops the run at its next checkpoint when aborted. */
    signal?: AbortSignal,
    /** Give the event loop a turn this often (ms), so an interrupt or a key press gets through; 0 never yields. */
    yieldEveryMs?: number
};

/** How many steps run between two looks at the clock, at first (it adapts to about one look per 10 ms). */
const firstInterval = 10_000;

/**
 * I am one top-level run (an evaluate, or a persona method called from TypeScript) and its limits.
 * Every activation of the run shares me. Sends and loop iterations count steps; when the count
 * passes `budget` (the next checkpoint, never beyond the step limit) the counting site calls
 * `checkpoint()`, which stops a run that is over its limits and may answer a Promise: the run then
 * continues after the event loop had a turn (an interactive do-it stays interruptible).
 */
export class Execution {
    public steps = 0;
    /** The step count at which the next checkpoint is due. */
    public budget: number;
    public readonly stepLimit: number;
    /** Above zero while a JavaScript caller needs an answer at once (a sort block): no yielding then. */
    public syncDepth = 0;
    public interrupted = false;
    /** The contexts this run may reuse, by depth (see Frame.activation). */
    public readonly frames: Frame[] = [];
    private readonly started = performance.now();
    private deadline: number;
    private interval = firstInterval;
    private lastCheck: number;
    private lastYield: number;

    public constructor(private readonly limits: ExecutionLimits = {}) {
        this.stepLimit = limits.steps ?? Infinity;
        this.deadline = limits.timeLimitMs == null ? Infinity : this.started + limits.timeLimitMs;
        this.lastCheck = this.lastYield = this.started;
        this.budget = Math.min(this.interval, this.stepLimit);
    }

    /**
     * Called when `steps` passed `budget`: throws StepBudgetExceeded, TimeLimitExceeded or
     * Interrupted when the run must stop; answers a Promise when it should let the event loop run first.
     */
    public checkpoint(canYield = true): Promise<void> | undefined {
        if (this.steps > this.stepLimit) throw new StepBudgetExceededError(this.stepLimit);
        if (this.interrupted || this.limits.signal?.aborted === true) throw new InterruptedError();
        const now = performance.now();
        if (now > this.deadline) throw new TimeLimitExceededError(this.limits.timeLimitMs!);
        const elapsed = now - this.lastCheck;
        if (elapsed < 5) this.interval = Math.min(this.interval * 2, 10_000_000);
        else if (elapsed > 20) this.interval = Math.max(Math.floor(this.interval / 2), 1_000);
        this.lastCheck = now;
        this.budget = Math.min(this.steps + this.interval, this.stepLimit);
        const every = this.limits.yieldEveryMs ?? 0;
        if (canYield && every > 0 && this.syncDepth === 0 && now - this.lastYield >= every) {
            this.lastYield = now;
            return new Promise((resolve) => setImmediate(resolve));
        }
        return undefined;
    }

    /** Counts `n` steps of work done inside a builtin (a copy, a fill); stops the run when it is over its limits. */
    public charge(n: number): void {
        this.steps += n;
        if (this.steps > this.budget) void this.checkpoint(false);
    }

    /** The run waited `ms` for a person (a debugger open on it): its time limit does not count that wait. */
    public waited(ms: number): void {
        this.deadline += ms;
    }

    /** Milliseconds since the run started. */
    public get elapsedMs(): number {
        return performance.now() - this.started;
    }
}
