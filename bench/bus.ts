// Bus throughput: events/s through the in-process bus and through Redis Streams, against redis-benchmark's
// XADD on the same server in the same run (same payload size per event). Run alone with `npx tsx bench/bus.ts`.
// The goal (issue 8): RedisBus published→handled (one publisher, one consumer group, a counting handler)
// at half of redis-benchmark's XADD rate or better.
import {spawnSync} from "node:child_process";
import {pathToFileURL} from "node:url";
import {Redis} from "ioredis";
import {codec} from "../src/image/index.js";
import {makeEvent} from "../src/objects/index.js";
import type {LivingEvent} from "../src/objects/index.js";
import {InMemoryBus, RedisBus} from "../src/runtime/bus/index.js";
import type {RedisBusOptions} from "../src/runtime/bus/index.js";
import {startRedisServer} from "../test/bus/helpers/redisServer.js";

const sample = (n: number): LivingEvent =>
    makeEvent({type: "chatCompleted", persona: "ROBIN", interactionId: `interaction-${n}`, tokens: n % 512, ms: 12.5});

function rate(events: number, ms: number): number {
    return events / (ms / 1000);
}

function fmt(perSecond: number): string {
    return `${Math.round(perSecond).toLocaleString("en-US")} events/s`;
}

async function until(check: () => boolean, timeoutMs = 120_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!check()) {
        if (Date.now() > deadline) throw new Error("bench: timed out waiting for handlers");
        await new Promise((resolve) => setImmediate(resolve));
    }
}

/**
 * Publishes in bursts of 1 000 with a turn of the event loop between them, as a live image publishes while it
 * does other work: the bus sends one burst while the next is encoded, instead of encoding 100 000 events before
 * sending any. Not awaited between bursts: `publish` stays fire-and-forget.
 */
async function publishInBursts(bus: {publish(event: LivingEvent): void}, events: LivingEvent[]): Promise<void> {
    for (let index = 0; index < events.length; index++) {
        bus.publish(events[index] as LivingEvent);
        if (index % 1_000 === 999) await new Promise((resolve) => setImmediate(resolve));
    }
}

async function memoryBus(count: number): Promise<number> {
    const bus = new InMemoryBus();
    let handled = 0;
    bus.subscribe({type: "chatCompleted"}, () => {
        handled++;
    });
    const events = Array.from({length: count}, (_, n) => sample(n));
    const start = performance.now();
    for (const event of events) bus.publish(event);
    await bus.flush();
    const ms = performance.now() - start;
    if (handled !== count) throw new Error(`memory bus handled ${handled} of ${count}`);
    await bus.dispose();
    return rate(count, ms);
}

/** The redis-benchmark arguments for XADD: 50 connections by default (as the issue asks), or `clients` of them; 16 commands pipelined per connection. */
function xaddArgs(port: number, payload: string, count: number, clients: number): string[] {
    return ["-p", String(port), "-c", String(clients), "-n", String(count), "-P", "16", "-q", "XADD", "bench:baseline", "*", "e", payload];
}

/** How a command line is shown: the payload (one event, encoded) abbreviated to its size. */
function shownCommand(args: string[], payload: string): string {
    return ["redis-benchmark", ...args.map((arg) => arg === payload ? `<${payload.length}-byte event>` : arg)].join(" ");
}

/** redis-benchmark's XADD rate. */
function redisBenchmarkXadd(port: number, payload: string, count: number, clients = 50): number {
    const result = spawnSync("redis-benchmark", xaddArgs(port, payload, count, clients), {encoding: "utf8"});
    if (result.error != null) throw new Error(`redis-benchmark failed to start (${result.error.message}): apt-get install -y redis-tools`);
    const match = /([\d.]+) requests per second/.exec(result.stdout);
    if (match?.[1] == null) throw new Error(`redis-benchmark printed no rate:\n${result.stdout}\n${result.stderr}`);
    return Number(match[1]);
}

/** Events on a stream: an entry holds a batch (field `n` says how many) or, in the older form, one event. */
async function eventsOnStream(admin: Redis, stream: string): Promise<{events: number, entries: number}> {
    const entries = await admin.xrange(stream, "-", "+");
    let events = 0;
    for (const [, fields] of entries) {
        const at = fields.indexOf("n");
        events += at >= 0 && at % 2 === 0 ? Number(fields[at + 1]) : 1;
    }
    return {events, entries: entries.length};
}

/** Entries per published batch in the last publish-only run, to show what batching did. */
let lastEntries = 0;

