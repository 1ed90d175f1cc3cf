import {readFileSync, truncateSync, writeFileSync, statSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {CorruptJournalError, ImageStore, journalPathFor, scanJournal} from "../../src/image/index.js";
import {tempDir, world} from "./sampleWorld.js";

function lines(file: string): string[] {
    return readFileSync(file, "utf8").split("\n").filter((line) => line !== "");
}

describe("journal of unsaved changes", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    let journal: string;
    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir.dir, "workspace.image.json");
        journal = journalPathFor(file);
    });
    afterEach(() => dir.remove());

    it("names the journal after the image as ARCHITECTURE.md says", () => {
        expect(journal).toBe(path.join(dir.dir, "workspace.changes.jsonl"));
        expect(journalPathFor("/x/other.json")).toBe("/x/other.json.changes.jsonl");
    });

    it("turns each update into patches and one journal line before returning", async () => {
        const store = await ImageStore.open(file, {create: () => world(2)});
        await store.save();
        expect(store.dirty).toBe(false);
        const seen: string[] = [];
        store.subscribe((_state, patches, label) => seen.push(`${label}:${patches.length}`));
        const patches = store.update((draft) => {
            draft.playgroundHistory.push("BRICK greet");
            draft.settings.goldenThreshold = 4.8;
        }, "edit");
        expect(patches).toEqual(expect.arrayContaining([
            {op: "add", path: ["playgroundHistory", 0], value: "BRICK greet"},
            {op: "replace", path: ["settings", "goldenThreshold"], value: 4.8}
        ]));
        expect(store.dirty).toBe(true);
        expect(seen).toEqual(["edit:2"]);
        expect(lines(journal)).toHaveLength(1);
        const written = scanJournal(journal).entries;
        expect(written).toHaveLength(1);
        expect(written[0]).toMatchObject({gen: 1, label: "edit", patches});
        // A recipe that changes nothing journals nothing.
        expect(store.update(() => undefined)).toEqual([]);
        expect(lines(journal)).toHaveLength(1);
        expect(Object.isFrozen(store.state.playgroundHistory)).toBe(true);
        await store.close();
    });

    it("replays unsaved updates after a crash (no save, no close)", async () => {
        const store = await ImageStore.open(file, {create: () => world(2)});
        await store.save();
        for (let i = 0; i < 5; i++) {
            store.update((draft) => {
                draft.playgroundHistory.push(`line ${i}`);
                draft.personas["brick-id"]!.slots[`n${i}`] = new Map([[i, new Date(i)]]);
            });
        }
        const expected = store.state;
        // A crash: the lock file and journal stay behind. Release the lock only, as the OS would for a dead pid.
        await store.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.recovery).toEqual({
            replayedEntries: 5, fromBackup: false, droppedTornTail: false, droppedBytes: 0, skippedFromLine: null, journalSetAside: null, notices: []
        });
        expect(reopened.state).toStrictEqual(expected);
        expect(reopened.dirty).toBe(true);
        await reopened.save();
        expect(reopened.dirty).toBe(false);
        expect(statSync(journal).size).toBe(0);
        await reopened.close();
    });

    it("drops a torn last line, and truncates it so the next append starts a clean line", async () => {
        const store = await ImageStore.open(file, {create: () => world(1)});
        await store.save();
        store.update((draft) => void draft.playgroundHistory.push("kept"));
        store.update((draft) => void draft.playgroundHistory.push("torn"));
        await store.close();
        const size = statSync(journal).size;
        truncateSync(journal, size - 7);
        const reopened = await ImageStore.open(file);
        expect(reopened.recovery.droppedTornTail).toBe(true);
        expect(reopened.recovery.replayedEntries).toBe(1);
        expect(reopened.state.playgroundHistory).toEqual(["kept"]);
        reopened.update((draft) => void draft.playgroundHistory.push("after"));
        await reopened.close();
        const again = await ImageStore.open(file);
        expect(again.recovery.droppedTornTail).toBe(false);
        expect(again.state.playgroundHistory).toEqual(["kept", "after"]);
        await again.close();
    });

    it("ignores stale lines of an older generation (a save whose journal truncation never happened)", async () => {
        const store = await ImageStore.open(file, {create: () => world(1)});
        await store.save();
        store.update((draft) => void draft.playgroundHistory.push("once"));
        const staleLines = readFileSync(journal);
        await store.save();
        // As if the process died after the rename but before the journal was truncated.
        writeFileSync(journal, staleLines);
        await store.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.recovery.replayedEntries).toBe(0);
        expect(reopened.state.playgroundHistory).toEqual(["once"]);
        expect(reopened.dirty).toBe(false);
        await reopened.close();
    });

    it("keeps lines appended while a save is writing, stamped for the new image", async () => {
        const store = await ImageStore.open(file, {create: () => world(2000)});
        await store.save();
        store.update((draft) => void draft.playgroundHistory.push("before"));
        const saving = store.save();
        // The save captures its state in a microtask, then writes: update once it is writing.
        await new Promise((resolve) => setImmediate(resolve));
        store.update((draft) => void draft.playgroundHistory.push("during"));
        await saving;
        expect(store.dirty).toBe(true);
        const kept = scanJournal(journal).entries;
        expect(kept).toHaveLength(1);
        expect(kept[0]!.gen).toBe(store.generation);
        await store.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.recovery.replayedEntries).toBe(1);
        expect(reopened.state.playgroundHistory).toEqual(["before", "during"]);
        await reopened.close();
    });

    it("refuses a journal damaged in the middle, naming the line and the fix", async () => {
        const store = await ImageStore.open(file, {create: () => world(1)});
        await store.save();
        store.update((draft) => void draft.playgroundHistory.push("a"));
        store.update((draft) => void draft.playgroundHistory.push("b"));
        await store.close();
        const [first, second] = lines(journal);
        writeFileSync(journal, `${first}\n{not json\n${second}\n`);
        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptJournalError);
        expect((error as CorruptJournalError).line).toBe(2);
        expect((error as Error).message).toContain("--recover journal");
        expect((error as Error).message).toContain(`Or move ${journal} aside`);
    });

    it("replays a never-saved image from its journal alone, creation included", async () => {
        let calls = 0;
        const create = () => {
            calls++;
            const state = world(1);
            // Not deterministic, like fresh persona ids: replay must not depend on calling it again.
            state.settings["createdBy"] = `call-${calls}`;
            return state;
        };
        const store = await ImageStore.open(file, {create});
        store.update((draft) => void draft.playgroundHistory.push("unsaved"));
        const expected = store.state;
        await store.close();
        const reopened = await ImageStore.open(file, {create});
        expect(reopened.state).toStrictEqual(expected);
        expect(reopened.state.settings["createdBy"]).toBe("call-1");
        await reopened.close();
    });

    it("journals the same way with fsyncEachUpdate", async () => {
        const store = await ImageStore.open(file, {create: () => world(1), fsyncEachUpdate: true});
        store.update((draft) => void draft.playgroundHistory.push("durable"));
        await store.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.state.playgroundHistory).toEqual(["durable"]);
        await reopened.close();
    });
});
