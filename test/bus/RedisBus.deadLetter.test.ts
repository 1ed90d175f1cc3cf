import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {codec} from "../../src/image/index.js";
import {makeEvent} from "../../src/objects/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import type {BusStatus} from "../../src/bus/index.js";
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

describe("a stream key the bus cannot use", () => {
    it("fails the subscription with the server's reason and says so", async () => {
        const statuses: BusStatus[] = [];
        const raw = new Redis(server.url);
        try {
            await raw.set("li:wrongtype:events", "a string, not a stream");
        } finally {
            raw.disconnect();
        }
        await using bus = new RedisBus(server.url, {namespace: "wrongtype", onStatus: (s) => statuses.push(s)});
        const subscription = bus.subscribe(undefined, () => {}, {group: "g"});
        await expect(subscription.ready).rejects.toThrow(/WRONGTYPE/);
        await waitFor("the subscribeFailed status", () => statuses.some((s) => s.state === "subscribeFailed"));
        expect(statuses.find((s) => s.state === "subscribeFailed")).toMatchObject({group: "g", error: expect.stringMatching(/WRONGTYPE/)});
    });
});

describe("malformed events on the stream", () => {
    it("are dead-lettered with their reason and never stop the consumer", async () => {
        const statuses: BusStatus[] = [];
        await using bus = new RedisBus(server.url, {namespace: "garbage", onStatus: (s) => statuses.push(s)});
        const handled: string[] = [];
        await bus.subscribe(undefined, (e) => {
            handled.push(e.id);
        }, {group: "g"}).ready;
        const broadcast: string[] = [];
        await bus.subscribe(undefined, (e) => {
            broadcast.push(e.id);
        }).ready;

        const valid = makeEvent({type: "transcript", persona: "ROBIN", text: "still here"});
        const raw = new Redis(server.url);
        try {
            const stream = bus.keys.stream;
            await raw.xadd(stream, "*", "x", "no e field");
            await raw.xadd(stream, "*", "e", "not json {");
            await raw.xadd(stream, "*", "e", codec.stringify({...valid, id: "v2", v: 2}));
            await raw.xadd(stream, "*", "e", codec.stringify({...valid, id: "bogus", type: "bogus"}));
            await raw.xadd(stream, "*", "e", codec.stringify({...valid, id: "notext", text: 42}));
            await raw.xadd(stream, "*", "e", JSON.stringify({json: {...valid, at: "yesterday"}}));
            bus.publish(valid);
            await bus.flush();
        } finally {
            raw.disconnect();
        }
        await waitFor("six dead letters", async () => (await bus.deadLetters()).length === 6);
        expect(handled).toEqual([valid.id]);
        expect(broadcast).toEqual([valid.id]);

        const letters = (await bus.deadLetters()).reverse();
        expect(letters.map((l) => l.reason)).toEqual([
            "missing field 'e' (the encoded event)",
            expect.stringMatching(/^undecodable: /),
            "unsupported version v=2, expected v=1",
            "unknown type \"bogus\"",
            "transcript: field 'text' must be string, got 42",
            "field 'at' must be a valid Date, got \"yesterday\""
        ]);
        expect(letters[0]?.raw).toBe(JSON.stringify(["x", "no e field"]));
        expect(letters[1]?.raw).toBe("not json {");
        expect(letters.every((l) => l.group === "g" && l.sourceId !== "")).toBe(true);
        // Acknowledged: nothing is left pending for the group.
        const probe = new Redis(server.url);
        try {
            expect(((await probe.xpending(bus.keys.stream, "g")) as unknown[])[0]).toBe(0);
        } finally {
            probe.disconnect();
        }
        expect(statuses.filter((s) => s.state === "deadLettered")).toHaveLength(6);
        expect(statuses.filter((s) => s.state === "invalidEvent")).toHaveLength(6);
    });
});
