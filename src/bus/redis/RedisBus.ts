import {hostname} from "node:os";
import {Redis} from "ioredis";
import type {RedisOptions} from "ioredis";
import type {EventFilter, LivingEvent, Unsubscribe} from "../../objects/index.js";
import {BusDisposedError} from "../BusDisposedError.js";
import type {BusStatus} from "../BusStatus.js";
import {encodeEvent} from "./encodeEvent.js";
import type {EncodedEvent} from "./encodeEvent.js";
import type {EventBus} from "../EventBus.js";
import {GroupConsumer} from "./GroupConsumer.js";
import {Backoff} from "./Backoff.js";
import {readyOrTimeout} from "./readyOrTimeout.js";
import {redisKeys} from "./redisKeys.js";
import type {RedisKeys} from "./redisKeys.js";
import {RedisPublisher} from "./RedisPublisher.js";
import {RedisUnavailableError} from "../RedisUnavailableError.js";
import {StreamTail} from "./StreamTail.js";
import type {TailSubscriber} from "./StreamTail.js";

export type RedisBusOptions = {
    /** The image's name on the server: its events go to `li:<namespace>:events`. Default "default"; `?namespace=` in the URL wins. */
    namespace?: string,
    /** This process's consumer name in every group it joins. Default `<host>-<pid>-<random>`, unique per process. */
    consumer?: string,
    /** Connection changes, publish buffering and drops, dead letters: what the bus has to say. */
    onStatus?: (status: BusStatus) => void,
    /** A handler threw or rejected. Group entries stay pending and are retried; broadcast ones are not. */
    onHandlerError?: (error: unknown, event: LivingEvent) => void,
    /** Idle time after which a pending entry is taken over by another consumer. Default 30 000 ms. */
    minIdleMs?: number,
    /** How often a consumer looks for entries to take over. Default min(minIdleMs / 2, 5 000) ms. */
    claimIntervalMs?: number,
    /** How long one blocking read waits. Default 1 000 ms. */
    blockMs?: number,
    /**
     * Entries read per round trip (each holds a batch of events, up to `maxBatchBytes`). Default 16: a read of a
     * backlog is then at most 32 MiB of text, as 128 entries of 256 KiB were before batches could be this large.
     */
    batch?: number,
    /** Deliveries after which a failing entry is dead-lettered. Default 5. */
    maxDeliveries?: number,
    /** How long a group remembers a handled event id; longer than any redelivery takes. Default 3 600 s. */
    doneTtlSeconds?: number,
    /** Approximate cap on the stream length in entries (an entry holds one published batch of events); 0 keeps all. Default 100 000. */
    maxLen?: number,
    /** Events held while Redis is unreachable before the oldest are dropped. Default 100 000. */
    bufferLimit?: number,
    /**
     * Most events packed into one stream entry (one XADD). Default 10 000: a publisher publishing faster than
     * one XADD per round trip then sends everything queued at once, instead of letting a queue of events grow
     * behind it (queued events outlive young collections and are copied into the old generation, which then
     * needs full collections); and a body this large is allocated outside the young generation.
     */
    maxBatch?: number,
    /** Most characters of encoded events packed into one stream entry. Default 2 MiB. */
    maxBatchBytes?: number,
    retryMinMs?: number,
    retryMaxMs?: number,
    /** How long `dispose` waits for buffered events to reach Redis. Default 5 000 ms. */
    disposeTimeoutMs?: number
};

export type SubscribeOptions = {
    /** Consumer group, named by role (e.g. "persona:ROBIN"): every group sees every event, its consumers share them. Without one, a broadcast subscription. */
    group?: string,
    /** Consumer name within the group. Default: this bus's consumer name (suffixed when it subscribes twice). */
    consumer?: string
};

/** What `RedisBus.subscribe` returns: call it to unsubscribe; `ready` resolves once the subscription is in place on the server. */
export type RedisSubscription = Unsubscribe & {ready: Promise<void>};

