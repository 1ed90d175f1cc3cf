import {describe, expect, it} from "vitest";
import {viewOf} from "../helpers/view.js";
import type {LivingEvent, LivingEventType} from "../../../src/index.js";
import {makeEvent} from "../../../src/index.js";
import {initialModel, reduce} from "../../../src/ui/state/browserModel.js";
import type {BrowserModel, BrowserView} from "../../../src/ui/state/browserModel.js";
import {interpretKey} from "../../../src/ui/state/interpretKey.js";
import type {KeyPress} from "../../../src/ui/state/interpretKey.js";
import type {TranscriptFilter} from "../../../src/ui/state/transcriptFilter.js";
import {cycleGroup, cyclePersona, eventGroups, filterLines, groupOf, noFilter, transcriptHeading} from "../../../src/ui/state/transcriptFilter.js";
import type {TranscriptLine} from "../../../src/ui/state/transcriptLog.js";
import {appendEvent} from "../../../src/ui/state/transcriptLog.js";

const personas = ["BRICK", "ROBIN", "ALFRED", "BABS"];

function linesOf(...events: LivingEvent[]): TranscriptLine[] {
    return events.reduce<TranscriptLine[]>((lines, event) => appendEvent(lines, event), []);
}

const events = linesOf(
    makeEvent({type: "dissonance", persona: "BRICK", selector: "fly", args: [], resolution: "unresolved", handler: null}),
    makeEvent({type: "sendFailed", persona: "ROBIN", selector: "swim", error: "no fins"}),
    makeEvent({type: "dissonance", persona: "ROBIN", selector: "sing", args: ["loud"], resolution: "handler", handler: "doesNotUnderstand:"}),
    makeEvent({type: "swapRefused", persona: "BRICK", what: "adapter", path: "x.gguf", reason: "not a GGUF"}),
    makeEvent({type: "imageSaved", persona: null, path: "w.image.json", bytes: 10, ms: 1}),
    makeEvent({type: "modelSwapped", persona: "BRICK", from: null, to: "m.gguf"})
);

describe("transcriptFilter", () => {
    it("keeps each event's persona and type on its line", () => {
        expect(events.map((l) => [l.persona, l.type])).toEqual([
            ["BRICK", "dissonance"], ["ROBIN", "sendFailed"], ["ROBIN", "dissonance"], ["BRICK", "swapRefused"], [null, "imageSaved"], ["BRICK", "modelSwapped"]
        ]);
    });

    it("walks the personas all → each → all, forwards and back", () => {
        const seen: (string | null)[] = [];
        let filter: TranscriptFilter = noFilter;
        for (let i = 0; i < 6; i++) {
            filter = cyclePersona(filter, personas, 1);
            seen.push(filter.persona);
        }
        expect(seen).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS", null, "BRICK"]);
        expect(cyclePersona(noFilter, personas, -1).persona).toBe("BABS");
        expect(cyclePersona({persona: "BRICK", group: null}, personas, -1).persona).toBeNull();
        // A persona gone from the image counts as all: the next step is the first persona.
        expect(cyclePersona({persona: "GONE", group: "forge"}, personas, 1)).toEqual({persona: "BRICK", group: "forge"});
        expect(cyclePersona(noFilter, [], 1).persona).toBeNull();
    });

    it("walks the event groups all → each → all, and every event type lies in one group", () => {
        let filter: TranscriptFilter = {persona: "ROBIN", group: null};
        const seen: (string | null)[] = [];
        for (let i = 0; i <= eventGroups.length; i++) {
            filter = cycleGroup(filter, 1);
            seen.push(filter.group);
        }
        expect(seen).toEqual([...eventGroups, null]);
        expect(filter.persona).toBe("ROBIN");
        expect(cycleGroup(noFilter, -1).group).toBe("image");
        const types: LivingEventType[] = ["personaCreated", "personaRemoved", "personaCloned", "slotChanged", "methodCompiled", "methodRemoved",
            "adapterSwapped", "modelSwapped", "swapRefused", "dissonance", "sendFailed", "imageSaved", "transcript", "chatCompleted",
            "forgeProgress", "forgeFinished", "evolutionProgress", "evolutionRequested", "evolutionFinished", "user"];
        // The Oracle's and the Architect's verdicts have a group of their own.
        expect(new Set([...types.map(groupOf), groupOf("verdict")])).toEqual(new Set(eventGroups));
        expect(groupOf("forgeFinished")).toBe("forge");
        expect(groupOf("swapRefused")).toBe("swaps");
    });

    it("filters by persona, by group, by both; no filter answers the same lines", () => {
        const texts = (filter: TranscriptFilter) => filterLines(events, filter).map((l) => `${l.persona ?? "-"} ${l.type}`);
        expect(filterLines(events, noFilter)).toBe(events);
        expect(texts({persona: "BRICK", group: null})).toEqual(["BRICK dissonance", "BRICK swapRefused", "BRICK modelSwapped"]);
        expect(texts({persona: null, group: "dissonance"})).toEqual(["BRICK dissonance", "ROBIN dissonance"]);
        expect(texts({persona: "BRICK", group: "swaps"})).toEqual(["BRICK swapRefused", "BRICK modelSwapped"]);
        expect(texts({persona: null, group: "image"})).toEqual(["- imageSaved"]);
        expect(texts({persona: "ALFRED", group: null})).toEqual([]);
    });

    it("titles the pane with the filter and counts shown of kept lines", () => {
        expect(transcriptHeading({persona: "BRICK", group: "dissonance"}, 3, 120, 0, true))
            .toEqual({title: "Transcript · BRICK · dissonance", right: "3/120 events", empty: expect.stringContaining("No BRICK dissonance events among the last 120") as string});
        expect(transcriptHeading(noFilter, 120, 120, 0, false)).toMatchObject({title: "Transcript", right: "120 events"});
        expect(transcriptHeading(noFilter, 120, 120, 0, true).title).toBe("Transcript (f persona · t type)");
        expect(transcriptHeading({persona: null, group: "forge"}, 10, 50, 4, true)).toMatchObject({title: "Transcript · forge", right: "6/10 ↓ newer"});
        expect(transcriptHeading(noFilter, 0, 0, 0, false).right).toBeUndefined();
    });
});

describe("the Transcript's filter keys", () => {
    const noKey: KeyPress = {
        upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageUp: false, pageDown: false, home: false, end: false,
        return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false
    };
    const view: BrowserView = viewOf({personaNames: personas, transcriptLines: 40});
    const run = (focus: "transcript" | "personas", ...inputs: string[]) => {
        let m: BrowserModel = {...initialModel(), focus, transcriptBack: 7};
        for (const input of inputs) {
            const intent = interpretKey(m, input, {...noKey, shift: input !== input.toLowerCase()}, view);
            if (intent.kind === "action") m = reduce(m, intent.action, view);
        }
        return m;
    };

    it("f and t cycle persona and type when the Transcript has the keyboard, F and T walk back; a new filter follows the newest", () => {
        expect(run("transcript", "f", "f", "t").transcriptFilter).toEqual({persona: "ROBIN", group: "dissonance"});
        expect(run("transcript", "F", "T", "T").transcriptFilter).toEqual({persona: "BABS", group: "transcript"});
        expect(run("transcript", "f").transcriptBack).toBe(0);
        expect(run("transcript", "f", "F", "t", "T").transcriptFilter).toEqual(noFilter);
    });

    it("leaves f and t alone in the browser columns", () => {
        const m = run("personas", "f", "t");
        expect(m.transcriptFilter).toEqual(noFilter);
        expect(m.transcriptBack).toBe(7);
    });
});
