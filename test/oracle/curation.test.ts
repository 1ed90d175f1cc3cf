import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {Runtime} from "../../src/index.js";
import {
    CurationSettingError, curationSettings, rateInteraction, RatingError, UnknownInteractionError
} from "../../src/oracle/index.js";
import {addInteraction, exchange, freshRuntime} from "./helpers.js";

let runtime: Runtime;
let cleanup: () => Promise<void>;
beforeEach(async () => ({runtime, cleanup} = await freshRuntime()));
afterEach(async () => cleanup());

const brick = () => runtime.manager.get("BRICK").record;

describe("the Architect rates interactions, and golden ones are curated", () => {
    it("records an overall rating under the judge's name and makes a golden sample with its provenance", () => {
        const id = addInteraction(runtime, "BRICK", exchange("Should I go first?", "Premise one: someone must. Therefore, you."));
        const curation = rateInteraction(runtime, "BRICK", id, 5, "Architect");
        expect(curation.scores).toMatchObject({judge: "Architect", golden: 5});
        expect(curation.sample?.added).toBe(true);
        const [sample] = brick().goldenDataset;
        expect(sample!.messages).toEqual(exchange("Should I go first?", "Premise one: someone must. Therefore, you."));
        expect(sample!.provenance).toMatchObject({interactionId: id, judge: "Architect", model: brick().baseModelPath, adapter: null, scores: curation.scores});
        expect(sample!.provenance.at).toBeInstanceOf(Date);
        const entry = brick().scrapbook.find((e) => e.id === id)!;
        expect(entry.meta?.["judgements"]).toEqual([expect.objectContaining({judge: "Architect", golden: 5})]);
        expect(brick().performanceMetrics.filter((p) => p.name === "goldenScore")).toEqual([
            expect.objectContaining({value: 5, tags: {judge: "Architect", interactionId: id}})
        ]);
    });

    it("does not add the same content twice, and keeps below-threshold ratings out", () => {
        const first = addInteraction(runtime, "BRICK", exchange("Tea?", "Leaves. Steeped."));
        const again = addInteraction(runtime, "BRICK", exchange("  TEA? ", "leaves.   steeped."));
        const weak = addInteraction(runtime, "BRICK", exchange("Coffee?", "Beans."));
        expect(rateInteraction(runtime, "BRICK", first, 5, "Architect").sample?.added).toBe(true);
        const duplicate = rateInteraction(runtime, "BRICK", again, {logical_rigor: 5, task_efficacy: 5}, "Architect");
        expect(duplicate.sample).toMatchObject({added: false, reason: "duplicate"});
        expect(rateInteraction(runtime, "BRICK", weak, 4, "Architect").sample).toBeNull();
        expect(brick().goldenDataset).toHaveLength(1);
        // Every rating is still recorded as a metric, golden or not.
        expect(brick().performanceMetrics.filter((p) => p.name === "goldenScore").map((p) => p.value)).toEqual([5, 5, 4]);
    });

    it("refuses a bad rating without changing anything", () => {
        const id = addInteraction(runtime, "BRICK", exchange("a", "b"));
        const before = runtime.image.state;
        expect(() => rateInteraction(runtime, "BRICK", id, 6, "Architect")).toThrow(RatingError);
        expect(() => rateInteraction(runtime, "BRICK", id, {logical_rigour: 5} as never, "Architect")).toThrow(/logical_rigour/);
        expect(() => rateInteraction(runtime, "BRICK", id, {}, "Architect")).toThrow(RatingError);
        expect(() => rateInteraction(runtime, "BRICK", "no-such-id", 5, "Architect")).toThrow(UnknownInteractionError);
        expect(runtime.image.state).toBe(before);
    });

    it("takes thresholds from the persona's slots first, then the image's settings", () => {
        expect(curationSettings(brick(), runtime.image.state.settings)).toEqual({goldenThreshold: 4.5, forgeThreshold: 500, heldOutFraction: 0.1});
        runtime.image.update((d) => {
            d.settings.forgeThreshold = 40;
            d.settings["heldOutFraction"] = 0.25;
        });
        runtime.image.update((d) => {
            d.personas[brick().personaId]!.slots["goldenThreshold"] = 3.5;
        });
        expect(curationSettings(brick(), runtime.image.state.settings)).toEqual({goldenThreshold: 3.5, forgeThreshold: 40, heldOutFraction: 0.25});
        expect(curationSettings(runtime.manager.get("ROBIN").record, runtime.image.state.settings).goldenThreshold).toBe(4.5);
        const id = addInteraction(runtime, "BRICK", exchange("Plan?", "Step one."));
        expect(rateInteraction(runtime, "BRICK", id, 4, "Architect").sample?.added).toBe(true);
        runtime.image.update((d) => {
            d.personas[brick().personaId]!.slots["forgeThreshold"] = "many";
        });
        expect(() => curationSettings(brick(), runtime.image.state.settings)).toThrow(CurationSettingError);
    });
});
