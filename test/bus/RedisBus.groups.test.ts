import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {makeEvent} from "../../src/objects/index.js";
import type {LivingEvent} from "../../src/objects/index.js";
import {createBus} from "../../src/bus/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import type {BusStatus} from "../../src/bus/index.js";
import {startRedisServer} from "./helpers/redisServer.js";
import type {RedisServer} from "./helpers/redisServer.js";
import {waitFor} from "../helpers/waitFor.js";
import {lastDeliveredId, waitUntilSettled} from "./helpers/groupState.js";

let server: RedisServer;
beforeAll(async () => {
    server = await startRedisServer();
});
afterAll(async () => {
    await server?.dispose();
});

function transcript(text: string, persona: string | null = null): LivingEvent {
    return makeEvent({type: "transcript", persona, text});
}

describe("RedisBus against a real redis-server", () => {
    it("round-trips an event through the stream with the image codec (Dates survive)", async () => {
        await using bus = new RedisBus(server.url, {namespace: "roundtrip"});
        const seen: LivingEvent[] = [];
        await bus.subscribe(undefined, (event) => {
            seen.push(event);
        }).ready;
        const event = makeEvent({type: "imageSaved", persona: null, path: "/tmp/w.image.json", bytes: 12, ms: 3});
        bus.publish(event);
        await bus.flush();
        expect(seen).toEqual([event]);
        expect(seen[0]?.at).toBeInstanceOf(Date);
    });

    it("delivers every event to every consumer group", async () => {
        await using bus = new RedisBus(server.url, {namespace: "two-groups"});
        const robin: string[] = [];
        const alfred: string[] = [];
        await Promise.all([
            bus.subscribe(undefined, (e) => {
                robin.push(e.id);
            }, {group: "persona:ROBIN"}).ready,
            bus.subscribe(undefined, (e) => {
                alfred.push(e.id);
            }, {group: "persona:ALFRED"}).ready
        ]);
        const published = Array.from({length: 200}, (_, i) => transcript(`line ${i}`));
        for (const event of published) bus.publish(event);
        await bus.flush();
        const ids = published.map((e) => e.id);
        expect(robin).toEqual(ids);
        expect(alfred).toEqual(ids);
    });

    it("splits one group's events between its consumers, each handled once", async () => {
        // Small batches: consumers share entries, and an entry holds a batch.
        await using publisher = new RedisBus(server.url, {namespace: "split", maxBatch: 5});
        await using first = new RedisBus(server.url, {namespace: "split", consumer: "first", batch: 5});
        await using second = new RedisBus(server.url, {namespace: "split", consumer: "second", batch: 5});
        const byFirst: string[] = [];
        const bySecond: string[] = [];
        // Slow handlers, so that while one consumer works the other takes the next entries.
        const slow = (into: string[]) => async (event: LivingEvent) => {
            into.push(event.id);
            await new Promise((resolve) => setTimeout(resolve, 2));
        };
        await first.subscribe(undefined, slow(byFirst), {group: "workers"}).ready;
        await second.subscribe(undefined, slow(bySecond), {group: "workers"}).ready;
        const published = Array.from({length: 300}, (_, i) => transcript(`job ${i}`));
        for (const event of published) publisher.publish(event);
        await publisher.flush();
        await waitFor("all 300 jobs handled", () => byFirst.length + bySecond.length >= 300);
        await waitUntilSettled(server.url, publisher.keys.stream, "workers");
        expect(byFirst.length).toBeGreaterThan(0);
        expect(bySecond.length).toBeGreaterThan(0);
        expect([...byFirst, ...bySecond].sort()).toEqual(published.map((e) => e.id).sort());
    });

    it("filters by type and persona on a group and on a broadcast subscription", async () => {
        await using bus = new RedisBus(server.url, {namespace: "filters"});
        const robinTranscripts: string[] = [];
        const slotChanges: string[] = [];
        await bus.subscribe({type: "transcript", persona: "ROBIN"}, (e) => {
            robinTranscripts.push(e.id);
        }, {group: "g"}).ready;
        await bus.subscribe({type: ["slotChanged"]}, (e) => {
            slotChanges.push(e.id);
        }).ready;
        const a = transcript("hello", "ROBIN");
        const b = transcript("hello", "BRICK");
        const c = makeEvent({type: "slotChanged", persona: "BRICK", slot: "scrapbook"});
        for (const event of [a, b, c]) bus.publish(event);
        await bus.flush();
        expect(robinTranscripts).toEqual([a.id]);
        expect(slotChanges).toEqual([c.id]);
    });

    it("handles an event appended twice (same id) only once per group", async () => {
        await using bus = new RedisBus(server.url, {namespace: "dupes"});
        const handled: string[] = [];
        await bus.subscribe(undefined, (e) => {
            handled.push(e.id);
        }, {group: "g"}).ready;
        const event = transcript("once");
        bus.publish(event);
        bus.publish(event);
        await bus.flush();
        bus.publish(event);
        await bus.flush();
        expect(handled).toEqual([event.id]);
    });

    it("keeps a slow handler's entries from being taken over while it works", async () => {
        // Generous margins for a loaded machine: touched every ~330 ms against 1 000 ms of allowed idleness.
        const options = {namespace: "slow", minIdleMs: 1_000, claimIntervalMs: 50, batch: 4};
        await using slowBus = new RedisBus(server.url, {...options, consumer: "slow"});
        await using idleBus = new RedisBus(server.url, {...options, consumer: "idle"});
        const handled: string[] = [];
        let slowStarted = 0;
        await slowBus.subscribe(undefined, async (e) => {
            slowStarted++;
            // Each handler outlasts the idle time, as a chat with a model may; the batch as a whole, four times over.
            await new Promise((resolve) => setTimeout(resolve, 1_300));
            handled.push(`slow ${e.id}`);
        }, {group: "g"}).ready;
        const events = [1, 2, 3].map((n) => transcript(`slow ${n}`));
        // Published through the other bus, whose flush does not wait for the slow consumer.
        for (const event of events) idleBus.publish(event);
        await idleBus.flush();
        await waitFor("the slow consumer to read the batch", () => slowStarted > 0);
        // Only now does the other consumer join: everything is already pending with the slow one.
        await idleBus.subscribe(undefined, (e) => {
            handled.push(`idle ${e.id}`);
        }, {group: "g"}).ready;
        await waitFor("all three handled", () => handled.length >= 3);
        await waitUntilSettled(server.url, slowBus.keys.stream, "g");
        expect(handled).toEqual(events.map((e) => `slow ${e.id}`));
    });

    it("retries a failing handler and dead-letters the entry after maxDeliveries", async () => {
        const statuses: BusStatus[] = [];
        const errors: unknown[] = [];
        await using bus = new RedisBus(server.url, {
            namespace: "poison", minIdleMs: 50, claimIntervalMs: 20, maxDeliveries: 3,
            onStatus: (s) => statuses.push(s), onHandlerError: (e) => errors.push(e)
        });
        let attempts = 0;
        const good: string[] = [];
        await bus.subscribe(undefined, (e) => {
            if (e.type === "transcript" && e.text === "poison") {
                attempts++;
                throw new Error("handler refuses poison");
            }
            good.push(e.id);
        }, {group: "g"}).ready;
        const poison = transcript("poison");
        const fine = transcript("fine");
        bus.publish(poison);
        bus.publish(fine);
        await waitFor("the poison event dead-lettered", async () => (await bus.deadLetters()).length === 1);
        expect(attempts).toBe(3);
        expect(good).toEqual([fine.id]);
        const [letter] = await bus.deadLetters();
        expect(letter?.reason).toMatch(/delivery limit: delivered 4 times \(at most 3\); last error: handler refuses poison/);
        expect(letter?.group).toBe("g");
        expect(statuses.some((s) => s.state === "deadLettered")).toBe(true);
        expect(errors).toHaveLength(3);
    });

    it("gives every bus the same order: broadcast subscribers of two buses see one sequence", async () => {
        await using a = new RedisBus(server.url, {namespace: "order"});
        await using b = new RedisBus(server.url, {namespace: "order"});
        const seenByA: string[] = [];
        const seenByB: string[] = [];
        await a.subscribe(undefined, (e) => {
            seenByA.push(e.id);
        }).ready;
        await b.subscribe(undefined, (e) => {
            seenByB.push(e.id);
        }).ready;
        const published: string[] = [];
        for (let n = 0; n < 100; n++) {
            const event = transcript(`interleaved ${n}`);
            published.push(event.id);
            // Two publishers, interleaved: the stream, not either publisher, decides the order.
            (n % 2 === 0 ? a : b).publish(event);
            if (n % 10 === 0) await new Promise((resolve) => setImmediate(resolve));
        }
        await Promise.all([a.flush(), b.flush()]);
        await waitFor("both buses to see all 100", () => seenByA.length === 100 && seenByB.length === 100);
        expect(seenByA).toEqual(seenByB);
        expect([...seenByA].sort()).toEqual([...published].sort());
    });

    it("unsubscribing stops delivery and forgets a consumer that has nothing pending", async () => {
        await using bus = new RedisBus(server.url, {namespace: "unsub", consumer: "leaving"});
        const handled: string[] = [];
        const unsubscribe = bus.subscribe(undefined, (e) => {
            handled.push(e.id);
        }, {group: "g"});
        await unsubscribe.ready;
        const first = transcript("before");
        bus.publish(first);
        await bus.flush();
        unsubscribe();
        await waitFor("the consumer to leave the group", async () => {
            const client = new Redis(server.url);
            try {
                return (await client.xinfo("CONSUMERS", bus.keys.stream, "g") as unknown[]).length === 0;
            } finally {
                client.disconnect();
            }
        });
        const delivered = await lastDeliveredId(server.url, bus.keys.stream, "g");
        bus.publish(transcript("after"));
        await bus.flush();
        // The group has no consumer left, and nothing past `first` was handed out: "after" cannot be handled.
        expect(await lastDeliveredId(server.url, bus.keys.stream, "g")).toBe(delivered);
        expect(handled).toEqual([first.id]);
    });

    it("never shows a password from the URL in what it reports", async () => {
        const bus = new RedisBus(`redis://:hunter2@127.0.0.1:${server.port}`, {namespace: "secret"});
        try {
            expect(bus.url).toBe(`redis://:***@127.0.0.1:${server.port}`);
        } finally {
            await bus.dispose();
        }
    });

    it("createBus picks Redis for redis:// and the namespace from the URL", async () => {
        const bus = await createBus(`${server.url}?namespace=from-url`);
        try {
            expect(bus.kind).toBe("redis");
            expect((bus as RedisBus).keys.stream).toBe("li:from-url:events");
        } finally {
            await bus.dispose();
        }
    });
});
