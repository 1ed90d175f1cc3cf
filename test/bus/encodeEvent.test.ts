import {describe, expect, it} from "vitest";
import {codec} from "../../src/image/index.js";
import {makeEvent} from "../../src/objects/index.js";
import type {LivingEvent} from "../../src/objects/index.js";
import {packBatch} from "../../src/bus/redis/packBatch.js";
import {unpackEntry} from "../../src/bus/redis/unpackEntry.js";
import {decodeBatchItem} from "../../src/bus/redis/decodeBatchItem.js";
import {encodeEvent} from "../../src/bus/redis/encodeEvent.js";
import type {EncodedEvent} from "../../src/bus/redis/encodeEvent.js";
import type {Validation} from "../../src/bus/index.js";
import {isPlainJson} from "../../src/bus/redis/isPlainJson.js";
import {sampleEvents} from "./helpers/sampleEvents.js";

const user = (payload: unknown): LivingEvent => makeEvent({type: "user", persona: null, name: "payload", payload});

/** Through a batch entry and back, as a consumer reads it. */
function roundTrip(...encoded: EncodedEvent[]): Validation[] {
    const fields = packBatch("batch", encoded);
    expect(fields[fields.indexOf("b") + 1]).not.toContain("\n");
    const entry = unpackEntry(fields);
    expect(entry.problem).toBeNull();
    expect(entry.size).toBe(encoded.length);
    return Array.from({length: entry.size}, (_, index) => entry.decode(index));
}

const kindOf = (encoded: EncodedEvent) => typeof encoded === "string" ? encoded.slice(0, 1) : "flat";

/** Every value the image codec carries that plain JSON would drop or change. */
const codecOnly: [string, unknown][] = [
    ["undefined", undefined], ["NaN", Number.NaN], ["Infinity", Number.POSITIVE_INFINITY], ["-Infinity", Number.NEGATIVE_INFINITY],
    ["-0", -0], ["BigInt", 10n], ["Date", new Date(0)], ["invalid Date", new Date(Number.NaN)], ["RegExp", /a+b/gi],
    ["Map", new Map<unknown, unknown>([["a", 1], [2, new Set([3n])]])], ["Set", new Set(["x", 1])],
    ["URL", new URL("https://example.com/a?b=c")],
    ["nested Date", {when: new Date(5), list: [1, 2]}], ["undefined in an array", [1, undefined, 3]],
    ["object without a prototype", Object.assign(Object.create(null) as object, {a: 1})],
    ["deep Map", {a: [{b: {c: new Map([["d", 1]])}}]}]
];

/** Values the codec itself does not give back exactly (an Error gains a `name`, a hole becomes undefined): they must still not take the plain path. */
const sparse: unknown[] = [1];
sparse[2] = 3;
const codecLossy: [string, unknown][] = [["Error", new Error("boom")], ["sparse array", sparse]];

/** Values plain JSON carries exactly. */
const plain: [string, unknown][] = [
    ["string", "line one\nline two \u2028 \"quoted\" \\ 🦀"], ["integer", 42], ["float", 12.5], ["tiny", 5e-324], ["huge", 1.7976931348623157e308],
    ["negative", -3], ["zero", 0], ["true", true], ["false", false], ["null", null], ["empty object", {}], ["empty array", []],
    ["nested", {a: [1, "two", {three: [null, false]}], "key with \"quotes\"": {"": 0}}]
];

