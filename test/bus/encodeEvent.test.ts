import {describe, expect, it} from "vitest";
import {codec} from "../../src/image/index.js";
import {makeEvent} from "../../src/objects/index.js";
import type {LivingEvent} from "../../src/objects/index.js";
import {decodeEvent} from "../../src/runtime/bus/index.js";
import {encodeEvent} from "../../src/runtime/bus/encodeEvent.js";
import {sampleEvents} from "./helpers/sampleEvents.js";

describe("encodeEvent", () => {
    it("writes exactly what the image codec writes, for every event type", () => {
        for (const event of sampleEvents()) {
            expect(encodeEvent(event)).toBe(codec.stringify(event));
            expect(decodeEvent(encodeEvent(event))).toEqual({ok: true, event});
        }
    });

    it("leaves values JSON cannot carry to the codec, with the same result", () => {
        const tricky: LivingEvent[] = [
            makeEvent({type: "forgeProgress", persona: null, step: 1, total: 2, loss: Number.NaN, tokensPerSecond: -0}),
            makeEvent({type: "forgeProgress", persona: null, step: 1, total: 2, loss: Number.POSITIVE_INFINITY, tokensPerSecond: null}),
            makeEvent({type: "user", persona: null, name: "map", payload: new Map([["a", new Set([1n])]])}),
            makeEvent({type: "user", persona: null, name: "nested", payload: {when: new Date(0), list: [1, undefined]}}),
            {...makeEvent({type: "transcript", persona: null, text: "x"}), extra: undefined} as LivingEvent
        ];
        for (const event of tricky) {
            expect(encodeEvent(event)).toBe(codec.stringify(event));
            expect(codec.parse(encodeEvent(event))).toEqual(event);
        }
    });
});
