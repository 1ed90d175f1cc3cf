import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {makeEvent} from "../../src/objects/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import type {BusStatus} from "../../src/bus/index.js";
import {startRedisServer} from "./helpers/redisServer.js";
import type {RedisServer} from "./helpers/redisServer.js";
import {waitFor} from "../helpers/waitFor.js";

let server: RedisServer;
beforeAll(async () => {
    server = await startRedisServer({durable: true});
});
afterAll(async () => {
    await server?.dispose();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("Redis stopped and started while publishers keep publishing", () => {
    it("delivers every published event, counted end to end", async () => {
        const publisherStatus: BusStatus[] = [];
        const fast = {namespace: "restart", retryMinMs: 20, retryMaxMs: 200, blockMs: 200};
        await using consumer = new RedisBus(server.url, {...fast, consumer: "counter"});
        await using publisher = new RedisBus(server.url, {...fast, onStatus: (s) => publisherStatus.push(s)});
        const byGroup: string[] = [];
        const byTail: string[] = [];
        await consumer.subscribe(undefined, (e) => {
            byGroup.push(e.id);
        }, {group: "counter"}).ready;
        await consumer.subscribe(undefined, (e) => {
            byTail.push(e.id);
        }).ready;

        // Publishing runs until both outages are over, and 100 events beyond.
        const published: string[] = [];
        let outagesOver = false;
        const publishing = (async () => {
            for (let after = 0; after < 100; after += outagesOver ? 1 : 0) {
                const n = published.length;
                const event = makeEvent({type: "forgeProgress", persona: "BRICK", step: n, total: n, loss: null, tokensPerSecond: null});
                published.push(event.id);
                publisher.publish(event);
                await sleep(2);
            }
        })();
        // Twice: kill the server mid-stream (SIGKILL: no clean shutdown), leave it down, start it on the same data.
        for (const downMs of [400, 150]) {
            const before = published.length;
            await waitFor("the publisher to get 50 events further", () => published.length >= before + 50);
            await server.stop("SIGKILL");
            await sleep(downMs);
            await server.start();
        }
        outagesOver = true;
        await publishing;
        await publisher.flush();
        const total = published.length;
        await waitFor("every event to reach the group consumer", () => new Set(byGroup).size >= total, 30_000);
        await waitFor("every event to reach the broadcast subscriber", () => new Set(byTail).size >= total, 30_000);

        const expected = [...published].sort();
        expect([...new Set(byGroup)].sort()).toEqual(expected);
        expect([...new Set(byTail)].sort()).toEqual(expected);
        // Idempotent handling by id: a batch re-sent after a lost reply is not handled twice.
        console.log(`restart test: ${total} published, group handled ${byGroup.length}, tail handled ${byTail.length}`);
        expect(byGroup.length).toBe(total);
        expect(byTail.length).toBe(total);
        // The publisher said that it was buffering, and that it got through again.
        expect(publisherStatus.filter((s) => s.state === "drained").length).toBeGreaterThanOrEqual(2);
        expect(publisherStatus.at(-1)?.state).toMatch(/drained|connected/);
    });
});
