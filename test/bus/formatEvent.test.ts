import {describe, expect, it} from "vitest";
import {makeEvent} from "../../src/objects/index.js";
import {InMemoryBus, describeBusStatus, formatEvent, tailBus} from "../../src/bus/index.js";
import type {BusStatus} from "../../src/bus/index.js";
import {sampleEvents} from "./helpers/sampleEvents.js";

const at = new Date("2026-11-24T10:11:12.345Z");

describe("formatEvent", () => {
    it("gives one line per event: UTC time, persona (or *), type, details", () => {
        const lines = sampleEvents().map((e) => formatEvent({...e, at}));
        for (const line of lines) {
            expect(line).not.toMatch(/\n/);
            expect(line.startsWith("10:11:12.345 ")).toBe(true);
        }
        expect(lines).toContain("10:11:12.345 BRICK dissonance #fly:to:(moon, now) handler by llm");
        expect(lines).toContain("10:11:12.345 BRICK sendFailed #explode: boom\\nsecond line");
        expect(lines).toContain("10:11:12.345 * imageSaved workspace.image.json 1024 bytes in 5 ms");
        expect(lines).toContain("10:11:12.345 ROBIN forgeProgress step 3/10 loss=1.2346 88.3 tok/s");
        expect(lines).toContain("10:11:12.345 ROBIN adapterSwapped none -> adapters/robin/v2.gguf");
        expect(lines).toContain("10:11:12.345 * user ping {\"n\":1}");
    });

    it("survives a user payload JSON cannot encode", () => {
        const event = makeEvent({type: "user", persona: null, name: "big", payload: 10n});
        expect(formatEvent({...event, at})).toBe("10:11:12.345 * user big 10");
    });
});

describe("tailBus", () => {
    it("writes one formatted line per matching event until unsubscribed", () => {
        const bus = new InMemoryBus();
        const lines: string[] = [];
        const stop = tailBus(bus, {persona: "ROBIN"}, (line) => lines.push(line));
        bus.publish({...makeEvent({type: "transcript", persona: "ROBIN", text: "hi"}), at});
        bus.publish({...makeEvent({type: "transcript", persona: "BRICK", text: "no"}), at});
        stop();
        bus.publish({...makeEvent({type: "transcript", persona: "ROBIN", text: "late"}), at});
        expect(lines).toEqual(["10:11:12.345 ROBIN transcript hi"]);
    });
});

describe("describeBusStatus", () => {
    it("says what happens next for each status", () => {
        const statuses: BusStatus[] = [
            {state: "buffering", buffered: 12, error: "connect ECONNREFUSED", retryInMs: 400},
            {state: "dropped", dropped: 3, limit: 10}
        ];
        expect(statuses.map(describeBusStatus)).toEqual([
            "bus: cannot publish (connect ECONNREFUSED); 12 events buffered, retrying in 400 ms",
            "bus: publish buffer full (10 events); 3 oldest events dropped"
        ]);
    });
});
