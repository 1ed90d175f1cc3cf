import type {Redis} from "ioredis";
import type {EventFilter, LivingEvent} from "../../objects/index.js";
import type {BusStatus} from "../BusStatus.js";
import type {RedisKeys} from "./redisKeys.js";
import {RecentIds} from "./RecentIds.js";
import {filterPredicate} from "./filterPredicate.js";
import {GroupProgress} from "./GroupProgress.js";
import type {RecordedProgress} from "./GroupProgress.js";
import {entriesOf, isEntry, rawEntriesOf} from "./streamEntries.js";
import type {StreamEntry} from "./streamEntries.js";
import {compareStreamIds} from "./streamIds.js";
import {Backoff} from "./Backoff.js";
import {sleep} from "./sleep.js";
import {batchKeyOf, unpackEntry} from "./unpackEntry.js";
import type {UnpackedEntry} from "./unpackEntry.js";

export type GroupConsumerOptions = {
    keys: RedisKeys,
    group: string,
    consumer: string,
    filter: EventFilter | undefined,
    handler: (event: LivingEvent) => void | Promise<void>,
    /** How long an entry must sit unacknowledged with a consumer before another takes it over. */
    minIdleMs: number,
    claimIntervalMs: number,
    blockMs: number,
    batch: number,
    /** Deliveries after which an entry whose handler keeps failing goes to the dead-letter stream. */
    maxDeliveries: number,
    doneTtlSeconds: number,
    deadMaxLen: number,
    retryMinMs: number,
    retryMaxMs: number,
    onStatus: (status: BusStatus) => void,
    onHandlerError: (error: unknown, event: LivingEvent) => void
};

type TouchingRedis = Redis & {liTouch(stream: string, group: string, consumer: string, ...ids: string[]): Promise<string[]>};

// Resets the idle time of entries still pending with this consumer (XCLAIM JUSTID neither counts a delivery
// nor returns the entry), and answers those another consumer has taken over meanwhile. Checking the owner
// inside the script matters: a plain XCLAIM would take an entry back from whoever claimed it.
const touchScript = `
local lost = {}
for i = 3, #ARGV do
  local row = redis.call('XPENDING', KEYS[1], ARGV[1], ARGV[i], ARGV[i], 1)[1]
  if row and row[2] == ARGV[2] then
    redis.call('XCLAIM', KEYS[1], ARGV[1], ARGV[2], 0, ARGV[i], 'JUSTID')
  else
    lost[#lost + 1] = ARGV[i]
  end
end
return lost`;

type Entry = UnpackedEntry & {streamId: string};

type KeepAlive = {release(streamId: string): void, lost(streamId: string): boolean, stop(): void};

/**
 * I am one consumer of a consumer group: an XREADGROUP loop on my own connection. An entry holds a batch
 * of events (or, in the older form, one); I handle them one by one and acknowledge the entry once every
 * event of it is settled: handled, skipped, or set aside. The group records what it handled (see
 * GroupProgress), so a redelivered or duplicated batch, or the rest of a batch a consumer died in the
 * middle of, is handled only where it was not yet. A failed handler leaves its entry pending; every
 * `claimIntervalMs` I take over entries idle longer than `minIdleMs` (XAUTOCLAIM), mine or those of a
 * consumer that died, and an event whose entry was delivered more than `maxDeliveries` times goes to the
 * dead-letter stream. So does an event that does not decode to a valid event: it is set aside alone,
 * with its reason, the rest of its batch is handled, and the loop never stops.
 */
export class GroupConsumer {
    private readonly done = new RecentIds();
    /** The subscription's filter, worked out once. */
    private readonly accepts: (event: LivingEvent) => boolean;
    /** Stream id → (position in its batch → last handler error), for entries left pending by a failure here. */
    private readonly failures = new Map<string, Map<number, string>>();
    private readonly progress: GroupProgress;
    private claimCursor = "0-0";
    /** Set at start and after a failed read: re-read what the group has delivered to me but I never handled. */
    private recoverOwn = true;
    private reading = false;
    private stopping = false;
    private loop: Promise<void> | null = null;
    /** The marks and acknowledgements of the last read handled, on their way: the next read leaves in the same write. */
    private writes: Promise<void> | null = null;

    public constructor(private readonly connection: Redis, private readonly options: GroupConsumerOptions) {
        connection.defineCommand("liTouch", {numberOfKeys: 1, lua: touchScript});
        this.accepts = filterPredicate(options.filter);
        this.progress = new GroupProgress(connection, options.keys.stream, options.group, options.keys.done(options.group));
    }

    public get group(): string {
        return this.options.group;
    }

