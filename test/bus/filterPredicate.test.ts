import {describe, expect, it} from "vitest";
import {matchesFilter} from "../../src/objects/index.js";
import type {EventFilter} from "../../src/objects/index.js";
import {filterPredicate} from "../../src/bus/redis/filterPredicate.js";
import {sampleEvents} from "./helpers/sampleEvents.js";

describe("filterPredicate", () => {
    const filters: (EventFilter | undefined)[] = [
        undefined, {}, {type: "transcript"}, {type: ["transcript", "user", "imageSaved"]}, {type: []},
        {persona: "ROBIN"}, {persona: "NOBODY"}, {type: "chatCompleted", persona: "ROBIN"}, {type: "chatCompleted", persona: "BRICK"},
        {type: ["slotChanged", "personaCloned"], persona: "BRICK"}
    ];
    it.each(filters.map((filter) => [JSON.stringify(filter) ?? "no filter", filter] as const))("answers as matchesFilter does for %s", (_, filter) => {
        const accepts = filterPredicate(filter);
        const events = sampleEvents();
        expect(events.map(accepts)).toEqual(events.map((event) => matchesFilter(event, filter)));
    });
});
