import type {Redis} from "ioredis";
import {readyOrTimeout} from "./readyOrTimeout.js";

/**
 * I am the one exponential backoff of the Redis back end (the publisher, the group consumers and the tail
 * retry with me, and ioredis reconnects with my `delayFor`). The delay starts at `minMs`, doubles after each
 * failure up to `maxMs`, and starts again from `minMs` after a success. I also know whether the failure
 * being retried is the first one since the last success, so that a caller reports it once, not on every retry.
 */
export class Backoff {
    readonly #minMs: number;
    readonly #maxMs: number;
    #delayMs: number;
    #failing = false;

    constructor(minMs: number, maxMs: number) {
        this.#minMs = minMs;
        this.#maxMs = maxMs;
        this.#delayMs = minMs;
    }

    /** The `attempt`-th delay (1 for the first) between `minMs` and `maxMs`: ioredis's reconnection strategy. */
    static delayFor(attempt: number, minMs: number, maxMs: number): number {
        return Math.min(minMs * 2 ** Math.min(Math.max(attempt, 1) - 1, 30), maxMs);
    }

    /** How long the next wait lasts. */
    get delayMs(): number {
        return this.#delayMs;
    }

    /** Whether the last attempt failed. */
    get failing(): boolean {
        return this.#failing;
    }

    /** An attempt succeeded: the next failure waits `minMs` again and is a first failure. */
    succeeded(): void {
        this.#delayMs = this.#minMs;
        this.#failing = false;
    }

    /**
     * An attempt failed: waits the current delay, or less if `redis` becomes ready meanwhile (going again the
     * moment the connection is back), then doubles the delay. Read `failing` before calling to tell a first
     * failure from a retried one.
     */
    async failed(redis: Redis): Promise<void> {
        this.#failing = true;
        await readyOrTimeout(redis, this.#delayMs);
        this.#delayMs = Math.min(this.#delayMs * 2, this.#maxMs);
    }
}
