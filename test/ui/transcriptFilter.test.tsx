import {afterAll, afterEach, describe, expect, it} from "vitest";
import {makeEvent} from "../../src/index.js";
import type {Harness} from "./helpers/browserHarness.js";
import {keys, openBrowser, removeTemplate} from "./helpers/browserHarness.js";

let h: Harness | null = null;
afterEach(async () => {
    await h?.dispose();
    h = null;
});
afterAll(removeTemplate);

/** The Transcript's lines in the frame: those that carry one of the published events. */
function shown(frame: string): string[] {
    const lines = [...frame.matchAll(/(BRICK|ROBIN) (?:did not understand #(\w+)|#(\w+) failed)/g)];
    return lines.map((m) => m[2] != null ? `${m[1]} dissonance #${m[2]}` : `${m[1]} sendFailed #${m[3]}`).sort();
}

describe("the Transcript's filter", () => {
    it("f and t narrow the live Transcript to a persona and an event type, and walking back to all shows every line again", async () => {
        // Tall enough that the Transcript shows all four lines unfiltered.
        h = await openBrowser({rows: 40});
        await h.waitFor("Personas");
        const bus = h.runtime.bus;
        bus.publish(makeEvent({type: "dissonance", persona: "BRICK", selector: "brickOdd", args: [], resolution: "unresolved", handler: null}));
        bus.publish(makeEvent({type: "dissonance", persona: "ROBIN", selector: "robinOdd", args: [], resolution: "unresolved", handler: null}));
        bus.publish(makeEvent({type: "sendFailed", persona: "BRICK", selector: "brickFail", error: "no"}));
        bus.publish(makeEvent({type: "sendFailed", persona: "ROBIN", selector: "robinFail", error: "no"}));
        const all = ["BRICK dissonance #brickOdd", "BRICK sendFailed #brickFail", "ROBIN dissonance #robinOdd", "ROBIN sendFailed #robinFail"];
        expect(shown(await h.waitFor("4 events"))).toEqual(all);

        // The Transcript is the pane before the Playground, the last one.
        await h.press(keys.shiftTab, keys.shiftTab);
        await h.waitFor("Transcript (f persona · t type)");
        await h.press("f");
        let frame = await h.waitFor("Transcript · BRICK");
        expect(frame).toContain("2/4 events");
        expect(shown(frame)).toEqual(["BRICK dissonance #brickOdd", "BRICK sendFailed #brickFail"]);

        await h.press("t");
        frame = await h.waitFor("Transcript · BRICK · dissonance");
        expect(frame).toContain("1/4 events");
        expect(shown(frame)).toEqual(["BRICK dissonance #brickOdd"]);

        await h.press("f");
        frame = await h.waitFor("Transcript · ROBIN · dissonance");
        expect(shown(frame)).toEqual(["ROBIN dissonance #robinOdd"]);

        // Live: an event published under the filter shows at once if it passes, not at all if not.
        bus.publish(makeEvent({type: "dissonance", persona: "ROBIN", selector: "robinLate", args: [], resolution: "method", handler: null}));
        bus.publish(makeEvent({type: "dissonance", persona: "BRICK", selector: "brickLate", args: [], resolution: "method", handler: null}));
        frame = await h.waitFor("2/6 events");
        expect(shown(frame)).toEqual(["ROBIN dissonance #robinLate", "ROBIN dissonance #robinOdd"]);

        await h.press("F", "F", "T");
        frame = await h.waitFor((f) => f.includes("6 events") && !f.includes("/6 events"));
        expect(frame).not.toContain("Transcript ·");
        expect(shown(frame)).toEqual([...all, "BRICK dissonance #brickLate", "ROBIN dissonance #robinLate"].sort());
    });
});
