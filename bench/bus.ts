// Bus throughput: events/s through the in-process bus and through Redis Streams, against redis-benchmark's
// XADD on the same server in the same run (same payload size). Run alone with `npx tsx bench/bus.ts`.
import {spawnSync} from "node:child_process";
import {pathToFileURL} from "node:url";
import {Redis} from "ioredis";
import {codec} from "../src/image/index.js";
import {makeEvent} from "../src/objects/index.js";
import type {LivingEvent} from "../src/objects/index.js";
import {InMemoryBus, RedisBus} from "../src/runtime/bus/index.js";
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

/** redis-benchmark's XADD rate: 50 connections by default (as the issue asks), or `clients` of them. */
function redisBenchmarkXadd(port: number, payload: string, count: number, clients = 50): number {
    const result = spawnSync("redis-benchmark", ["-p", String(port), "-c", String(clients), "-n", String(count), "-P", "16", "-q",
        "XADD", "bench:baseline", "*", "e", payload], {encoding: "utf8"});
    if (result.error != null) throw new Error(`redis-benchmark failed to start (${result.error.message}): apt-get install -y redis-tools`);
    const match = /([\d.]+) requests per second/.exec(result.stdout);
    if (match?.[1] == null) throw new Error(`redis-benchmark printed no rate:\n${result.stdout}\n${result.stderr}`);
    return Number(match[1]);
}

async function redisPublish(url: string, admin: Redis, count: number): Promise<number> {
    const bus = new RedisBus(url, {namespace: "bench-publish", maxLen: 0, bufferLimit: count});
    const events = Array.from({length: count}, (_, n) => sample(n));
    const start = performance.now();
    await publishInBursts(bus, events);
    await bus.flush();
    const ms = performance.now() - start;
    await bus.dispose();
    const length = await admin.xlen(bus.keys.stream);
    if (length < count) throw new Error(`bench: only ${length} of ${count} events reached the stream`);
    return rate(count, ms);
}

async function redisHandled(url: string, count: number, group: string | undefined): Promise<number> {
    const namespace = `bench-${group ?? "broadcast"}`;
    const publisher = new RedisBus(url, {namespace, maxLen: 0, bufferLimit: count});
    const consumer = new RedisBus(url, {namespace, maxLen: 0, batch: 512});
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
        await redisPublish(server.url, admin, 5_000); // warm-up: script load, JIT
        const results = {memory: [] as number[], baseline: [] as number[], oneClient: [] as number[], published: [] as number[], group: [] as number[], broadcast: [] as number[]};
        for (let round = 0; round < rounds; round++) {
            results.memory.push(await memoryBus(200_000));
            results.baseline.push(redisBenchmarkXadd(server.port, payload, 200_000));
            // Like for like with the bus's single publishing connection.
            results.oneClient.push(redisBenchmarkXadd(server.port, payload, 100_000, 1));
            await admin.flushall();
            results.published.push(await redisPublish(server.url, admin, 100_000));
            await admin.flushall();
            results.group.push(await redisHandled(server.url, 50_000, "bench-group"));
            await admin.flushall();
            results.broadcast.push(await redisHandled(server.url, 50_000, undefined));
            await admin.flushall();
            const ratio = (results.published.at(-1) ?? 0) / (results.baseline.at(-1) ?? 1);
            console.log(`  round ${round + 1}: baseline ${fmt(results.baseline.at(-1) ?? 0)}, publish ${fmt(results.published.at(-1) ?? 0)} (ratio ${ratio.toFixed(2)})`);
        }
        const baseline = median(results.baseline);
        const line = (label: string, values: number[], withRatio = true) =>
            `  ${label.padEnd(44)} ${fmt(median(values)).padStart(20)}` + (withRatio ? `  ratio ${(median(values) / baseline).toFixed(2)}` : "");
        console.log(`bus bench: medians of ${rounds} rounds, payload ${payload.length} bytes, redis-server ${server.url}`);
        console.log(line("in-process bus, published→handled", results.memory, false));
        console.log(line("redis-benchmark XADD -P 16 (baseline)", results.baseline, false));
        console.log(line("redis-benchmark XADD -P 16 -c 1", results.oneClient));
        console.log(line("RedisBus publish (XADD, until flushed)", results.published) + " (goal >= 0.5)");
        console.log(line("RedisBus published→handled, consumer group", results.group));
        console.log(line("RedisBus published→handled, broadcast", results.broadcast));
    } finally {
        admin.disconnect();
        await server.dispose();
    }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchBus();
