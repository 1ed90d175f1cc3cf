import {existsSync, readFileSync, statSync, truncateSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {backupPathFor, CorruptImageError, ImageStore, journalPathFor} from "../../src/image/index.js";
import {tempDir, world} from "./sampleWorld.js";

describe("corrupt and truncated images", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    let backup: string;
    let journal: string;
    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir.dir, "workspace.image.json");
        backup = backupPathFor(file);
        journal = journalPathFor(file);
    });
    afterEach(() => dir.remove());

    /** Two saves (so a .bak exists) and one unsaved update (so the journal is not empty). */
    async function savedTwiceWithUnsaved(): Promise<{first: unknown, second: unknown}> {
        const store = await ImageStore.open(file, {create: () => world(50)});
        store.update((draft) => void draft.playgroundHistory.push("first"));
        await store.save();
        const first = store.state;
        store.update((draft) => void draft.playgroundHistory.push("second"));
        await store.save();
        const second = store.state;
        store.update((draft) => void draft.playgroundHistory.push("unsaved"));
        await store.close();
        return {first, second};
    }

    async function expectCorrupt(reason: string): Promise<CorruptImageError> {
        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptImageError);
        const corrupt = error as CorruptImageError;
        expect(corrupt.reason).toBe(reason);
        expect(corrupt.path).toBe(file);
        expect(corrupt.backupPath).toBe(backup);
        expect(corrupt.journalPath).toBe(journal);
        expect(corrupt.message).toContain("workspace.image.json is corrupt");
        expect(corrupt.message).toContain(`A backup from the previous save exists at ${backup}: open it with --recover backup`);
        expect(corrupt.message).toContain(`Unsaved changes are in ${journal}`);
        return corrupt;
    }

    it("refuses a flipped byte (checksum), keeps .bak byte for byte, and recover: \"backup\" opens it", async () => {
        const {first} = await savedTwiceWithUnsaved();
        const backupBytes = readFileSync(backup);
        const bytes = readFileSync(file);
        const at = Math.floor(bytes.length * 0.6);
        bytes[at] = bytes[at]! ^ 0x04;
        writeFileSync(file, bytes);
        await expectCorrupt("checksum");
        expect(readFileSync(backup).equals(backupBytes)).toBe(true);

        const recovered = await ImageStore.open(file, {recover: "backup"});
        expect(recovered.recovery.fromBackup).toBe(true);
        expect(recovered.recovery.replayedEntries).toBe(0);
        expect(recovered.state).toStrictEqual(first);
        // The journal followed the damaged image: set aside, not replayed onto the backup.
        expect(recovered.recovery.journalSetAside).toMatch(/workspace\.changes\.jsonl\.set-aside-/);
        expect(existsSync(recovered.recovery.journalSetAside!)).toBe(true);
        // Saving over a corrupt image must not replace the good backup with it.
        recovered.update((draft) => void draft.playgroundHistory.push("after recovery"));
        await recovered.save();
        expect(readFileSync(backup).equals(backupBytes)).toBe(true);
        await recovered.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.state.playgroundHistory).toEqual(["first", "after recovery"]);
        await reopened.close();
    });

    it("refuses a flipped digit in the header's generation too", async () => {
        await savedTwiceWithUnsaved();
        const text = readFileSync(file, "latin1").replace(`"generation":2,`, `"generation":3,`);
        writeFileSync(file, text, "latin1");
        await expectCorrupt("checksum");
    });

    it("refuses a truncated image and an empty one, naming .bak and the journal", async () => {
        await savedTwiceWithUnsaved();
        const backupBytes = readFileSync(backup);
        truncateSync(file, Math.floor(statSync(file).size / 2));
        await expectCorrupt("truncated");
        truncateSync(file, 40);
        await expectCorrupt("truncated");
        truncateSync(file, 0);
        await expectCorrupt("empty");
        expect(readFileSync(backup).equals(backupBytes)).toBe(true);
    });

    it("refuses a file that is not an image at all", async () => {
        await savedTwiceWithUnsaved();
        writeFileSync(file, "hello, I am a shopping list\n");
        await expectCorrupt("unreadable");
    });

    it("refuses an image from a newer version with a message to upgrade", async () => {
        await savedTwiceWithUnsaved();
        writeFileSync(file, readFileSync(file, "latin1").replace(/"version":\d+,/, `"version":99,`), "latin1");
        const error = await ImageStore.open(file).catch((e: unknown) => e) as CorruptImageError;
        expect(error.reason).toBe("unsupported-version");
        expect(error.message).toContain("Upgrade Living Image");
    });

    it("says so when there is no good backup, and recover: \"backup\" then fails clearly", async () => {
        const store = await ImageStore.open(file, {create: () => world(5)});
        await store.save();
        await store.close();
        writeFileSync(file, readFileSync(file).subarray(0, 100));
        const error = await ImageStore.open(file).catch((e: unknown) => e) as CorruptImageError;
        expect(error).toBeInstanceOf(CorruptImageError);
        expect(error.backupPath).toBeNull();
        expect(error.message).toContain("No good backup");
        await expect(ImageStore.open(file, {recover: "backup"})).rejects.toBeInstanceOf(CorruptImageError);
    });

    it("keeps the previous good image as .bak on every save", async () => {
        const store = await ImageStore.open(file, {create: () => world(5)});
        await store.save();
        const firstBytes = readFileSync(file);
        store.update((draft) => void draft.playgroundHistory.push("x"));
        await store.save();
        expect(readFileSync(backup).equals(firstBytes)).toBe(true);
        await store.close();
    });
});
