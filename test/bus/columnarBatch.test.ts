import {Redis} from "ioredis";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {codec} from "../../src/image/index.js";
import {makeEvent} from "../../src/objects/index.js";
import type {LivingEvent} from "../../src/objects/index.js";
import {RedisBus} from "../../src/bus/redis/index.js";
import type {BusStatus} from "../../src/bus/index.js";
import {encodeEvent} from "../../src/bus/redis/encodeEvent.js";
import {FlatRow} from "../../src/bus/redis/FlatRow.js";
import {packBatch} from "../../src/bus/redis/packBatch.js";
import {unpackEntry} from "../../src/bus/redis/unpackEntry.js";
import {startRedisServer} from "./helpers/redisServer.js";
import type {RedisServer} from "./helpers/redisServer.js";
import {sampleEvents} from "./helpers/sampleEvents.js";
import {collectByGroupAndTail} from "./helpers/collectEvents.js";

const transcript = (text: string, persona: string | null = "ROBIN"): LivingEvent => makeEvent({type: "transcript", persona, text});
const user = (payload: unknown): LivingEvent => makeEvent({type: "user", persona: null, name: "p", payload});
/** A flat event as the JSON object it stands for (`at` in milliseconds). */
const asJson = (event: LivingEvent): Record<string, unknown> => ({...event, at: event.at.getTime()});
/** The values of a flat event in its key order, as a run row holds them. */
const rowOf = (event: LivingEvent): unknown[] => Object.values(asJson(event));
const keysOf = (event: LivingEvent): string[] => Object.keys(event);
const b2 = (id: string, n: number, elements: unknown[]) => ["f", "b2", "id", id, "n", String(n), "b", JSON.stringify(elements)];
const decodeAll = (fields: string[]) => {
    const entry = unpackEntry(fields);
    return Array.from({length: entry.size}, (_, index) => entry.decode(index));
};