    public get consumer(): string {
        return this.options.consumer;
    }

    public start(ready: Promise<void>): void {
        this.loop = ready.then(() => this.run(), () => {
            // Never started (the bus reports why): nothing to wait for in flush, nothing to stop.
            this.stopping = true;
        });
    }

    /**
     * Resolves once the group has been handed every entry up to `target` and none of them waits on a
     * handler here (entries whose handler failed are not waited for). `control` is a non-blocking connection.
     */
    public async caughtUp(control: Redis, target: string): Promise<void> {
        const {stream} = this.options.keys;
        while (!this.stopping) {
            try {
                const [groups, pending] = await Promise.all([
                    control.xinfo("GROUPS", stream),
                    control.xpending(stream, this.options.group, "-", target, 100, this.options.consumer)
                ]);
                const delivered = lastDeliveredId(groups, this.options.group);
                const waiting = (pending as unknown[][]).filter((entry) => !this.failures.has(String(entry[0])));
                if (delivered != null && compareStreamIds(delivered, target) >= 0 && waiting.length === 0) return;
            } catch {
                // Redis is unreachable: the loop reports it; keep waiting, as flush promises.
            }
            await sleep(2);
        }
    }

    public async stop(control: Redis): Promise<void> {
        this.stopping = true;
        // A blocked XREADGROUP only returns when its block ends; closing the connection ends it now.
        if (this.reading || this.loop == null) this.connection.disconnect();
        await this.loop;
        this.connection.disconnect();
        try {
            // A consumer with nothing pending is forgotten; one with pending entries stays so that they can be claimed.
            const summary = await control.xpending(this.options.keys.stream, this.options.group, "-", "+", 1, this.options.consumer);
            if ((summary as unknown[]).length === 0)
                await control.xgroup("DELCONSUMER", this.options.keys.stream, this.options.group, this.options.consumer);
        } catch {
            // Redis is gone: the consumer entry stays behind, which is harmless.
        }
    }

    private async run(): Promise<void> {
        const {stream} = this.options.keys;
        const backoff = new Backoff(this.options.retryMinMs, this.options.retryMaxMs);
        let nextClaimAt = 0;
        while (!this.stopping) {
            try {
                if (Date.now() >= nextClaimAt) {
                    await this.writesLanded();
                    const more = await this.reclaim();
                    nextClaimAt = more ? 0 : Date.now() + this.options.claimIntervalMs;
                    if (this.stopping) break;
                }
                if (this.recoverOwn) {
                    // What failed is why own entries are re-read: they will be handled (or skipped) again.
                    await this.writesLanded().catch(() => {});
                    await this.recoverOwnPending();
                    continue;
                }
                this.reading = true;
                const reply = await this.connection.xreadgroup("GROUP", this.options.group, this.options.consumer,
                    "COUNT", this.options.batch, "BLOCK", Math.min(this.options.blockMs, this.options.claimIntervalMs),
                    "STREAMS", stream, ">");
                this.reading = false;
                // Sent before the read, so answered before it: a failure surfaces here, before anything more is handled.
                await this.writesLanded();
                if (this.stopping) break;
                const entries = entriesOf(reply);
                if (entries.length > 0) await this.handle(entries, null);
                backoff.succeeded();
            } catch (error) {
                this.reading = false;
                if (this.stopping) break;
                const message = error instanceof Error ? error.message : String(error);
                if (message.startsWith("NOGROUP")) {
                    // Redis came back without the group (no persistence): recreate it from the stream's start,
                    // since what was published meanwhile has not been handled by anyone.
                    await this.createGroup("0").catch(() => {});
                    continue;
                }
                // Entries delivered by a read whose reply was lost are pending here and nowhere else.
                this.recoverOwn = true;
                if (!backoff.failing) this.options.onStatus({state: "consumerError", group: this.options.group, consumer: this.options.consumer, error: message, retryInMs: backoff.delayMs});
                await backoff.failed(this.connection);
            }
        }
        // Stopping: the last acknowledgements still count (unless the connection is already gone).
        await this.writesLanded().catch(() => {});
    }

    private async createGroup(from: string): Promise<void> {
        try {
            await this.connection.xgroup("CREATE", this.options.keys.stream, this.options.group, from, "MKSTREAM");
        } catch (error) {
            if (!(error instanceof Error && error.message.startsWith("BUSYGROUP"))) throw error;
        }
    }

