import {StepBudgetExceededError} from "./errors.js";

/**
 * I am one top-level run (an evaluate, or a persona method called from TypeScript) and its step
 * budget. Every activation of the run shares me, so a runaway loop anywhere in it stops.
 */
export class Execution {
    public steps = 0;

    public constructor(public readonly budget: number) {}

    /** Counts `n` steps (a send, a loop iteration, or work proportional to a copy's size). */
    public charge(n: number): void {
        this.steps += n;
        if (this.steps > this.budget) throw new StepBudgetExceededError(this.budget);
    }
}