/**
 * A dead letter: `raw` is the event as it was on the stream (for a batch, that event's element: its JSON, or
 * the codec's text; for a row of a run, the event it stands for in JSON, or the row and its run's keys when it
 * cannot stand for one; for a batch unusable as a whole, its body), `sourceId` the stream entry it came from and
 * `index` its position in that entry's batch (null for a one-event entry or a whole batch).
 */
export type DeadLetter = {id: string, reason: string, raw: string, sourceId: string, index: number | null, group: string, consumer: string};

/**
 * I am the durable bus on Redis Streams. Every event goes to one stream per namespace, as plain JSON or
 * with the image codec (see encodeEvent), packed with the events published at the same time into one
 * entry (see RedisPublisher); every local subscriber reads it back from that stream, so all processes see one order.
 * Subscribers with a `group` get at-least-once delivery with acknowledgement after success, takeover of a
 * dead consumer's entries, idempotent handling (a batch, or the part of one already handled, is not handled
 * again; nor is an event id seen lately) and a dead-letter stream (see GroupConsumer);
 * subscribers without one get a broadcast of every event (see StreamTail).
 * `publish` never throws and never waits (see RedisPublisher).
 */
export class RedisBus implements EventBus {
    public readonly kind = "redis";
    public readonly namespace: string;
    public readonly keys: RedisKeys;
    private readonly main: Redis;
    private readonly publisher: RedisPublisher;
    private readonly consumers = new Set<GroupConsumer>();
    private readonly consumerNames = new Set<string>();
    private readonly stopping = new Set<Promise<void>>();
    private readonly onStatus: (status: BusStatus) => void;
    private readonly onHandlerError: (error: unknown, event: LivingEvent) => void;
    private readonly settings: Required<Omit<RedisBusOptions, "namespace" | "onStatus" | "onHandlerError">>;
    private tail: StreamTail | null = null;
    private disposed: Promise<void> | null = null;
    private connected = false;
    private lastError: string | null = null;

    /** The address as given, with any password replaced by `***`: what statuses and errors show. */
    public readonly url: string;

