import type {Redis} from "ioredis";
import {matchesFilter} from "../../objects/index.js";
import type {EventFilter, LivingEvent} from "../../objects/index.js";
import type {BusStatus} from "../BusStatus.js";
import {RecentIds} from "./RecentIds.js";
import {entriesOf} from "./streamEntries.js";
import {compareStreamIds} from "./streamIds.js";
import {Backoff} from "./Backoff.js";
import {sleep} from "./sleep.js";
import {unpackEntry} from "./unpackEntry.js";

export type TailSubscriber = {
    filter: EventFilter | undefined,
    handler: (event: LivingEvent) => void | Promise<void>,
    /** The last stream id before this subscriber subscribed; null until its barrier has run. */
    from: string | null,
    ready: Promise<void>
};

export type StreamTailOptions = {
    stream: string,
    batch: number,
    blockMs: number,
    retryMinMs: number,
    retryMaxMs: number,
    onStatus: (status: BusStatus) => void,
    onHandlerError: (error: unknown, event: LivingEvent) => void
};

/**
 * I am the broadcast side of the Redis bus: one XREAD loop per bus, on its own connection, that hands
 * every event to every local subscriber without a consumer group (like the in-process bus, but in the
 * stream's order, which every process shares), one by one, also when an entry holds a batch. Nothing is acknowledged and nothing is redelivered:
 * a handler that fails is reported to `onHandlerError`. Use a consumer group for at-least-once work.
 */
export class StreamTail {
    private readonly subscribers = new Set<TailSubscriber>();
    private readonly seen = new RecentIds();
    private lastId: string | null = null;
    private reading = false;
    private stopping = false;
    private loop: Promise<void> | null = null;

    public constructor(private readonly connection: Redis, private readonly options: StreamTailOptions) {}

    public add(subscriber: TailSubscriber): void {
        this.subscribers.add(subscriber);
        subscriber.ready.then(() => {
            // The first subscriber fixes where reading starts; later ones start at or after it.
            if (this.stopping) return;
            if (this.lastId == null && subscriber.from != null) this.lastId = subscriber.from;
            this.loop ??= this.run();
        }, () => this.subscribers.delete(subscriber));
    }

    public remove(subscriber: TailSubscriber): void {
        this.subscribers.delete(subscriber);
    }

    /** Resolves once every entry up to `target` has been handed to the subscribers. */
    public async caughtUp(target: string): Promise<void> {
        while (!this.stopping && this.subscribers.size > 0 && (this.lastId == null || compareStreamIds(this.lastId, target) < 0))
            await sleep(2);
    }

    public async stop(): Promise<void> {
        this.stopping = true;
        // A blocked XREAD only returns when its block ends; closing the connection ends it now.
        if (this.reading || this.loop == null) this.connection.disconnect();
        await this.loop;
        this.connection.disconnect();
    }

    private async run(): Promise<void> {
        const backoff = new Backoff(this.options.retryMinMs, this.options.retryMaxMs);
        while (!this.stopping) {
            try {
                this.reading = true;
                const reply = await this.connection.xread("COUNT", this.options.batch, "BLOCK", this.options.blockMs,
                    "STREAMS", this.options.stream, this.lastId ?? "$");
                this.reading = false;
                if (this.stopping) break;
                const entries = entriesOf(reply);
                if (entries.length > 0) await this.deliver(entries);
                backoff.succeeded();
            } catch (error) {
                this.reading = false;
                if (this.stopping) break;
                if (!backoff.failing) this.options.onStatus({state: "consumerError", group: null, consumer: "tail", error: errorMessage(error), retryInMs: backoff.delayMs});
                await backoff.failed(this.connection);
            }
        }
    }

    private async deliver(entries: ReturnType<typeof entriesOf>): Promise<void> {
        // A subscriber whose starting point is still on its way must not miss what this batch holds.
        await Promise.allSettled([...this.subscribers].filter((s) => s.from == null).map((s) => s.ready));
        for (const [streamId, fields] of entries) {
            if (this.stopping) return;
            await this.deliverOne(streamId, fields);
            // Advanced only after the handlers ran, so that `caughtUp` means handled, not just read.
            this.lastId = streamId;
        }
    }

    private async deliverOne(streamId: string, fields: string[]): Promise<void> {
        const entry = unpackEntry(fields);
        if (entry.problem != null) {
            this.options.onStatus({state: "invalidEvent", streamId, reason: entry.problem});
            return;
        }
        const subscribers = [...this.subscribers].filter((s) => s.from != null && compareStreamIds(streamId, s.from) > 0);
        for (let index = 0; index < entry.size; index++) {
            if (this.stopping) return;
            const result = entry.decode(index);
            if (!result.ok) {
                this.options.onStatus({state: "invalidEvent", streamId, reason: result.reason});
                continue;
            }
            const event = result.event;
            if (!this.seen.addNew(event.id)) continue;
            for (const subscriber of subscribers) {
                if (!matchesFilter(event, subscriber.filter) || !this.subscribers.has(subscriber)) continue;
                try {
                    // Not awaited when synchronous: a turn of the microtask queue per event and subscriber adds up.
                    const pending = subscriber.handler(event);
                    if (pending instanceof Promise) await pending;
                } catch (error) {
                    this.options.onHandlerError(error, event);
                }
            }
        }
    }
}

function errorMessage(error: unknown): string {
    return error instanceof Error ? error.message : String(error);
}