describe("a b2 batch body: runs of flat events", () => {
    it("writes a run of flat events with the same keys as the key list once and a row of values each", () => {
        const events = [transcript("one"), transcript("two", null), transcript("three")];
        const encoded = events.map(encodeEvent);
        // The same key list, shared: a run is told by identity.
        expect(encoded.every((e) => e instanceof FlatRow && e.keys === (encoded[0] as FlatRow).keys)).toBe(true);
        const fields = packBatch("batch", encoded);
        expect(fields.slice(0, 2)).toEqual(["f", "b2"]);
        const body = JSON.parse(fields[fields.indexOf("b") + 1] ?? "") as unknown;
        expect(body).toEqual([[keysOf(events[0] as LivingEvent), ...events.map(rowOf)]]);
        expect(decodeAll(fields)).toEqual(events.map((event) => ({ok: true, event})));
    });

    it("round-trips every value a row can hold, with the event's keys in their order", () => {
        const payloads: unknown[] = ["line one\nline two \u2028 \"quoted\" \\ 🦀", "", 42, 12.5, 5e-324, 1.7976931348623157e308, -3, 0,
            Number.MAX_SAFE_INTEGER, true, false, null];
        const events = [
            ...payloads.map(user),
            makeEvent({type: "forgeProgress", persona: "ROBIN", step: 0, total: 10, loss: null, tokensPerSecond: 0.1}),
            makeEvent({type: "forgeFinished", persona: null, ok: false, artifact: null, message: ""}),
            makeEvent({type: "adapterSwapped", persona: "ROBIN", from: null, to: null}),
            {...transcript("extra fields ride along"), extra: "kept", count: 7} as unknown as LivingEvent
        ];
        const encoded = events.map(encodeEvent);
        expect(encoded.every((e) => e instanceof FlatRow)).toBe(true);
        const decoded = decodeAll(packBatch("batch", encoded));
        // toStrictEqual: nothing lost, nothing added, `at` a Date again.
        decoded.forEach((result, index) => {
            expect(result.ok && result.event).toStrictEqual(events[index]);
            expect(result.ok && Object.keys(result.event)).toEqual(Object.keys(events[index] as LivingEvent));
        });
    });

    it("keeps the positions of a batch mixing runs, nested JSON and codec text", () => {
        const events = [
            transcript("run 1a"), transcript("run 1b"),
            user({nested: [1, {two: 2}]}),
            makeEvent({type: "chatCompleted", persona: "ROBIN", interactionId: "i", tokens: 3, ms: 4.5}),
            transcript("run 3"),
            user(new Map([["m", 1n]])),
            ...sampleEvents()
        ];
        const fields = packBatch("batch", events.map(encodeEvent));
        const body = JSON.parse(fields[fields.indexOf("b") + 1] ?? "") as unknown[];
        // Runs break where the keys change; nested and codec events are an element each.
        expect(body.length).toBeGreaterThan(6);
        expect(body.slice(0, 6).map((element) => Array.isArray(element) ? `run of ${element.length - 1}` : typeof element))
            .toEqual(["run of 2", "object", "run of 1", "run of 1", "string", expect.stringMatching(/^run of /)]);
        expect(fields[fields.indexOf("n") + 1]).toBe(String(events.length));
        expect(decodeAll(fields)).toEqual(events.map((event) => ({ok: true, event})));
    });

    it("sends what a flat event held when it was published: the row is a snapshot", () => {
        const event = transcript("as published");
        const copy = structuredClone(event);
        const encoded = encodeEvent(event);
        (event as {text: string}).text = "changed";
        event.at.setTime(0);
        expect(decodeAll(packBatch("batch", [encoded]))).toEqual([{ok: true, event: copy}]);
    });

    it("says what is wrong with each bad row, alone, by its position, and never throws", () => {
        const [good1, good2, good3] = [transcript("good 1"), transcript("good 2"), transcript("good 3")];
        const keys = keysOf(good1 as LivingEvent);
        const short = rowOf(good2 as LivingEvent).slice(1);
        const wrongType = rowOf(transcript("x")).map((value) => value === "x" ? 42 : value);
        const wrongAt = rowOf(transcript("y")).map((value, index) => keys[index] === "at" ? "yesterday" : value);
        const run = [keys, rowOf(good1 as LivingEvent), short, "not a row", wrongType, wrongAt, rowOf(good2 as LivingEvent)];
        const fields = b2("bad-rows", 8, [run, "{not the codec's text", codec.stringify(good3)]);
        const entry = unpackEntry(fields);
        expect(entry.problem).toBeNull();
        const results = Array.from({length: entry.size}, (_, index) => entry.decode(index));
        expect(results.map((r) => r.ok ? r.event.id : r.reason)).toEqual([
            good1?.id,
            `run row holds ${short.length} values for ${keys.length} keys`,
            "run row is not an array of values: \"not a row\"",
            "transcript: field 'text' must be string, got 42",
            "field 'at' must be a valid Date, got \"yesterday\"",
            good2?.id,
            expect.stringMatching(/^undecodable: /),
            good3?.id
        ]);
        expect(entry.decode(7)).toEqual({ok: true, event: good3});
        // A dead letter's raw text: the event a row stands for, or the row as it is when it cannot be one.
        expect(JSON.parse(entry.rawAt(3))).toEqual({...asJson(transcript("x")), id: expect.any(String), at: expect.any(Number), text: 42});
        expect(JSON.parse(entry.rawAt(1))).toEqual({keys, row: short});
        expect(entry.rawAt(6)).toBe("{not the codec's text");
    });

    it("refuses a run whose key list is unusable for each of its rows, and only those", () => {
        const good = transcript("fine");
        const row = rowOf(transcript("lost"));
        const notStrings = [[1, 2], row];
        const proto = [["__proto__", ...keysOf(good).slice(1)], row];
        const fields = b2("bad-keys", 4, [notStrings, [keysOf(good), rowOf(good)], proto, ["no key list", row]]);
        const before = ({} as Record<string, unknown>).polluted;
        expect(decodeAll(fields).map((r) => r.ok ? r.event : r.reason)).toEqual([
            "run key list holds a non-string field name 1",
            good,
            "run key list names the field '__proto__'",
            "run without its key list (the run's first element must be an array of field names)"
        ]);
        expect(({} as Record<string, unknown>).polluted).toBe(before);
        // A lone run (the usual batch) is checked the same way.
        expect(decodeAll(b2("lone", 1, [proto]))).toEqual([{ok: false, reason: "run key list names the field '__proto__'"}]);
    });

    it("refuses a batch whose count does not match its events, as a whole", () => {
        const event = transcript("counted");
        expect(unpackEntry(b2("miscounted", 2, [[keysOf(event), rowOf(event)]])).problem).toBe("batch says n=\"2\" but holds 1 events");
        expect(unpackEntry(b2("miscounted", 1, [[keysOf(event), rowOf(event)], "x"])).problem).toBe("batch says n=\"1\" but holds 2 events");
    });
});

