import {afterEach, beforeEach, describe, expect, it} from "vitest";
import type {Runtime} from "../../src/index.js";
import {scanJournal} from "../../src/image/index.js";
import {addGoldenSample, importGoldenSamples} from "../../src/oracle/index.js";
import {GoldenDataset} from "../../src/objects/index.js";
import type {ChatMessage, GoldenSample} from "../../src/objects/index.js";
import {exchange, freshRuntime} from "./helpers.js";

let runtime: Runtime;
let cleanup: () => Promise<void>;
beforeEach(async () => ({runtime, cleanup} = await freshRuntime()));
afterEach(async () => cleanup());

const brick = () => runtime.manager.get("BRICK").record;
const conversation = (i: number): ChatMessage[] => exchange(`Question number ${i}?`, `Answer number ${i}.`);
const provenance = (): GoldenSample["provenance"] => ({interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date()});

describe("the golden dataset at scale", () => {
    it("imports 20,000 samples as two journal lines, skipping duplicates in the file and in the dataset", () => {
        const conversations = Array.from({length: 20_000}, (_, i) => conversation(i));
        // Repeats within the file, one differing only by case and spacing.
        conversations.push(conversation(7), exchange("  QUESTION number 8? ", "answer   number 8."));
        const journalBefore = scanJournal(runtime.image.journalPath).entries.length;
        expect(importGoldenSamples(runtime, "BRICK", conversations, "file.jsonl")).toEqual({added: 20_000, duplicates: 2});
        expect(brick().goldenDataset).toHaveLength(20_000);
        const lines = scanJournal(runtime.image.journalPath).entries.slice(journalBefore);
        expect(lines.map((e) => e.append?.items.length)).toEqual([10_000, 10_000]);
        // Again: all duplicates, nothing journalled.
        expect(importGoldenSamples(runtime, "BRICK", conversations.slice(0, 100), "again.jsonl")).toEqual({added: 0, duplicates: 100});
        expect(scanJournal(runtime.image.journalPath).entries.length).toBe(journalBefore + 2);
    });

    it("finds a duplicate by content after appends, and in a dataset changed by other means", () => {
        expect(addGoldenSample(runtime, brick().personaId, conversation(1), provenance(), 0.1).added).toBe(true);
        expect(addGoldenSample(runtime, brick().personaId, conversation(2), provenance(), 0.1).added).toBe(true);
        const again = addGoldenSample(runtime, brick().personaId, exchange("QUESTION number 2?", "answer number 2."), provenance(), 0.1);
        expect(again).toMatchObject({added: false, reason: "duplicate"});
        if (again.added) return;
        expect(again.existing).toBe(brick().goldenDataset.at(1));
        // A sample whose id is not its content's (written by something else), put there by an ordinary update.
        runtime.image.update((draft) => {
            const persona = draft.personas[brick().personaId]!;
            persona.goldenDataset = persona.goldenDataset.append([{id: "legacy-1", messages: conversation(3), provenance: provenance(), heldOut: false}]);
        });
        const legacy = addGoldenSample(runtime, brick().personaId, conversation(3), provenance(), 0.1);
        expect(legacy).toMatchObject({added: false, existing: {id: "legacy-1"}});
        // A removal: the index of the new dataset is built afresh, so the removed content is no duplicate.
        runtime.image.update((draft) => {
            const persona = draft.personas[brick().personaId]!;
            persona.goldenDataset = GoldenDataset.of(persona.goldenDataset.slice(1));
        });
        expect(addGoldenSample(runtime, brick().personaId, conversation(1), provenance(), 0.1).added).toBe(true);
        expect(brick().goldenDataset.map((s) => s.messages[0]!.content)).toEqual(["Question number 2?", "Question number 3?", "Question number 1?"]);
    });
});
