import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {codec} from "../../src/image/index.js";
import {makeEvent} from "../../src/objects/index.js";
import type {LivingEvent} from "../../src/objects/index.js";
import {formatEvent, tailBus} from "../../src/bus/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import type {BusStatus} from "../../src/bus/index.js";
import {encodeEvent} from "../../src/bus/redis/encodeEvent.js";
import {packBatch} from "../../src/bus/redis/packBatch.js";
import {startRedisServer} from "./helpers/redisServer.js";
import type {RedisServer} from "./helpers/redisServer.js";
import {waitFor} from "../helpers/waitFor.js";
import {collectByGroupAndTail} from "./helpers/collectEvents.js";

let server: RedisServer;
let raw: Redis;
beforeAll(async () => {
    server = await startRedisServer();
    raw = new Redis(server.url);
});
afterAll(async () => {
    raw?.disconnect();
    await server?.dispose();
});

const transcript = (text: string): LivingEvent => makeEvent({type: "transcript", persona: "ROBIN", text});
/** An event as an element of a batch body of the first form (`b1`, an element per event), the way the publisher wrote it. */
const item = (event: LivingEvent): unknown => {
    const encoded = encodeEvent(event);
    if (typeof encoded !== "string") return Object.fromEntries(encoded.keys.map((key, index) => [key, encoded.values[index]]));
    return encoded.startsWith("s") ? encoded.slice(1) : JSON.parse(encoded);
};
/** A `b1` batch entry's fields around any elements, well-formed or not. */
const rawBatch = (id: string, items: unknown[]) => ["f", "b1", "id", id, "n", String(items.length), "b", JSON.stringify(items)];
const texts = (events: LivingEvent[]) => events.map((e) => e.type === "transcript" ? e.text : e.type);

async function pending(bus: RedisBus, group: string): Promise<number> {
    return Number(((await raw.xpending(bus.keys.stream, group)) as unknown[])[0]);
}

describe("a batch entry", () => {
    it("holds the events published together, in order, as one entry", async () => {
        await using bus = new RedisBus(server.url, {namespace: "together"});
        const seen: LivingEvent[] = [];
        await bus.subscribe(undefined, (e) => {
            seen.push(e);
        }, {group: "g"}).ready;
        const events = Array.from({length: 50}, (_, i) => transcript(`e${i}`));
        for (const event of events) bus.publish(event);
        await bus.flush();
        expect(seen).toEqual(events);
        const entries = await raw.xrange(bus.keys.stream, "-", "+");
        expect(entries).toHaveLength(1);
        const fields = entries[0]?.[1] ?? [];
        expect(fields.filter((_, i) => i % 2 === 0)).toEqual(["f", "id", "n", "b"]);
        expect(fields[fields.indexOf("n") + 1]).toBe("50");
    });

    it("with malformed events among good ones: each bad one is dead-lettered alone, with its reason; the rest are handled", async () => {
        const statuses: BusStatus[] = [];
        await using bus = new RedisBus(server.url, {namespace: "mixed-batch", onStatus: (s) => statuses.push(s)});
        const {byGroup, byTail} = await collectByGroupAndTail(bus);
        const good = [transcript("first"), makeEvent({type: "user", persona: null, name: "map", payload: new Map([["k", new Set([1n])]])}), transcript("last")];
        const items = [
            item(good[0] as LivingEvent),
            item({...transcript("bogus"), type: "bogus"} as unknown as LivingEvent),
            item(good[1] as LivingEvent),
            42,
            item({...transcript("x"), text: 42} as unknown as LivingEvent),
            "{not the codec's text",
            item(good[2] as LivingEvent)
        ];
        expect(typeof items[2]).toBe("string");
        const sourceId = await raw.xadd(bus.keys.stream, "*", ...rawBatch("batch-with-garbage", items));
        bus.publish(transcript("after"));
        await bus.flush();

        expect(texts(byGroup)).toEqual(["first", "user", "last", "after"]);
        expect(byGroup.slice(0, 3)).toEqual(good);
        expect(texts(byTail)).toEqual(["first", "user", "last", "after"]);
        const letters = (await bus.deadLetters()).reverse();
        expect(letters.map((l) => [l.index, l.reason])).toEqual([
            [1, "unknown type \"bogus\""],
            [3, "not an object: 42"],
            [4, "transcript: field 'text' must be string, got 42"],
            [5, expect.stringMatching(/^undecodable: /)]
        ]);
        // Each as it was in the batch.
        expect(letters.map((l) => l.raw)).toEqual([JSON.stringify(items[1]), "42", JSON.stringify(items[4]), items[5]]);
        expect(letters.every((l) => l.sourceId === sourceId && l.group === "g")).toBe(true);
        expect(await pending(bus, "g")).toBe(0);
        expect(statuses.filter((s) => s.state === "invalidEvent").map((s) => s.state === "invalidEvent" && s.streamId)).toEqual([sourceId, sourceId, sourceId, sourceId]);
    });

    it("that cannot be used as a whole is dead-lettered whole, and the loop goes on", async () => {
        await using bus = new RedisBus(server.url, {namespace: "bad-batches"});
        const seen: string[] = [];
        await bus.subscribe(undefined, (e) => {
            seen.push(e.id);
        }, {group: "g"}).ready;
        const body = JSON.stringify([item(transcript("lost"))]);
        await raw.xadd(bus.keys.stream, "*", "f", "b9", "id", "x", "n", "1", "b", body);
        await raw.xadd(bus.keys.stream, "*", "f", "b1", "id", "y", "n", "3", "b", body);
        await raw.xadd(bus.keys.stream, "*", "f", "b1", "n", "1", "b", body);
        await raw.xadd(bus.keys.stream, "*", "f", "b1", "id", "z", "n", "1", "b", body.slice(0, -2));
        await raw.xadd(bus.keys.stream, "*", "f", "b1", "id", "w", "n", "1", "b", "{\"not\":\"an array\"}");
        const after = transcript("after");
        bus.publish(after);
        await bus.flush();
        expect(seen).toEqual([after.id]);
        const letters = (await bus.deadLetters()).reverse();
        expect(letters.map((l) => [l.index, l.reason])).toEqual([
            [null, "unsupported batch format f=\"b9\", expected f=\"b2\" (or the older f=\"b1\")"],
            [null, "batch says n=\"3\" but holds 1 events"],
            [null, "batch entry without its 'b' (events) or 'id' field"],
            [null, expect.stringMatching(/^undecodable batch: /)],
            [null, "batch body is not a JSON array"]
        ]);
        expect(letters[0]?.raw).toBe(body);
        expect(await pending(bus, "g")).toBe(0);
    });

    it("appended twice (a publisher resending a batch whose reply it lost) is handled once by the group, even by another consumer", async () => {
        const events = [transcript("one"), transcript("two")];
        const fields = packBatch("resent-batch", events.map(encodeEvent));
        const handled: string[] = [];
        {
            await using first = new RedisBus(server.url, {namespace: "resent", consumer: "first"});
            await first.subscribe(undefined, (e) => {
                handled.push(`first ${e.type === "transcript" ? e.text : ""}`);
            }, {group: "g"}).ready;
            await raw.xadd(first.keys.stream, "*", ...fields);
            await waitFor("the first consumer to handle the batch", () => handled.length === 2);
            await first.flush();
        }
        // A new process, with nothing in memory: only the group's record can tell it the batch is done.
        await using second = new RedisBus(server.url, {namespace: "resent", consumer: "second"});
        await second.subscribe(undefined, (e) => {
            handled.push(`second ${e.type === "transcript" ? e.text : ""}`);
        }, {group: "g"}).ready;
        await raw.xadd(second.keys.stream, "*", ...fields);
        const later = transcript("later");
        second.publish(later);
        await second.flush();
        expect(handled).toEqual(["first one", "first two", "second later"]);
        expect(await pending(second, "g")).toBe(0);
    });

    it("whose handler fails for one event: the others are handled once, the failed one again until it succeeds", async () => {
        const errors: unknown[] = [];
        await using bus = new RedisBus(server.url, {namespace: "retry-one", minIdleMs: 100, claimIntervalMs: 20, onHandlerError: (e) => errors.push(e)});
        const calls: string[] = [];
        let failuresLeft = 2;
        await bus.subscribe(undefined, (e) => {
            const text = e.type === "transcript" ? e.text : "";
            calls.push(text);
            if (text === "flaky" && failuresLeft-- > 0) throw new Error("not yet");
        }, {group: "g"}).ready;
        for (const text of ["before", "flaky", "after"]) bus.publish(transcript(text));
        await waitFor("the flaky event to succeed", () => calls.filter((c) => c === "flaky").length === 3);
        await waitFor("the entry to be acknowledged", async () => await pending(bus, "g") === 0);
        expect(calls).toEqual(["before", "flaky", "after", "flaky", "flaky"]);
        expect(errors).toHaveLength(2);
        expect(await bus.deadLetters()).toEqual([]);
    });
});