describe("a b2 batch on a real redis-server", () => {
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

    it("has each bad row dead-lettered alone, with its index; the rest of the batch is handled, in order", async () => {
        const statuses: BusStatus[] = [];
        await using bus = new RedisBus(server.url, {namespace: "b2-bad-rows", onStatus: (s) => statuses.push(s)});
        const {byGroup, byTail} = await collectByGroupAndTail(bus);
        const good = [transcript("first"), transcript("second"), user({nested: ["plain"]}), user(new Set([1n])), transcript("last")];
        const keys = keysOf(good[0] as LivingEvent);
        const badText = rowOf(transcript("bad")).map((value) => value === "bad" ? false : value);
        const elements = [
            [keys, rowOf(good[0] as LivingEvent), badText, rowOf(good[1] as LivingEvent), [1]],
            asJson(good[2] as LivingEvent),
            codec.stringify(good[3]),
            [keys, rowOf(good[4] as LivingEvent)]
        ];
        const sourceId = await raw.xadd(bus.keys.stream, "*", ...b2("with-bad-rows", 7, elements));
        const after = transcript("after");
        bus.publish(after);
        await bus.flush();
        expect(byGroup).toEqual([...good, after]);
        expect(byTail).toEqual([...good, after]);
        const letters = (await bus.deadLetters()).reverse();
        expect(letters.map((l) => [l.index, l.reason])).toEqual([
            [1, "transcript: field 'text' must be string, got false"],
            [3, `run row holds 1 values for ${keys.length} keys`]
        ]);
        expect(JSON.parse(letters[0]?.raw ?? "")).toMatchObject({type: "transcript", text: false});
        expect(letters.every((l) => l.sourceId === sourceId && l.group === "g")).toBe(true);
        expect(Number(((await raw.xpending(bus.keys.stream, "g")) as unknown[])[0])).toBe(0);
        expect(statuses.filter((s) => s.state === "invalidEvent")).toHaveLength(2);
    });

    it("publishes a mix of forms as one entry whose events arrive equal and in order", async () => {
        await using bus = new RedisBus(server.url, {namespace: "b2-mixed"});
        const seen: LivingEvent[] = [];
        await bus.subscribe(undefined, (e) => {
            seen.push(e);
        }, {group: "g"}).ready;
        const events = [...sampleEvents(), user(new Map([["k", 1]])), transcript("a"), transcript("b"), user([1, 2])];
        for (const event of events) bus.publish(event);
        await bus.flush();
        expect(seen).toEqual(events);
        const entries = await raw.xrange(bus.keys.stream, "-", "+");
        expect(entries).toHaveLength(1);
        const fields = entries[0]?.[1] ?? [];
        expect(fields[fields.indexOf("f") + 1]).toBe("b2");
    });
});