    /**
     * Handles the entries pending to this consumer name (XREADGROUP from id 0): those delivered by a read
     * whose reply was lost in a disconnect, or left by an earlier process with the same consumer name.
     * Entries whose handler failed here are left to the idle takeover, which counts deliveries.
     */
    private async recoverOwnPending(): Promise<void> {
        const {stream} = this.options.keys;
        let after = "0-0";
        while (!this.stopping) {
            const reply = await this.connection.xreadgroup("GROUP", this.options.group, this.options.consumer,
                "COUNT", this.options.batch, "STREAMS", stream, after);
            const rows = rawEntriesOf(reply);
            if (rows.length === 0) break;
            after = String(rows[rows.length - 1]?.[0]);
            // An entry trimmed from the stream while pending comes back without fields: nothing is left to handle.
            const trimmed = rows.filter((row) => !isEntry(row)).map((row) => String(row[0]));
            if (trimmed.length > 0) await this.connection.xack(stream, this.options.group, ...trimmed);
            const entries = rows.filter(isEntry).filter(([id]) => !this.failures.has(id));
            if (entries.length > 0) await this.handle(entries, null);
        }
        this.recoverOwn = false;
    }

    /** Takes over entries idle too long; answers whether more may be waiting. */
    private async reclaim(): Promise<boolean> {
        const {stream} = this.options.keys;
        const reply = await this.connection.xautoclaim(stream, this.options.group, this.options.consumer,
            this.options.minIdleMs, this.claimCursor, "COUNT", this.options.batch) as unknown[];
        this.claimCursor = typeof reply[0] === "string" ? reply[0] : "0-0";
        if (this.claimCursor === "0-0") await this.forgetOldDone();
        const entries = Array.isArray(reply[1]) ? reply[1].filter(isEntry) : [];
        if (entries.length > 0) {
            const pipeline = this.connection.pipeline();
            for (const [id] of entries) pipeline.xpending(stream, this.options.group, id, id, 1);
            const answers = await pipeline.exec() ?? [];
            const deliveries = new Map<string, number>();
            for (const [error, result] of answers) {
                const row = !error && Array.isArray(result) ? result[0] as unknown[] | undefined : undefined;
                if (row != null) deliveries.set(String(row[0]), Number(row[3]));
            }
            await this.handle(entries, deliveries);
        }
        return this.claimCursor !== "0-0";
    }

    private async handle(rows: StreamEntry[], deliveries: Map<string, number> | null): Promise<void> {
        // One round trip answers, for the whole read, which batches this group has already handled (in part).
        const recorded = await this.progress.lookup(rows.flatMap(([, fields]) => batchKeyOf(fields) ?? []));
        const keepAlive = this.keepAlive(rows.map(([streamId]) => streamId));
        try {
            for (const [streamId, fields] of rows) {
                if (this.stopping) break;
                // Taken over by another consumer while this read was slow: it is theirs to handle now.
                if (keepAlive.lost(streamId)) continue;
                try {
                    // Unpacked one entry at a time: a large read never holds all its events decoded at once.
                    await this.handleEntry({...unpackEntry(fields), streamId}, recorded, deliveries?.get(streamId) ?? 1, keepAlive);
                } finally {
                    // Done with, one way or another: a failed entry must go idle to be retried.
                    keepAlive.release(streamId);
                }
            }
        } finally {
            keepAlive.stop();
        }
        // Not waited for here: the next command on this connection (the next read) goes out in the same write.
        const writes = this.progress.flush();
        // Observed at once, so that a failure is never unhandled; rethrown where `writesLanded` is awaited.
        writes.catch(() => {});
        this.writes = writes;
    }

    /** Waits for the writes of the last read handled; throws what they failed with. */
    private async writesLanded(): Promise<void> {
        const writes = this.writes;
        this.writes = null;
        await writes;
    }

    /**
     * While a batch is being handled, keeps its entries from looking idle, so that a slow handler (a chat with
     * a model can take minutes) does not see its entries taken over and handled a second time elsewhere.
     */
    private keepAlive(streamIds: string[]): KeepAlive {
        const {keys, group, consumer} = this.options;
        const holding = new Set(streamIds);
        const lost = new Set<string>();
        const touch = async () => {
            if (holding.size === 0) return;
            try {
                const gone = await (this.connection as TouchingRedis).liTouch(keys.stream, group, consumer, ...holding);
                for (const id of gone) if (holding.delete(id)) lost.add(id);
            } catch {
                // Unreachable now: the next touch, or the takeover after a reconnect, sorts it out.
            }
        };
        const timer = setInterval(() => void touch(), Math.max(10, Math.floor(this.options.minIdleMs / 3)));
        return {
            release: (streamId) => holding.delete(streamId),
            lost: (streamId) => lost.has(streamId),
            stop: () => clearInterval(timer)
        };
    }

