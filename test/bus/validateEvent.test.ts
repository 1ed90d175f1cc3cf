import {describe, expect, it} from "vitest";
import {codec} from "../../src/image/index.js";
import {decodeEvent, livingEventTypes, validateEvent} from "../../src/bus/index.js";
import {sampleEvents} from "./helpers/sampleEvents.js";

describe("decodeEvent / validateEvent", () => {
    it("accepts one valid event of every type after a codec round trip", () => {
        const samples = sampleEvents();
        expect(samples.map((e) => e.type).sort()).toEqual([...livingEventTypes].sort());
        for (const event of samples) expect(decodeEvent(codec.stringify(event))).toEqual({ok: true, event});
    });

    it("names the field that is wrong", () => {
        const [event] = sampleEvents().filter((e) => e.type === "dissonance");
        expect(validateEvent({...event, args: ["a", 1]})).toEqual({ok: false, reason: "dissonance: field 'args' must be string[], got [\"a\",1]"});
        expect(validateEvent({...event, resolution: "maybe"})).toEqual({ok: false, reason: "dissonance: field 'resolution' must be one of \"method\", \"handler\", \"unresolved\", got \"maybe\""});
        expect(validateEvent({...event, handler: undefined})).toEqual({ok: false, reason: "dissonance: field 'handler' must be string|null, got nothing"});
    });

    it("rejects the base fields, versions and shapes it cannot trust", () => {
        const [event] = sampleEvents();
        expect(validateEvent(null)).toEqual({ok: false, reason: "not an object: null"});
        expect(validateEvent([event])).toMatchObject({ok: false, reason: expect.stringMatching(/^not an object/)});
        expect(validateEvent({...event, v: "1"})).toEqual({ok: false, reason: "unsupported version v=\"1\", expected v=1"});
        expect(validateEvent({...event, type: "__proto__"})).toEqual({ok: false, reason: "unknown type \"__proto__\""});
        expect(validateEvent({...event, id: ""})).toEqual({ok: false, reason: "field 'id' must be a non-empty string, got \"\""});
        expect(validateEvent({...event, at: new Date(Number.NaN)})).toMatchObject({ok: false, reason: expect.stringMatching(/^field 'at' must be a valid Date/)});
        expect(validateEvent({...event, persona: 7})).toEqual({ok: false, reason: "field 'persona' must be a string or null, got 7"});
        expect(validateEvent({...event, persona: 10n})).toEqual({ok: false, reason: "field 'persona' must be a string or null, got bigint"});
    });

    it("never throws on undecodable input", () => {
        expect(decodeEvent(undefined)).toEqual({ok: false, reason: "missing field 'e' (the encoded event)"});
        expect(decodeEvent("{")).toMatchObject({ok: false, reason: expect.stringMatching(/^undecodable: /)});
        expect(decodeEvent("{\"json\":42}")).toEqual({ok: false, reason: "not an object: 42"});
        // Plain JSON that is not in the codec's {json, meta} form decodes to nothing.
        expect(decodeEvent("42")).toEqual({ok: false, reason: "not an object: nothing"});
    });
});
