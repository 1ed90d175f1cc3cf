import {existsSync, readFileSync, renameSync, rmSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {backupPathFor, emptyWorld, ImageNotFoundError, ImageStore, journalPathFor} from "../../src/image/index.js";
import {tempDir, world} from "./sampleWorld.js";

/** An image that is gone, with its backup and journal left: the backup is offered, and never overwritten. */
describe("an image that is gone", () => {
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

    /** Two saves (the first is the .bak), one unsaved change, then the image file deleted. */
    async function lostImage(): Promise<unknown> {
        const store = await ImageStore.open(file, {create: () => world(5)});
        store.update((draft) => void draft.playgroundHistory.push("first save"));
        await store.save();
        const first = store.state;
        store.update((draft) => void draft.playgroundHistory.push("second save"));
        await store.save();
        store.update((draft) => void draft.playgroundHistory.push("unsaved"));
        await store.close();
        rmSync(file);
        return first;
    }

    it("offers the .bak and the journal, and refuses to start a new image over them", async () => {
        await lostImage();
        const bakBytes = readFileSync(backup);
        for (const options of [{}, {create: emptyWorld}, {readOnly: true}]) {
            const error = await ImageStore.open(file, options).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(ImageNotFoundError);
            const missing = error as ImageNotFoundError;
            expect(missing.backupPath).toBe(backup);
            expect(missing.journalPath).toBe(journal);
            expect(missing.message).toContain("--recover backup");
            expect(missing.message).toContain("A new image is not started there while the backup is the only copy");
        }
        expect(readFileSync(backup).equals(bakBytes)).toBe(true);
        expect(existsSync(file)).toBe(false);
    });

    it("opens the .bak with recover: backup, keeps the journal aside, and saving makes it the image again", async () => {
        const first = await lostImage();
        const journalBytes = readFileSync(journal);
        const store = await ImageStore.open(file, {recover: "backup"});
        expect(store.recovery.fromBackup).toBe(true);
        expect(store.state).toStrictEqual(first);
        const aside = store.recovery.journalSetAside!;
        expect(readFileSync(aside).equals(journalBytes)).toBe(true);
        expect(store.recovery.notices.join(" ")).toMatch(/was gone; opened its backup/);
        await store.save();
        await store.close();
        const again = await ImageStore.open(file);
        expect(again.state).toStrictEqual(first);
        await again.close();
    });

    it("says where the changes are when only the journal is left", async () => {
        await lostImage();
        renameSync(backup, path.join(dir.dir, "elsewhere.bak"));
        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImageNotFoundError);
        expect((error as Error).message).toContain(`${journal} holds changes`);
        writeFileSync(journal, "");
        await expect(ImageStore.open(file)).rejects.toThrow(/Check the path, or create an image there/);
    });
});