    /**
     * Handles the events of one entry not yet settled, in order. The entry is acknowledged when all are settled;
     * otherwise (a handler failed, the consumer is stopping, the entry was taken over) what was settled is
     * recorded and the entry stays pending for the rest.
     */
    private async handleEntry(entry: Entry, recorded: RecordedProgress, deliveries: number, keepAlive: KeepAlive): Promise<void> {
        const {streamId, batchId} = entry;
        if (batchId != null && recorded.complete.has(batchId)) {
            this.progress.complete(streamId, null);
            return;
        }
        if (entry.problem != null) {
            this.deadLetter(streamId, null, entry.raw, entry.problem);
            this.progress.complete(streamId, null);
            return;
        }
        const before = batchId == null ? undefined : recorded.settled.get(batchId);
        const failures = this.failures.get(streamId);
        // Settled in this pass and not yet recorded; recorded before a handler waits, and when the entry stays pending.
        let unrecorded: number[] = [];
        const record = () => {
            if (batchId != null && !entry.single) this.progress.settled(batchId, unrecorded);
            unrecorded = [];
        };
        let complete = true;
        for (let index = 0; index < entry.size; index++) {
            if (before?.has(index) === true) continue;
            if (this.stopping || keepAlive.lost(streamId)) {
                complete = false;
                break;
            }
            const result = entry.decode(index);
            if (!result.ok) {
                this.deadLetter(streamId, entry.single ? null : index, entry.rawAt(index), result.reason);
                unrecorded.push(index);
                continue;
            }
            const event = result.event;
            // Counted as handled from here on (one set operation less per event); forgotten again if it is not.
            if (!this.accepts(event) || !this.done.addNew(event.id)) {
                unrecorded.push(index);
                continue;
            }
            if (deliveries > this.options.maxDeliveries) {
                this.done.forget(event.id);
                const last = failures?.get(index) ?? "unknown (it failed in another process)";
                this.deadLetter(streamId, entry.single ? null : index, entry.rawAt(index), `delivery limit: delivered ${deliveries} times (at most ${this.options.maxDeliveries}); last error: ${last}`);
                unrecorded.push(index);
                continue;
            }
            try {
                const pending = this.options.handler(event);
                if (pending instanceof Promise) {
                    // Before waiting on a handler's own I/O, what was handled so far is recorded and acknowledged:
                    // a crash during this handler must not undo it. Synchronous handlers are recorded per entry.
                    record();
                    this.progress.send();
                    await pending;
                }
            } catch (error) {
                this.done.forget(event.id);
                this.recordFailure(streamId, index, error instanceof Error ? error.message : String(error));
                this.options.onHandlerError(error, event);
                complete = false;
                continue;
            }
            failures?.delete(index);
            unrecorded.push(index);
        }
        if (complete) {
            this.failures.delete(streamId);
            this.progress.complete(streamId, batchId);
        } else {
            record();
        }
    }

    private recordFailure(streamId: string, index: number, message: string): void {
        let failures = this.failures.get(streamId);
        if (failures == null) {
            failures = new Map();
            this.failures.set(streamId, failures);
            if (this.failures.size > 10_000) this.failures.delete(this.failures.keys().next().value ?? "");
        }
        failures.set(index, message);
    }

    /** Forgets handled ids older than `doneTtlSeconds`; by then no copy of them can still arrive. */
    private async forgetOldDone(): Promise<void> {
        const {keys, group} = this.options;
        await this.connection.zremrangebyscore(keys.done(group), "-inf", Date.now() - this.options.doneTtlSeconds * 1000);
    }

    /** Sets one event (or a whole unusable entry) aside with its reason; tracked, so the entry's acknowledgement waits for it. */
    private deadLetter(streamId: string, index: number | null, raw: string, reason: string): void {
        const {keys, group, consumer} = this.options;
        const position = index == null ? [] : ["index", String(index)];
        this.progress.track(this.connection.xadd(keys.dead, "MAXLEN", "~", this.options.deadMaxLen, "*",
            "reason", reason, "raw", raw, "sourceId", streamId, ...position, "group", group, "consumer", consumer));
        this.options.onStatus({state: "deadLettered", group, streamId, reason});
    }
}

function lastDeliveredId(groups: unknown, name: string): string | null {
    if (!Array.isArray(groups)) return null;
    for (const group of groups) {
        if (!Array.isArray(group)) continue;
        let groupName: unknown;
        let delivered: unknown;
        for (let index = 0; index + 1 < group.length; index += 2) {
            if (group[index] === "name") groupName = group[index + 1];
            if (group[index] === "last-delivered-id") delivered = group[index + 1];
        }
        if (groupName === name && typeof delivered === "string") return delivered;
    }
    return null;
}