    public constructor(url: string, options: RedisBusOptions = {}) {
        const parsed = new URL(url);
        const shown = new URL(url);
        if (shown.password !== "") shown.password = "***";
        this.url = shown.toString();
        this.namespace = parsed.searchParams.get("namespace") ?? options.namespace ?? "default";
        parsed.searchParams.delete("namespace");
        this.keys = redisKeys(this.namespace);
        this.onStatus = options.onStatus ?? (() => {});
        this.onHandlerError = options.onHandlerError ?? (() => {});
        const minIdleMs = options.minIdleMs ?? 30_000;
        this.settings = {
            consumer: options.consumer ?? `${hostname()}-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
            minIdleMs,
            claimIntervalMs: options.claimIntervalMs ?? Math.max(10, Math.min(minIdleMs / 2, 5_000)),
            blockMs: options.blockMs ?? 1_000,
            batch: options.batch ?? 16,
            maxDeliveries: options.maxDeliveries ?? 5,
            doneTtlSeconds: options.doneTtlSeconds ?? 3_600,
            maxLen: options.maxLen ?? 100_000,
            bufferLimit: options.bufferLimit ?? 100_000,
            maxBatch: options.maxBatch ?? 10_000,
            maxBatchBytes: options.maxBatchBytes ?? 2 * 1024 * 1024,
            retryMinMs: options.retryMinMs ?? 50,
            retryMaxMs: options.retryMaxMs ?? 1_000,
            disposeTimeoutMs: options.disposeTimeoutMs ?? 5_000
        };
        const {retryMinMs, retryMaxMs} = this.settings;
        const connectionOptions: RedisOptions = {
            // The bus does its own buffering and retrying, in order and visibly; ioredis must fail fast
            // instead of queueing silently or resending a command the bus will resend itself.
            enableOfflineQueue: false,
            maxRetriesPerRequest: 0,
            autoResendUnfulfilledCommands: false,
            retryStrategy: (times: number) => Backoff.delayFor(times, retryMinMs, retryMaxMs)
        };
        this.main = new Redis(parsed.toString(), connectionOptions);
        this.main.on("ready", () => {
            this.connected = true;
            this.onStatus({state: "connected", url: this.url});
        });
        const lost = (error: string) => {
            if (!this.connected || this.disposed != null) return;
            this.connected = false;
            this.onStatus({state: "disconnected", url: this.url, error});
        };
        this.main.on("error", (error: Error) => {
            this.lastError = error.message;
            lost(error.message);
        });
        this.main.on("close", () => lost("connection closed"));
        this.publisher = new RedisPublisher(this.main, {
            stream: this.keys.stream, maxLen: this.settings.maxLen, maxBatch: this.settings.maxBatch, maxBatchBytes: this.settings.maxBatchBytes,
            bufferLimit: this.settings.bufferLimit, retryMinMs, retryMaxMs, onStatus: this.onStatus
        });
    }

    public publish(event: LivingEvent): void {
        if (this.disposed != null) return;
        let payload: EncodedEvent;
        try {
            payload = encodeEvent(event);
        } catch (error) {
            this.onStatus({state: "unencodable", eventId: event.id, type: event.type, error: error instanceof Error ? error.message : String(error)});
            return;
        }
        this.publisher.enqueue(payload);
    }

    /**
     * Without `options.group`, a broadcast subscription: every event published after this call, in stream order.
     * With a group, a durable one: see `SubscribeOptions`. Either way it starts at the events published after
     * this call (a new group starts at the stream's end; an existing group resumes where it was).
     */
    public subscribe(filter: EventFilter | undefined, handler: (event: LivingEvent) => void | Promise<void>, options: SubscribeOptions = {}): RedisSubscription {
        if (this.disposed != null) throw new BusDisposedError(this.kind);
        return options.group == null
            ? this.subscribeBroadcast(filter, handler)
            : this.subscribeGroup(filter, handler, options.group, options.consumer);
    }

    public async flush(): Promise<void> {
        await this.publisher.drained();
        const target = this.publisher.lastPublishedId;
        if (target == null) return;
        await Promise.all([
            this.tail?.caughtUp(target),
            ...[...this.consumers].map((consumer) => consumer.caughtUp(this.main, target))
        ]);
    }

    /**
     * Resolves once the bus is connected to Redis; throws `RedisUnavailableError` after `timeoutMs`.
     * Publishing needs none of this (it buffers); a command that only makes sense with a server, such as
     * `bus tail`, calls it to fail with a clear message instead of waiting silently.
     */
    public async waitConnected(timeoutMs = 5_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (this.main.status !== "ready") {
            const left = deadline - Date.now();
            if (left <= 0 || this.disposed != null) throw new RedisUnavailableError(this.url, timeoutMs, this.lastError);
            await readyOrTimeout(this.main, Math.min(left, 100));
        }
    }

    /** The newest dead letters (malformed events and events that failed too often), newest first. */
    public async deadLetters(count = 100): Promise<DeadLetter[]> {
        const entries = await this.main.xrevrange(this.keys.dead, "+", "-", "COUNT", count);
        return entries.map(([id, fields]) => {
            const value = (name: string) => {
                const index = fields.indexOf(name);
                return index >= 0 && index % 2 === 0 ? fields[index + 1] ?? "" : "";
            };
            const position = value("index");
            return {id, reason: value("reason"), raw: value("raw"), sourceId: value("sourceId"), index: position === "" ? null : Number(position), group: value("group"), consumer: value("consumer")};
        });
    }

    /** Publishing, then stops every subscription and closes the connections; events still unsent after `disposeTimeoutMs` are reported dropped. */
    public dispose(): Promise<void> {
        this.disposed ??= this.close();
        return this.disposed;
    }

    public async [Symbol.asyncDispose](): Promise<void> {
        await this.dispose();
    }

    private async close(): Promise<void> {
        await this.publisher.close(this.settings.disposeTimeoutMs);
        await Promise.all([this.tail?.stop(), ...[...this.consumers].map((consumer) => consumer.stop(this.main)), ...this.stopping]);
        this.consumers.clear();
        this.main.disconnect();
    }

    private subscribeBroadcast(filter: EventFilter | undefined, handler: (event: LivingEvent) => void | Promise<void>): RedisSubscription {
        const {stream} = this.keys;
        this.tail ??= new StreamTail(this.connection(), {
            stream, batch: this.settings.batch, blockMs: this.settings.blockMs,
            retryMinMs: this.settings.retryMinMs, retryMaxMs: this.settings.retryMaxMs,
            onStatus: this.onStatus, onHandlerError: this.onHandlerError
        });
        const subscriber: TailSubscriber = {filter, handler, from: null, ready: Promise.resolve()};
        // The starting point is read in publishing order: everything this bus publishes afterwards comes after it.
        subscriber.ready = this.publisher.barrier(async (redis) => {
            const last = await redis.xrevrange(stream, "+", "-", "COUNT", 1);
            subscriber.from = last[0]?.[0] ?? "0-0";
        });
        const tail = this.tail;
        tail.add(subscriber);
        const unsubscribe = () => tail.remove(subscriber);
        this.reportSubscribeFailure(subscriber.ready, null);
        return Object.assign(unsubscribe, {ready: subscriber.ready});
    }

    private subscribeGroup(filter: EventFilter | undefined, handler: (event: LivingEvent) => void | Promise<void>, group: string, requested: string | undefined): RedisSubscription {
        const {stream} = this.keys;
        const consumerName = this.uniqueConsumerName(requested ?? this.settings.consumer);
        const consumer = new GroupConsumer(this.connection(), {
            ...this.settings, keys: this.keys, group, consumer: consumerName, filter, handler,
            deadMaxLen: 10_000, onStatus: this.onStatus, onHandlerError: this.onHandlerError
        });
        // Created in publishing order, at the stream's end: the group sees everything this bus publishes afterwards.
        const ready = this.publisher.barrier(async (redis) => {
            try {
                await redis.xgroup("CREATE", stream, group, "$", "MKSTREAM");
            } catch (error) {
                if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
            }
        });
        consumer.start(ready);
        this.reportSubscribeFailure(ready, group);
        this.consumers.add(consumer);
        const unsubscribe = () => {
            if (!this.consumers.delete(consumer)) return;
            // Unsubscribe is synchronous by contract; dispose waits for the stops begun here.
            const stopped: Promise<void> = consumer.stop(this.main).finally(() => {
                this.consumerNames.delete(consumerName);
                this.stopping.delete(stopped);
            });
            this.stopping.add(stopped);
        };
        return Object.assign(unsubscribe, {ready});
    }

    /** A subscription that could not start says so, even to a caller that never looks at `ready`. */
    private reportSubscribeFailure(ready: Promise<void>, group: string | null): void {
        ready.catch((error: unknown) => {
            if (this.disposed != null) return;
            this.onStatus({state: "subscribeFailed", group, error: error instanceof Error ? error.message : String(error)});
        });
    }

    private uniqueConsumerName(base: string): string {
        let name = base;
        for (let suffix = 2; this.consumerNames.has(name); suffix++) name = `${base}-${suffix}`;
        this.consumerNames.add(name);
        return name;
    }

    /** A dedicated connection for one blocking reader, with the bus's fail-fast settings. */
    private connection(): Redis {
        // Auto-pipelining sends the acknowledgements and done marks issued while a batch is handled in one write.
        const connection = this.main.duplicate({enableAutoPipelining: true});
        // Reader loops report their own failures; without a listener ioredis would print every reconnect error.
        connection.on("error", () => {});
        return connection;
    }
}
