import {mkdirSync, readdirSync, readFileSync, rmdirSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {decodeImage, ImageStore, journalPathFor, scanJournal, type Patch} from "../../src/image/index.js";
import {goldenSample, imageFileForEach, world} from "./sampleWorld.js";

const golden = ["personas", "brick-id", "goldenDataset"];

describe("ImageStore.appendAndSave", () => {
    const at = imageFileForEach();

    it("writes the items once, into the saved image and not the journal, with what was journalled before", async () => {
        const store = await ImageStore.open(at.file, {create: () => world(1000)});
        await store.save();
        store.update((draft) => void (draft.settings["before"] = 1), "a change");
        const seen: Patch[][] = [];
        store.subscribe((_state, patches) => void seen.push([...patches]));
        const result = await store.appendAndSave(golden, [goldenSample(5000), goldenSample(5001)], "import");
        expect(result.path).toBe(at.file);
        expect(store.dirty).toBe(false);
        const dataset = store.state.personas["brick-id"]!.goldenDataset;
        expect(dataset).toHaveLength(1002);
        expect(seen).toEqual([[
            {op: "add", path: [...golden, 1000], value: dataset.at(1000)},
            {op: "add", path: [...golden, 1001], value: dataset.at(1001)}
        ]]);
        // Nothing left to replay, and no line ever held the items.
        expect(scanJournal(journalPathFor(at.file)).entries).toEqual([]);
        const onDisk = decodeImage(readFileSync(at.file, "utf8"), at.file);
        expect(onDisk.settings["before"]).toBe(1);
        expect(onDisk.personas["brick-id"]!.goldenDataset).toEqual(dataset);
        const expected = store.state;
        await store.close();
        const reopened = await ImageStore.open(at.file);
        expect(reopened.recovery.replayedEntries).toBe(0);
        expect(reopened.state).toStrictEqual(expected);
        await reopened.close();
    });

    it("takes the append back when the save fails and nothing was journalled meanwhile", async () => {
        const store = await ImageStore.open(at.file, {create: () => world(3)});
        const before = store.state;
        const told: {patches: Patch[], label: string | undefined, length: number}[] = [];
        store.subscribe((state, patches, label) => void told.push({patches: [...patches], label, length: state.personas["brick-id"]!.goldenDataset.length}));
        // A directory where the image should be: the save cannot replace it.
        mkdirSync(at.file);
        await expect(store.appendAndSave(golden, [goldenSample(7)], "import")).rejects.toThrow();
        expect(store.state).toBe(before);
        // Listeners were told of the append, then that it is gone: the list as it is again.
        expect(told.map(({patches, label, length}) => [patches.map((p) => p.op), label, length])).toEqual([
            [["add"], "import", 4],
            [["replace"], "import (undone: the save failed)", 3]
        ]);
        expect(told[1]!.patches[0]).toEqual({op: "replace", path: golden, value: before.personas["brick-id"]!.goldenDataset});
        expect(store.dirty).toBe(true);
        expect(scanJournal(journalPathFor(at.file)).entries.filter((entry) => entry.append !== undefined)).toEqual([]);
        expect(readdirSync(at.dir).filter((name) => name.includes(".tmp-"))).toEqual([]);
        rmdirSync(at.file);
        await store.save();
        await store.close();
        const reopened = await ImageStore.open(at.file);
        expect(reopened.state.personas["brick-id"]!.goldenDataset).toHaveLength(3);
        await reopened.close();
    });

    it("journals the append when the save fails after other changes were journalled, so a reopen holds what the store held", async () => {
        const store = await ImageStore.open(at.file, {create: () => world(3)});
        await store.save();
        // A change journalled while the save is under way (listeners run then).
        const unsubscribe = store.subscribe(() => {
            unsubscribe();
            store.update((draft) => void (draft.settings["meanwhile"] = true), "meanwhile");
        });
        mkdirSync(`${at.file}.bak`);
        const blocker = path.join(`${at.file}.bak`, "keep");
        mkdirSync(blocker);
        await expect(store.appendAndSave(golden, [goldenSample(7)], "import")).rejects.toThrow();
        rmdirSync(blocker);
        rmdirSync(`${at.file}.bak`);
        expect(store.state.settings["meanwhile"]).toBe(true);
        expect(store.state.personas["brick-id"]!.goldenDataset).toHaveLength(4);
        const expected = store.state;
        await store.close();
        const reopened = await ImageStore.open(at.file);
        expect(reopened.recovery.replayedEntries).toBe(2);
        expect(reopened.state).toStrictEqual(expected);
        await reopened.close();
    });
});