async function redisPublish(url: string, admin: Redis, count: number): Promise<number> {
    const bus = new RedisBus(url, {namespace: "bench-publish", maxLen: 0, bufferLimit: count});
    const events = Array.from({length: count}, (_, n) => sample(n));
    const start = performance.now();
    await publishInBursts(bus, events);
    await bus.flush();
    const ms = performance.now() - start;
    await bus.dispose();
    const onStream = await eventsOnStream(admin, bus.keys.stream);
    if (onStream.events !== count) throw new Error(`bench: ${onStream.events} of ${count} events reached the stream`);
    lastEntries = onStream.entries;
    return rate(count, ms);
}

/** Published → handled: one publishing bus, one consuming bus (a consumer group, or a broadcast subscription), a counting handler. */
async function redisHandled(url: string, count: number, group: string | undefined): Promise<number> {
    const namespace = `bench-${group ?? "broadcast"}`;
    const options: RedisBusOptions = {namespace, maxLen: 0, bufferLimit: count};
    const publisher = new RedisBus(url, options);
    const consumer = new RedisBus(url, options);
    let handled = 0;
    await consumer.subscribe({type: "chatCompleted"}, () => {
        handled++;
    }, group == null ? {} : {group}).ready;
    const events = Array.from({length: count}, (_, n) => sample(n));
    const start = performance.now();
    await publishInBursts(publisher, events);
    await until(() => handled >= count);
    const ms = performance.now() - start;
    await Promise.all([publisher.dispose(), consumer.dispose()]);
    return rate(count, ms);
}

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/**
 * Prints events/s for each path and its ratio to redis-benchmark's XADD on the same server. The machine is
 * shared, so every measurement is taken in each of `rounds` interleaved rounds and the medians are compared.
 */
export async function benchBus(rounds = 3): Promise<void> {
    const server = await startRedisServer();
    const admin = new Redis(server.url);
    try {
        const payload = codec.stringify(sample(1));
        // Warm-up (JIT, connections) of every path measured.
        await redisPublish(server.url, admin, 20_000);
        await redisHandled(server.url, 20_000, "bench-group");
        await redisHandled(server.url, 20_000, undefined);
        await admin.flushall();
        const baselineArgs = xaddArgs(server.port, payload, 200_000, 50);
        const results = {memory: [] as number[], baseline: [] as number[], oneClient: [] as number[], published: [] as number[], group: [] as number[], broadcast: [] as number[]};
        for (let round = 0; round < rounds; round++) {
            results.memory.push(await memoryBus(200_000));
            results.baseline.push(redisBenchmarkXadd(server.port, payload, 200_000));
            // Like for like with the bus's single publishing connection.
            results.oneClient.push(redisBenchmarkXadd(server.port, payload, 100_000, 1));
            await admin.flushall();
            results.published.push(await redisPublish(server.url, admin, 100_000));
            await admin.flushall();
            results.group.push(await redisHandled(server.url, 200_000, "bench-group"));
            await admin.flushall();
            results.broadcast.push(await redisHandled(server.url, 200_000, undefined));
            await admin.flushall();
            const ratio = (results.group.at(-1) ?? 0) / (results.baseline.at(-1) ?? 1);
            console.log(`  round ${round + 1}: baseline XADD ${fmt(results.baseline.at(-1) ?? 0)}, RedisBus publish ${fmt(results.published.at(-1) ?? 0)} ` +
                `(${lastEntries} entries), published→handled (group) ${fmt(results.group.at(-1) ?? 0)}: ratio ${ratio.toFixed(2)}`);
        }
        const baseline = median(results.baseline);
        const line = (label: string, values: number[], withRatio = true) =>
            `  ${label.padEnd(46)} ${fmt(median(values)).padStart(20)}` + (withRatio ? `  ratio ${(median(values) / baseline).toFixed(2)}` : "");
        console.log(`bus bench: medians of ${rounds} rounds, ${payload.length}-byte event (what the baseline XADDs per command), redis-server ${server.url}`);
        console.log(`  baseline: ${shownCommand(baselineArgs, payload)}`);
        console.log("    (50 client connections, 16 commands pipelined on each; one event per XADD)");
        console.log(line("in-process bus, published→handled", results.memory, false));
        console.log(line("redis-benchmark XADD -c 50 -P 16 (baseline)", results.baseline, false));
        console.log(line("redis-benchmark XADD -c 1 -P 16", results.oneClient));
        console.log(line("RedisBus publish only (until flushed)", results.published));
        console.log(line("RedisBus published→handled, consumer group", results.group) + "  <- the goal");
        console.log(line("RedisBus published→handled, broadcast", results.broadcast));
        const ratio = median(results.group) / baseline;
        console.log(`  goal: published→handled (consumer group) >= 0.5 x baseline: ratio ${ratio.toFixed(2)}, ${ratio >= 0.5 ? "met" : "NOT met"}` +
            ` (per round: ${results.group.map((value, index) => (value / (results.baseline[index] ?? 1)).toFixed(2)).join(", ")})`);
    } finally {
        admin.disconnect();
        await server.dispose();
    }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchBus();
