import {randomUUID} from "node:crypto";
import type {Redis} from "ioredis";
import type {BusStatus} from "../BusStatus.js";
import {encodedSize} from "./encodeEvent.js";
import type {EncodedEvent} from "./encodeEvent.js";
import {isConnectionError} from "./isConnectionError.js";
import {packBatch} from "./packBatch.js";
import {Backoff} from "./Backoff.js";

export type RedisPublisherOptions = {
    stream: string,
    /** Approximate cap on the stream length (XADD MAXLEN ~); 0 keeps every entry. */
    maxLen: number,
    /** Most events packed into one stream entry. */
    maxBatch: number,
    /** Most characters of events packed into one stream entry, near enough (a single larger event still goes, alone). */
    maxBatchBytes: number,
    /** Most events held in memory while Redis cannot be reached; beyond it the oldest are dropped. */
    bufferLimit: number,
    retryMinMs: number,
    retryMaxMs: number,
    onStatus: (status: BusStatus) => void
};

/** An operation run in order with the events (a class, so that no event can be taken for one). */
class Barrier {
    public constructor(
        public readonly run: (redis: Redis) => Promise<void>,
        public readonly resolve: () => void,
        public readonly reject: (error: unknown) => void
    ) {}
}

/** A batch packed for sending: resent exactly as it is after a failure, so that a copy appended twice has one batch id. */
type Packed = {fields: string[], positions: number};

/**
 * A queued operation: an encoded event, a barrier, or null where an event was dropped from a full buffer
 * (a tombstone, so dropping never shifts the array).
 */
type Op = EncodedEvent | Barrier | null;

function isEvent(op: Op | undefined): op is EncodedEvent {
    return op != null && !(op instanceof Barrier);
}

/**
 * I append encoded events to the stream, in the order they were published, over one connection.
 * `enqueue` never throws and never waits: events queue in memory and a single drain loop packs what has
 * queued (everything published since the last send, up to `maxBatch` events or `maxBatchBytes`) into ONE
 * stream entry (see `packBatch`) and appends it with one XADD: one command to build and one entry for
 * Redis to store and every consumer to read, instead of one per event. When Redis cannot be reached I keep
 * the events (up to `bufferLimit`), say so through `onStatus`, and retry with exponential backoff. A batch
 * whose reply was lost is resent byte for byte, so it may be appended twice with the same batch id;
 * consumers recognise the copy (see GroupConsumer) and drop it.
 *
 * Barriers are queued operations that run in order with the events: a subscription uses one to fix
 * its starting point so that it sees every event published after it subscribed.
 */
export class RedisPublisher {
    private queue: Op[] = [];
    private head = 0;
    /** Queue positions taken by the batch being sent (events and tombstones). */
    private inFlight = 0;
    /** Live operations in the queue (tombstones excluded). */
    private live = 0;
    /** No droppable event lies before this position. */
    private dropCursor = 0;
    private running: Promise<void> | null = null;
    private failing = false;
    private bufferedAtFailure = 0;
    private droppedTotal = 0;
    private closed = false;
    private lastId: string | null = null;
    private lastReport: {error: string, at: number} | null = null;
    /** The batch on its way (or to be resent): its events stay in the queue, undroppable, until Redis has it. */
    private packed: Packed | null = null;

    public constructor(private readonly redis: Redis, private readonly options: RedisPublisherOptions) {}

    /** The id of the last entry this publisher appended, or null before the first. */
    public get lastPublishedId(): string | null {
        return this.lastId;
    }

    /** Operations (events and barriers) not yet acknowledged by Redis. */
    public get buffered(): number {
        return this.live;
    }

    public enqueue(event: EncodedEvent): void {
        if (this.closed) return;
        this.queue.push(event);
        this.live++;
        if (this.live > this.options.bufferLimit) this.dropOldest();
        this.kick();
    }

    /** Runs `run` on the publishing connection after every event enqueued before it has been appended. */
    public barrier(run: (redis: Redis) => Promise<void>): Promise<void> {
        return new Promise<void>((resolve, reject) => {
            if (this.closed) {
                reject(new Error("The Redis bus is disposed: create a new bus to subscribe again."));
                return;
            }
            this.queue.push(new Barrier(run, resolve, reject));
            this.live++;
            this.kick();
        });
    }

    /** Resolves when everything enqueued so far has reached Redis (or was dropped). */
    public async drained(): Promise<void> {
        while (this.running != null) await this.running;
    }

    /**
     * Stops accepting events after waiting up to `timeoutMs` for the queue to drain.
     * Answers how many events were left unsent.
     */
    public async close(timeoutMs: number): Promise<number> {
        let timer: NodeJS.Timeout | undefined;
        await Promise.race([this.drained(), new Promise<void>((resolve) => {
            timer = setTimeout(resolve, timeoutMs);
        })]);
        clearTimeout(timer);
        this.closed = true;
        const left = this.queue.slice(this.head);
        for (const op of left) if (op instanceof Barrier) op.reject(new Error("The Redis bus was disposed before this subscription started."));
        const unsent = left.filter(isEvent).length;
        if (unsent > 0) {
            this.droppedTotal += unsent;
            this.options.onStatus({state: "dropped", dropped: this.droppedTotal, limit: this.options.bufferLimit});
        }
        this.queue = [];
        this.head = 0;
        this.live = 0;
        this.dropCursor = 0;
        this.packed = null;
        this.inFlight = 0;
        await this.running;
        return unsent;
    }

