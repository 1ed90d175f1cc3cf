import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {makeEvent} from "../../src/objects/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import type {BusStatus} from "../../src/bus/index.js";
import {unpackEntry} from "../../src/bus/redis/unpackEntry.js";
import {startRedisServer} from "./helpers/redisServer.js";
import type {RedisServer} from "./helpers/redisServer.js";
import {waitFor} from "../helpers/waitFor.js";

let server: RedisServer;
beforeAll(async () => {
    server = await startRedisServer();
});
afterAll(async () => {
    await server?.dispose();
});

const transcript = (text: string) => makeEvent({type: "transcript", persona: null, text});

describe("publishing while Redis cannot be reached", () => {
    it("buffers in order, says so, and delivers once Redis is up", async () => {
        await server.stop();
        const statuses: BusStatus[] = [];
        await using bus = new RedisBus(server.url, {namespace: "offline", retryMinMs: 20, retryMaxMs: 100, onStatus: (s) => statuses.push(s)});
        const seen: string[] = [];
        // Subscribed before Redis is up: its starting point is queued ahead of the events.
        const subscription = bus.subscribe(undefined, (e) => {
            seen.push(e.type === "transcript" ? e.text : e.type);
        });
        const texts = Array.from({length: 50}, (_, i) => `offline ${i}`);
        expect(() => texts.forEach((text) => bus.publish(transcript(text)))).not.toThrow();
        await waitFor("the bus to say it is buffering", () => statuses.some((s) => s.state === "buffering"));
        const buffering = statuses.find((s) => s.state === "buffering");
        expect(buffering).toMatchObject({buffered: 51, error: expect.stringMatching(/not connected to Redis/)});
        expect(seen).toEqual([]);

        await expect(bus.waitConnected(200)).rejects.toThrow(/Cannot reach Redis at redis:\/\/127\.0\.0\.1:\d+ after 200 ms .*Start it/);
        await server.start();
        await bus.waitConnected();
        await subscription.ready;
        await bus.flush();
        expect(seen).toEqual(texts);
        expect(statuses.at(-1)).toEqual({state: "drained", resent: 51});
    });

    it("drops the oldest events beyond bufferLimit and reports how many", async () => {
        await server.stop();
        const statuses: BusStatus[] = [];
        await using bus = new RedisBus(server.url, {namespace: "bounded", bufferLimit: 10, retryMinMs: 20, retryMaxMs: 100, onStatus: (s) => statuses.push(s)});
        const texts = Array.from({length: 25}, (_, i) => `e${i}`);
        for (const text of texts) bus.publish(transcript(text));
        expect(statuses.filter((s) => s.state === "dropped")).toEqual([{state: "dropped", dropped: 1, limit: 10}]);
        await server.start();
        const seen: string[] = [];
        await bus.flush();
        const entries = await (async () => {
            const client = new Redis(server.url);
            try {
                return await client.xrange(bus.keys.stream, "-", "+");
            } finally {
                client.disconnect();
            }
        })();
        // Sent as batches: each entry holds the events that had queued, each at its own position.
        for (const [, fields] of entries) {
            const entry = unpackEntry(fields);
            for (let index = 0; index < entry.size; index++) seen.push(entry.rawAt(index));
        }
        // The newest ten survive, in order.
        expect(seen.map((payload) => /"text":"(e\d+)"/.exec(payload)?.[1])).toEqual(texts.slice(15));
    });
});
