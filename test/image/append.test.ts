import {appendFileSync, readFileSync} from "node:fs";
import {describe, expect, it} from "vitest";
import {encodeJournalLine} from "../../src/image/Journal.js";
import {decodeImage, ImageStore, journalPathFor, scanJournal, type Patch} from "../../src/image/index.js";
import {GoldenDataset} from "../../src/objects/index.js";
import {goldenSample, imageFileForEach, world} from "./sampleWorld.js";

describe("ImageStore.append", () => {
    const at = imageFileForEach();

    it("journals the items alone, tells listeners one add patch each, shares the old items, and replays after a crash", async () => {
        const store = await ImageStore.open(at.file, {create: () => world(1000)});
        await store.save();
        const before = store.state.personas["brick-id"]!.goldenDataset;
        const seen: Patch[][] = [];
        store.subscribe((_state, patches) => void seen.push([...patches]));
        store.append(["personas", "brick-id", "goldenDataset"], [goldenSample(5000), goldenSample(5001)], "two more");
        const after = store.state.personas["brick-id"]!.goldenDataset;
        expect(after).toHaveLength(1002);
        expect(after.at(0)).toBe(before.at(0));
        expect(before).toHaveLength(1000);
        expect(Object.isFrozen(after)).toBe(true);
        expect(Object.isFrozen(after.at(1001)!.provenance)).toBe(true);
        expect(seen).toEqual([[
            {op: "add", path: ["personas", "brick-id", "goldenDataset", 1000], value: after.at(1000)},
            {op: "add", path: ["personas", "brick-id", "goldenDataset", 1001], value: after.at(1001)}
        ]]);
        // One short line: the two samples, not the thousand already there.
        const [line] = scanJournal(journalPathFor(at.file)).entries;
        expect(line!.append!.items).toHaveLength(2);
        expect(line!.patches).toEqual([]);
        const expected = store.state;
        await store.close();
        const reopened = await ImageStore.open(at.file);
        expect(reopened.recovery.replayedEntries).toBe(1);
        expect(reopened.state).toStrictEqual(expected);
        await reopened.close();
    });

    it("refuses a path that is not a list, changing nothing", async () => {
        await using store = await ImageStore.open(at.file, {create: () => world(1)});
        const state = store.state;
        expect(() => store.append(["personas", "brick-id", "slots"], [1])).toThrow(/not a list/);
        expect(() => store.append(["personas", "nobody", "goldenDataset"], [1])).toThrow(/nothing there/);
        expect(store.state).toBe(state);
        expect(store.dirty).toBe(true);
        expect(scanJournal(journalPathFor(at.file)).entries).toHaveLength(1);
    });

    it("loads an image whose dataset is a plain array (as every image at.file holds it) as a GoldenDataset, and writes it back as one", async () => {
        const store = await ImageStore.open(at.file, {create: () => world(3)});
        await store.save();
        await store.close();
        const body = JSON.parse(readFileSync(at.file, "utf8")) as {body: {json: {personas: Record<string, {goldenDataset: unknown}>}}};
        expect(body.body.json.personas["brick-id"]!.goldenDataset).toEqual(JSON.parse(JSON.stringify(world(3).personas["brick-id"]!.goldenDataset.toArray())));
        const decoded = decodeImage(readFileSync(at.file, "utf8"), at.file);
        expect(decoded.personas["brick-id"]!.goldenDataset).toBeInstanceOf(GoldenDataset);
        expect(decoded.personas["brick-id"]!.goldenDataset).toEqual(world(3).personas["brick-id"]!.goldenDataset);
    });

    it("replays a journal line written when datasets were arrays (an immer patch into one), then appends after it", async () => {
        const store = await ImageStore.open(at.file, {create: () => world(3)});
        await store.save();
        store.update((draft) => void (draft.settings["before"] = 1), "a change");
        await store.close();
        const [first] = scanJournal(journalPathFor(at.file)).entries;
        const legacy: Patch[] = [{op: "add", path: ["personas", "brick-id", "goldenDataset", 3], value: goldenSample(7)},
            {op: "replace", path: ["personas", "brick-id", "goldenDataset", 0, "heldOut"], value: false}];
        appendFileSync(journalPathFor(at.file), encodeJournalLine({gen: first!.gen, seq: first!.seq + 1, label: "old push", patches: legacy}));

        const reopened = await ImageStore.open(at.file);
        expect(reopened.recovery.replayedEntries).toBe(2);
        const dataset = reopened.state.personas["brick-id"]!.goldenDataset;
        expect(dataset).toBeInstanceOf(GoldenDataset);
        expect(dataset.map((s) => s.id)).toEqual(["sample-000000", "sample-000001", "sample-000002", "sample-000007"]);
        expect(dataset.at(0)!.heldOut).toBe(false);
        reopened.append(["personas", "brick-id", "goldenDataset"], [goldenSample(8)]);
        expect(reopened.state.personas["brick-id"]!.goldenDataset.at(-1)!.id).toBe("sample-000008");
        await reopened.close();
    });
});