    private kick(): void {
        if (this.running != null) return;
        // Started after the code that is publishing now has run (a microtask later), so that the events it
        // publishes together go out together, in one entry, instead of the first alone and the rest after.
        this.running = Promise.resolve().then(() => this.drain()).finally(() => {
            this.running = null;
            // An enqueue can land between the loop's last check and this point.
            if (this.live > 0 && !this.closed) this.kick();
        });
    }

    private async drain(): Promise<void> {
        const backoff = new Backoff(this.options.retryMinMs, this.options.retryMaxMs);
        while (this.live > 0 && !this.closed) {
            while (this.queue[this.head] === null) this.shift(1);
            const op = this.queue[this.head];
            if (op == null) break;
            try {
                if (op instanceof Barrier) await this.runBarrier(op);
                else await this.sendBatch();
                backoff.succeeded();
            } catch (error) {
                // A packed batch keeps its events (see `packed`); nothing else is in flight.
                if (this.packed == null) this.inFlight = 0;
                if (this.closed) break;
                if (!this.failing) {
                    this.failing = true;
                    this.bufferedAtFailure = 0;
                    this.lastReport = null;
                }
                this.bufferedAtFailure = Math.max(this.bufferedAtFailure, this.buffered);
                this.reportBuffering(errorMessage(error), backoff.delayMs);
                await backoff.failed(this.redis);
            }
        }
    }

    /** Says so on the first failure, when the error changes, and every few seconds while it lasts; not on every retry. */
    private reportBuffering(error: string, retryInMs: number): void {
        const now = Date.now();
        if (this.lastReport != null && this.lastReport.error === error && now - this.lastReport.at < 5_000) return;
        this.lastReport = {error, at: now};
        this.options.onStatus({state: "buffering", buffered: this.buffered, error, retryInMs});
    }

    private async runBarrier(op: Barrier): Promise<void> {
        this.assertConnected();
        try {
            await op.run(this.redis);
        } catch (error) {
            if (this.closed) return;
            // The server answered with an error: retrying cannot help, the subscriber must hear it.
            if (isConnectionError(error)) throw error;
            this.shift(1);
            op.reject(error);
            return;
        }
        if (this.closed) return;
        this.shift(1);
        op.resolve();
    }

    private async sendBatch(): Promise<void> {
        // Not even tried while disconnected, so that the whole queue stays droppable oldest-first.
        this.assertConnected();
        const packed = this.packed ?? this.pack();
        const {stream, maxLen} = this.options;
        const id = maxLen > 0
            ? await this.redis.xadd(stream, "MAXLEN", "~", maxLen, "*", ...packed.fields)
            : await this.redis.xadd(stream, "*", ...packed.fields);
        this.packed = null;
        this.inFlight = 0;
        // Closing emptied the queue while this batch was out: nothing is left to shift.
        if (this.closed) return;
        this.shift(packed.positions);
        if (id != null) this.lastId = id;
        if (this.failing) {
            this.failing = false;
            this.options.onStatus({state: "drained", resent: this.bufferedAtFailure});
        }
    }

    /** Packs the events at the head of the queue, up to a barrier, `maxBatch` events or `maxBatchBytes`. */
    private pack(): Packed {
        const events: EncodedEvent[] = [];
        let size = 0;
        let end = this.head;
        for (; end < this.queue.length && events.length < this.options.maxBatch; end++) {
            const op = this.queue[end];
            if (op === null) continue;
            if (!isEvent(op)) break;
            const opSize = encodedSize(op);
            if (events.length > 0 && size + opSize > this.options.maxBatchBytes) break;
            events.push(op);
            size += opSize + 1;
        }
        const positions = end - this.head;
        this.inFlight = positions;
        this.packed = {fields: packBatch(randomUUID(), events), positions};
        return this.packed;
    }

    private assertConnected(): void {
        if (this.redis.status !== "ready") throw new Error(`not connected to Redis (connection ${this.redis.status})`);
    }

    /** Removes `count` positions from the front; tombstones among them were already uncounted. */
    private shift(count: number): void {
        for (let index = this.head; index < this.head + count; index++) {
            if (this.queue[index] === null) continue;
            this.live--;
            // Let go of what was sent now, not when the array is next cut: held longer, it would outlive young
            // collections and be copied into the old generation, where it costs a full collection to free.
            this.queue[index] = null;
        }
        this.head += count;
        if (this.head === this.queue.length) {
            this.queue = [];
            this.head = 0;
            this.dropCursor = 0;
        } else if (this.head > 4096 && this.head * 2 > this.queue.length) {
            this.queue = this.queue.slice(this.head);
            this.dropCursor = Math.max(0, this.dropCursor - this.head);
            this.head = 0;
        }
    }

    private dropOldest(): void {
        // Events already sent in the current batch stay: their reply decides what happens to them.
        let index = Math.max(this.dropCursor, this.head + this.inFlight);
        while (index < this.queue.length && !isEvent(this.queue[index])) index++;
        if (index >= this.queue.length) return;
        this.queue[index] = null;
        this.dropCursor = index + 1;
        this.live--;
        this.droppedTotal++;
        // Say so on the first drop and then every thousand, not once per event.
        if (this.droppedTotal === 1 || this.droppedTotal % 1000 === 0)
            this.options.onStatus({state: "dropped", dropped: this.droppedTotal, limit: this.options.bufferLimit});
    }
}

function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
