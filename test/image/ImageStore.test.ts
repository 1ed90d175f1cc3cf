import {existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync} from "node:fs";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {
    decodeImage, emptyWorld, ImageClosedError, ImageLockedError, ImageNotFoundError, ImageStore, journalPathFor, lockPathFor, SaveAsRefusedError
} from "../../src/image/index.js";
import {spawnFixture} from "./childProcess.js";
import {imageFileForEach, world} from "./sampleWorld.js";

describe("ImageStore", () => {
    const at = imageFileForEach();

    it("starts a missing image from create without writing it until save", async () => {
        await expect(ImageStore.open(at.file)).rejects.toBeInstanceOf(ImageNotFoundError);
        await using store = await ImageStore.open(at.file, {create: () => world(2)});
        expect(existsSync(at.file)).toBe(false);
        expect(store.dirty).toBe(true);
        expect(store.generation).toBe(0);
        expect(Object.isFrozen(store.state.personas["brick-id"]!.goldenDataset)).toBe(true);
        const result = await store.save();
        expect(result.path).toBe(at.file);
        expect(result.bytes).toBe(readFileSync(at.file).length);
        expect(store.generation).toBe(1);
        expect(store.dirty).toBe(false);
        expect(decodeImage(readFileSync(at.file, "utf8"), at.file)).toStrictEqual(store.state);
    });

    it("tells subscribers about every update, and stops when unsubscribed", async () => {
        await using store = await ImageStore.open(at.file, {create: emptyWorld});
        const seen: string[] = [];
        const unsubscribe = store.subscribe((state, patches, label) => seen.push(`${label}:${state.playgroundHistory.length}:${patches.length}`));
        store.update((draft) => void draft.playgroundHistory.push("a"), "one");
        unsubscribe();
        store.update((draft) => void draft.playgroundHistory.push("b"), "two");
        expect(seen).toEqual(["one:1:1"]);
    });

    it("keeps an update whose listener throws, and rethrows after telling the others", async () => {
        await using store = await ImageStore.open(at.file, {create: emptyWorld});
        const told: string[] = [];
        store.subscribe(() => {
            throw new Error("listener broke");
        });
        store.subscribe(() => void told.push("second"));
        expect(() => store.update((draft) => void draft.playgroundHistory.push("kept"))).toThrow("listener broke");
        expect(told).toEqual(["second"]);
        expect(store.state.playgroundHistory).toEqual(["kept"]);
    });

    it("leaves state and journal alone when a recipe throws", async () => {
        await using store = await ImageStore.open(at.file, {create: emptyWorld});
        await store.save();
        expect(() => store.update((draft) => {
            draft.playgroundHistory.push("half");
            throw new Error("recipe failed");
        })).toThrow("recipe failed");
        expect(store.state.playgroundHistory).toEqual([]);
        expect(store.dirty).toBe(false);
    });

    it("runs concurrent saves one at a time and leaves no temporary file", async () => {
        await using store = await ImageStore.open(at.file, {create: () => world(500)});
        const saves = [1, 2, 3].map((i) => {
            store.update((draft) => void draft.playgroundHistory.push(`save ${i}`));
            return store.save();
        });
        await Promise.all(saves);
        expect(store.generation).toBe(3);
        expect(readdirSync(at.dir).filter((name) => name.includes(".tmp-"))).toEqual([]);
        expect(decodeImage(readFileSync(at.file, "utf8"), at.file).playgroundHistory).toEqual(["save 1", "save 2", "save 3"]);
    });

    it("keeps the journal when a save fails, and the next save still gets everything", async () => {
        const store = await ImageStore.open(at.file, {create: emptyWorld});
        store.update((draft) => void draft.playgroundHistory.push("before the failure"));
        // A directory where the image should be: the save cannot replace it.
        mkdirSync(at.file);
        await expect(store.save()).rejects.toThrow();
        expect(store.dirty).toBe(true);
        expect(readdirSync(at.dir).filter((name) => name.includes(".tmp-"))).toEqual([]);
        store.update((draft) => void draft.playgroundHistory.push("after the failure"));
        rmdirSync(at.file);
        await store.save();
        expect(store.dirty).toBe(false);
        await store.close();
        const reopened = await ImageStore.open(at.file);
        expect(reopened.state.playgroundHistory).toEqual(["before the failure", "after the failure"]);
        expect(reopened.recovery.replayedEntries).toBe(0);
        await reopened.close();
    });

    it("refuses everything after close, and close is idempotent", async () => {
        const store = await ImageStore.open(at.file, {create: emptyWorld});
        await store.close();
        await store.close();
        expect(() => store.update((draft) => void draft.playgroundHistory.push("x"))).toThrow(ImageClosedError);
        await expect(store.save()).rejects.toBeInstanceOf(ImageClosedError);
        expect(existsSync(lockPathFor(at.file))).toBe(false);
    });

    it("saveAs refuses an image with unsaved changes unless forced, then keeps its journal aside, and refuses a target held by another store", async () => {
        const target = path.join(at.dir, "copy.image.json");
        const old = await ImageStore.open(target, {create: () => world(1)});
        await old.save();
        old.update((draft) => void draft.playgroundHistory.push("unsaved line of the old copy"));
        const store = await ImageStore.open(at.file, {create: () => world(3)});
        store.update((draft) => void draft.playgroundHistory.push("mine"));
        await expect(store.saveAs(target)).rejects.toBeInstanceOf(ImageLockedError);
        await old.close();
        expect(existsSync(journalPathFor(target))).toBe(true);
        await expect(store.saveAs(target)).rejects.toBeInstanceOf(SaveAsRefusedError);
        const result = await store.saveAs(target, {force: true});
        expect(result.journalSetAside).toMatch(/copy\.changes\.jsonl\.set-aside-/);
        expect(readFileSync(result.journalSetAside!, "utf8")).toContain("unsaved line of the old copy");
        expect(store.path).toBe(at.file);
        expect(store.dirty).toBe(true);
        const copy = await ImageStore.open(target);
        expect(copy.recovery.replayedEntries).toBe(0);
        expect(copy.state).toStrictEqual(store.state);
        await copy.close();
        await store.close();
    });

    it("releases the lock when a process exits without closing", async () => {
        const child = spawnFixture("holdImage.ts", [at.file, "exit"]);
        await child.waitFor(/^holding \d+$/);
        expect((await child.exited).code).toBe(0);
        expect(existsSync(lockPathFor(at.file))).toBe(false);
    });
});