describe("bus tail", () => {
    it("shows the events of a batch one by one, one line each", async () => {
        await using bus = new RedisBus(server.url, {namespace: "tail-batch"});
        const lines: string[] = [];
        const stop = tailBus(bus, {persona: "ROBIN"}, (line) => lines.push(line));
        // The subscription's starting point is fixed in publishing order: flushed, it is in place.
        await bus.flush();
        const events = [transcript("one"), makeEvent({type: "transcript", persona: "BRICK", text: "not shown"}), transcript("two\nlines"), transcript("three")];
        for (const event of events) bus.publish(event);
        await bus.flush();
        stop();
        expect(await raw.xlen(bus.keys.stream)).toBe(1);
        expect(lines).toEqual([events[0], events[2], events[3]].map((e) => formatEvent(e as LivingEvent)));
        expect(lines[1]).toMatch(/ROBIN transcript two\\nlines$/);
    });
});

describe("a stream holding both entry forms", () => {
    it("delivers one-event entries (field e, written before batches) and batches alike, in stream order", async () => {
        await using bus = new RedisBus(server.url, {namespace: "mixed-forms"});
        const {byGroup, byTail} = await collectByGroupAndTail(bus);
        const old1 = transcript("old 1");
        const batch = [transcript("new 1"), transcript("new 2")];
        const old2 = makeEvent({type: "imageSaved", persona: null, path: "w.image.json", bytes: 3, ms: 1});
        const newest = transcript("new 3");
        await raw.xadd(bus.keys.stream, "*", "e", codec.stringify(old1));
        for (const event of batch) bus.publish(event);
        await bus.flush();
        await raw.xadd(bus.keys.stream, "*", "e", codec.stringify(old2));
        bus.publish(newest);
        await bus.flush();
        const expected = [old1, ...batch, old2, newest];
        expect(byGroup).toEqual(expected);
        expect(byTail).toEqual(expected);
        expect(byGroup[3]?.at).toBeInstanceOf(Date);
        expect(await pending(bus, "g")).toBe(0);
    });
});
