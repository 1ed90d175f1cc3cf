import {spawn} from "node:child_process";
import {existsSync, mkdtempSync, readFileSync, rmSync} from "node:fs";
import {tmpdir} from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {makeEvent} from "../../src/objects/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import {startRedisServer} from "./helpers/redisServer.js";
import type {RedisServer} from "./helpers/redisServer.js";
import {tsxNodeArgs} from "./helpers/tsxNode.js";
import {waitFor} from "../helpers/waitFor.js";
import {waitUntilSettled} from "./helpers/groupState.js";

const fixture = path.join(path.dirname(fileURLToPath(import.meta.url)), "fixtures", "slowConsumer.ts");
let server: RedisServer;
let dir: string;
beforeAll(async () => {
    server = await startRedisServer();
    dir = mkdtempSync(path.join(tmpdir(), "li-bus-crash-"));
});
afterAll(async () => {
    await server?.dispose();
    if (dir != null) rmSync(dir, {recursive: true, force: true});
});

/**
 * Two consumers of group "workers" that race to take over a dead consumer's pending entries. Each event handled
 * is recorded in `handled` and counted in `fx:<id>`, so that an effect taken twice shows.
 */
async function startSurvivors(namespace: string, redis: Redis, handled: string[]): Promise<AsyncDisposable> {
    const buses = ["survivor-1", "survivor-2"].map((consumer) => new RedisBus(server.url, {namespace, consumer, minIdleMs: 300, claimIntervalMs: 50}));
    for (const bus of buses) {
        await bus.subscribe(undefined, async (event) => {
            handled.push(event.id);
            await redis.incr(`fx:${event.id}`);
        }, {group: "workers"}).ready;
    }
    return {[Symbol.asyncDispose]: async () => {
        await Promise.all(buses.map((bus) => bus.dispose()));
    }};
}

describe("a consumer killed in the middle of a handler", () => {
    it("has its entries taken over by another consumer and handled exactly once in effect", async () => {
        const log = path.join(dir, "child.log");
        const child = spawn(process.execPath, tsxNodeArgs(fixture, server.url, "crash", "workers", "doomed", log), {stdio: ["ignore", "inherit", "inherit"]});
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const redis = new Redis(server.url);
        try {
            const lines = () => existsSync(log) ? readFileSync(log, "utf8").split("\n").filter((l) => l !== "") : [];
            await waitFor("the child consumer to join the group", () => lines().includes("ready"), 30_000);

            await using publisher = new RedisBus(server.url, {namespace: "crash"});
            const events = [1, 2, 3].map((n) => makeEvent({type: "transcript", persona: "ROBIN", text: `job ${n}`}));
            for (const event of events) publisher.publish(event);
            await publisher.flush();

            await waitFor("the child to start a handler", () => lines().some((l) => l.startsWith("start ")));
            child.kill("SIGKILL");
            await exited;
            const started = lines().filter((l) => l.startsWith("start ")).map((l) => l.slice(6));
            expect(started).toEqual([events[0]?.id]);
            // The dead consumer still owns the entry it read (one batch of three): nothing was acknowledged.
            const summary = await redis.xpending("li:crash:events", "workers") as unknown[];
            expect(summary[0]).toBe(1);
            expect(summary[3]).toEqual([["doomed", "1"]]);

            // Two survivors race to take the entries over; each entry must take effect once.
            const handled: string[] = [];
            await using _survivors = await startSurvivors("crash", redis, handled);
            await waitFor("the survivors to handle the three jobs", () => handled.length >= 3);
            // Nothing pending: no second takeover can happen now.
            await waitUntilSettled(server.url, "li:crash:events", "workers");
            expect([...handled].sort()).toEqual(events.map((e) => e.id).sort());
            for (const event of events) expect(await redis.get(`fx:${event.id}`)).toBe("1");
            expect(((await redis.xpending("li:crash:events", "workers")) as unknown[])[0]).toBe(0);
        } finally {
            if (child.exitCode == null && child.signalCode == null) child.kill("SIGKILL");
            redis.disconnect();
        }
    });

    it("in the middle of a batch: after the takeover, every event of it has taken effect exactly once", async () => {
        const log = path.join(dir, "batch.log");
        const child = spawn(process.execPath, tsxNodeArgs(fixture, server.url, "crash-batch", "workers", "doomed", log), {stdio: ["ignore", "inherit", "inherit"]});
        const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
        const redis = new Redis(server.url);
        try {
            const lines = () => existsSync(log) ? readFileSync(log, "utf8").split("\n").filter((l) => l !== "") : [];
            await waitFor("the child consumer to join the group", () => lines().includes("ready"), 30_000);

            await using publisher = new RedisBus(server.url, {namespace: "crash-batch"});
            const texts = ["quick 1", "quick 2", "slow 3", "quick 4", "slow 5"];
            const events = texts.map((text) => makeEvent({type: "transcript", persona: "ROBIN", text}));
            for (const event of events) publisher.publish(event);
            await publisher.flush();
            // One entry holds the five: the consumer dies inside it.
            const entries = await redis.xrange("li:crash-batch:events", "-", "+");
            expect(entries).toHaveLength(1);
            const fields = entries[0]?.[1] ?? [];
            expect(fields[fields.indexOf("n") + 1]).toBe("5");
            // In the b2 form, as one run of five rows: the positions the group records are the rows'.
            expect(fields[fields.indexOf("f") + 1]).toBe("b2");
            expect((JSON.parse(fields[fields.indexOf("b") + 1] ?? "") as unknown[][]).map((run) => run.length - 1)).toEqual([5]);

            const [quick1, quick2, slow3] = events;
            await waitFor("the child to start the first slow handler", () => lines().includes(`start ${slow3?.id}`));
            // A handler about to wait has the positions settled before it recorded; the kill comes after they
            // landed (killed before, the quick ones would be redone: at-least-once, not this test's case).
            const batchId = fields[fields.indexOf("id") + 1];
            await waitFor("the child's marks for the two quick events", async () =>
                (await redis.zmscore("li:crash-batch:done:workers", `${batchId}#0`, `${batchId}#1`)).every((score) => score != null));
            child.kill("SIGKILL");
            await exited;
            expect(lines().filter((l) => l.startsWith("done "))).toEqual([`done ${quick1?.id}`, `done ${quick2?.id}`]);
            expect(((await redis.xpending("li:crash-batch:events", "workers")) as unknown[])[0]).toBe(1);

            const handled: string[] = [];
            await using _survivors = await startSurvivors("crash-batch", redis, handled);
            await waitFor("the survivors to handle the rest of the batch", () => handled.length >= 3);
            await waitUntilSettled(server.url, "li:crash-batch:events", "workers");
            // Only what the dead consumer had not done: the slow one it died in, and what came after.
            expect([...handled].sort()).toEqual(events.slice(2).map((e) => e.id).sort());
            for (const event of events) expect(await redis.get(`fx:${event.id}`)).toBe("1");
            expect(((await redis.xpending("li:crash-batch:events", "workers")) as unknown[])[0]).toBe(0);
        } finally {
            if (child.exitCode == null && child.signalCode == null) child.kill("SIGKILL");
            redis.disconnect();
        }
    });
});
