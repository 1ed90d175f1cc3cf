import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {ImageStore, journalPathFor, scanJournal, type Patch} from "../../src/image/index.js";
import {goldenSample, tempDir, world} from "./sampleWorld.js";

describe("ImageStore.append", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir.dir, "workspace.image.json");
    });
    afterEach(() => dir.remove());

    it("journals the items alone, tells listeners one add patch each, shares the old items, and replays after a crash", async () => {
        const store = await ImageStore.open(file, {create: () => world(1000)});
        await store.save();
        const before = store.state.personas["brick-id"]!.goldenDataset;
        const seen: Patch[][] = [];
        store.subscribe((_state, patches) => void seen.push([...patches]));
        store.append(["personas", "brick-id", "goldenDataset"], [goldenSample(5000), goldenSample(5001)], "two more");
        const after = store.state.personas["brick-id"]!.goldenDataset;
        expect(after).toHaveLength(1002);
        expect(after[0]).toBe(before[0]);
        expect(before).toHaveLength(1000);
        expect(Object.isFrozen(after)).toBe(true);
        expect(Object.isFrozen(after[1001]!.provenance)).toBe(true);
        expect(seen).toEqual([[
            {op: "add", path: ["personas", "brick-id", "goldenDataset", 1000], value: after[1000]},
            {op: "add", path: ["personas", "brick-id", "goldenDataset", 1001], value: after[1001]}
        ]]);
        // One short line: the two samples, not the thousand already there.
        const [line] = scanJournal(journalPathFor(file)).entries;
        expect(line!.append!.items).toHaveLength(2);
        expect(line!.patches).toEqual([]);
        const expected = store.state;
        await store.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.recovery.replayedEntries).toBe(1);
        expect(reopened.state).toStrictEqual(expected);
        await reopened.close();
    });

    it("refuses a path that is not a list, changing nothing", async () => {
        await using store = await ImageStore.open(file, {create: () => world(1)});
        const state = store.state;
        expect(() => store.append(["personas", "brick-id", "slots"], [1])).toThrow(/not a list/);
        expect(() => store.append(["personas", "nobody", "goldenDataset"], [1])).toThrow(/nothing there/);
        expect(store.state).toBe(state);
        expect(store.dirty).toBe(true);
        expect(scanJournal(journalPathFor(file)).entries).toHaveLength(1);
    });
});
