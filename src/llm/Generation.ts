import type {LlamaContext, LlamaContextSequence} from "node-llama-cpp";
import type {ModelHandle} from "./ModelHandle.js";
import {evaluateOneToken} from "./evaluateOneToken.js";

/**
 * I am one persona's context on one model with one adapter: what a swap replaces in one step.
 * I hold a pool of sequences (one request each) and count the requests running on me, so that
 * once retired I dispose my context after the last one ends and release the model.
 */
export class Generation {
    readonly handle: ModelHandle;
    readonly context: LlamaContext;
    readonly adapter: string | null;
    /** The persona's chat session lives here, so that each turn reuses the evaluated prefix. */
    readonly chatSequence: LlamaContextSequence;
    private readonly free: LlamaContextSequence[] = [];
    private readonly waiters: ((sequence: LlamaContextSequence) => void)[] = [];
    private running = 0;
    private retiring = false;
    private released: Promise<void> | null = null;
    private resolveRetired!: () => void;
    /** Resolves once I am retired and disposed. */
    readonly retired: Promise<void>;

    constructor(handle: ModelHandle, context: LlamaContext, adapter: string | null) {
        this.handle = handle;
        this.context = context;
        this.adapter = adapter;
        this.retired = new Promise((resolve) => {
            this.resolveRetired = resolve;
        });
        this.chatSequence = context.getSequence();
        for (let i = 1; i < context.totalSequences; i++) this.free.push(context.getSequence());
    }

    /** Requests running now. */
    get inFlight(): number {
        return this.running;
    }

    /** Counts a request in. Callers read the persona's current generation and enter it in the same tick. */
    enter(): void {
        this.running++;
    }

    leave(): void {
        this.running--;
        if (this.retiring && this.running === 0) void this.release();
    }

    /** A free sequence, waiting for one when all are busy. Give it back with `releaseSequence`. */
    acquireSequence(): Promise<LlamaContextSequence> {
        const sequence = this.free.pop();
        if (sequence != null) return Promise.resolve(sequence);
        return new Promise((resolve) => this.waiters.push(resolve));
    }

    async releaseSequence(sequence: LlamaContextSequence): Promise<void> {
        // Stateless requests must not see each other's tokens.
        await sequence.clearHistory();
        const next = this.waiters.shift();
        if (next != null) next(sequence);
        else this.free.push(sequence);
    }

    /** Warms the context by evaluating one token, so the first request after the flip pays no first-use cost. */
    async warm(): Promise<void> {
        await evaluateOneToken(this.handle.model, this.chatSequence);
        await this.chatSequence.clearHistory();
    }

    /** Stops taking requests; disposes the context when the last running one ends. */
    retire(): Promise<void> {
        this.retiring = true;
        if (this.running === 0) void this.release();
        return this.retired;
    }

    private release(): Promise<void> {
        this.released ??= (async () => {
            try {
                await this.context.dispose();
            } finally {
                this.handle.release();
                this.resolveRetired();
            }
        })();
        return this.released;
    }
}