describe("encodeEvent / batchBody / decodeBatchItem", () => {
    it("keeps every sample event on the plain path and reads it back equal (Dates included)", () => {
        const events = sampleEvents();
        const encoded = events.map(encodeEvent);
        // Flat copies, except those with a nested array or object (dissonance's args, the user payload, a verdict's axes,
        // an evolution request's evidence), written at once.
        const nested = new Set(["dissonance", "user", "verdict", "evolutionRequested"]);
        expect(encoded.map(kindOf)).toEqual(events.map((e) => nested.has(e.type) ? "{" : "flat"));
        const decoded = roundTrip(...encoded);
        expect(decoded).toEqual(events.map((event) => ({ok: true, event})));
        for (const result of decoded) expect(result.ok && result.event.at).toBeInstanceOf(Date);
    });

    it.each(plain)("keeps a %s payload on the plain path, unchanged", (_, payload) => {
        const event = user(payload);
        const encoded = encodeEvent(event);
        expect(kindOf(encoded)).toBe(typeof payload === "object" && payload !== null ? "{" : "flat");
        expect(roundTrip(encoded)).toEqual([{ok: true, event}]);
    });

    it.each(codecOnly)("sends a %s payload through the image codec, and gets it back", (_, payload) => {
        const event = user(payload);
        const encoded = encodeEvent(event);
        expect(encoded).toBe(`s${codec.stringify(event)}`);
        const [decoded] = roundTrip(encoded);
        expect(decoded?.ok).toBe(true);
        // toStrictEqual: undefined fields, holes and prototypes count.
        expect(decoded?.ok && decoded.event).toStrictEqual(codec.parse(codec.stringify(event)));
        expect(decoded?.ok && decoded.event).toEqual(event);
    });

    it.each(codecLossy)("sends a %s payload through the image codec, and gets back what the codec gives", (_, payload) => {
        const event = user(payload);
        const encoded = encodeEvent(event);
        expect(encoded).toBe(`s${codec.stringify(event)}`);
        const [decoded] = roundTrip(encoded);
        expect(decoded?.ok && decoded.event).toStrictEqual(codec.parse(codec.stringify(event)));
    });

    it("reads a batch mixing every form back in order", () => {
        const events = [
            makeEvent({type: "transcript", persona: "ROBIN", text: "flat 1"}),
            user({nested: [1, {two: 2}]}),
            user(new Map([["m", 1n]])),
            makeEvent({type: "chatCompleted", persona: "ROBIN", interactionId: "i", tokens: 3, ms: 4.5}),
            makeEvent({type: "transcript", persona: null, text: "flat 2"}),
            user(new Set([new Date(9)]))
        ];
        const encoded = events.map(encodeEvent);
        expect(encoded.map(kindOf)).toEqual(["flat", "{", "s", "flat", "flat", "s"]);
        expect(roundTrip(...encoded)).toEqual(events.map((event) => ({ok: true, event})));
        expect(roundTrip(encoded[1] as EncodedEvent)).toEqual([{ok: true, event: events[1]}]);
        expect(roundTrip(encoded[2] as EncodedEvent)).toEqual([{ok: true, event: events[2]}]);
    });

    it("sends what the event held when it was published, whatever changes in it afterwards", () => {
        const flat = makeEvent({type: "transcript", persona: "ROBIN", text: "as published"});
        const nested = user({list: ["as published"]});
        const encoded = [encodeEvent(flat), encodeEvent(nested)];
        const [flatCopy, nestedCopy] = [structuredClone(flat), structuredClone(nested)];
        flat.text = "changed";
        flat.at.setTime(0);
        ((nested as {payload: {list: string[]}}).payload.list)[0] = "changed";
        expect(roundTrip(...encoded)).toEqual([{ok: true, event: flatCopy}, {ok: true, event: nestedCopy}]);
    });

    it("sends events with odd base fields through the codec too", () => {
        const odd: LivingEvent[] = [
            makeEvent({type: "forgeProgress", persona: null, step: 1, total: 2, loss: Number.NaN, tokensPerSecond: -0}),
            {...makeEvent({type: "transcript", persona: null, text: "x"}), extra: undefined} as LivingEvent
        ];
        for (const event of odd) {
            const encoded = encodeEvent(event);
            expect(kindOf(encoded)).toBe("s");
            const [decoded] = roundTrip(encoded);
            expect(decoded?.ok && decoded.event).toStrictEqual(event);
        }
    });

    it("never takes an own __proto__ field for a prototype: such an event goes to the codec, which refuses it", () => {
        const event = JSON.parse(JSON.stringify({...makeEvent({type: "user", persona: null, name: "p", payload: 1}), at: 0}).replace("{", "{\"__proto__\":{\"polluted\":1},")) as Record<string, unknown>;
        event.at = new Date(7);
        expect(Object.hasOwn(event, "__proto__")).toBe(true);
        // RedisBus.publish reports this as an unencodable event and sends nothing.
        expect(() => encodeEvent(event as LivingEvent)).toThrow(/__proto__/);
        expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    });

    it("says what is wrong with an element it cannot use, and never throws", () => {
        expect(decodeBatchItem(42)).toEqual({ok: false, reason: "not an object: 42"});
        expect(decodeBatchItem(null)).toEqual({ok: false, reason: "not an object: null"});
        expect(decodeBatchItem([1])).toEqual({ok: false, reason: "not an object: [1]"});
        expect(decodeBatchItem("{")).toMatchObject({ok: false, reason: expect.stringMatching(/^undecodable: /)});
        const [event] = sampleEvents();
        const item = {...event, at: event?.at.getTime()};
        expect(decodeBatchItem({...item, at: "yesterday"})).toEqual({ok: false, reason: "field 'at' must be a valid Date, got \"yesterday\""});
    });
});

describe("isPlainJson", () => {
    it.each(plain)("accepts %s", (_, value) => {
        expect(isPlainJson(value)).toBe(true);
        expect(JSON.parse(JSON.stringify(value))).toStrictEqual(value);
    });

    it.each([...codecOnly, ...codecLossy])("refuses %s", (_, value) => {
        expect(isPlainJson(value)).toBe(false);
    });

    it("refuses a cycle instead of overflowing the stack", () => {
        const cyclic: Record<string, unknown> = {};
        cyclic.self = cyclic;
        expect(isPlainJson(cyclic)).toBe(false);
    });
});
