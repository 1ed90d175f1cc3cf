import {existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {
    backupPathFor, ImageStore, journalPathFor, lockPathFor, SaveAsRefusedError, scanJournal
} from "../../src/image/index.js";
import {tempDir, world} from "./sampleWorld.js";

/** save-as writes image files only, and never destroys what it replaces. */
describe("save-as", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    let store: ImageStore;
    beforeEach(async () => {
        dir = tempDir();
        file = path.join(dir.dir, "workspace.image.json");
        store = await ImageStore.open(file, {create: () => world(2)});
        await store.save();
        store.update((draft) => void draft.playgroundHistory.push("unsaved work"));
    });
    afterEach(async () => {
        await store.close();
        dir.remove();
    });

    async function refused(target: string, reason: string, options: {force?: boolean} = {}): Promise<SaveAsRefusedError> {
        const error = await store.saveAs(target, options).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(SaveAsRefusedError);
        expect((error as SaveAsRefusedError).reason).toBe(reason);
        expect((error as SaveAsRefusedError).userError).toBe(true);
        return error as SaveAsRefusedError;
    }

    it("never writes over the image's own journal, backup or lock, even with force, and the unsaved changes survive", async () => {
        await store.save();
        store.update((draft) => void draft.playgroundHistory.push("still unsaved"));
        const journal = readFileSync(journalPathFor(file));
        const backup = readFileSync(backupPathFor(file));
        for (const companion of [journalPathFor(file), backupPathFor(file), lockPathFor(file)]) {
            const error = await refused(companion, "companion", {force: true});
            expect(error.message).toMatch(/not an image\. Choose a name of its own/);
        }
        expect(readFileSync(journalPathFor(file)).equals(journal)).toBe(true);
        expect(readFileSync(backupPathFor(file)).equals(backup)).toBe(true);
        await store.close();
        const reopened = await ImageStore.open(file);
        expect(reopened.state.playgroundHistory).toEqual(["unsaved work", "still unsaved"]);
        await reopened.close();
        store = await ImageStore.open(file);
    });

    it("refuses a file that is not an image unless forced, and then keeps it as the copy's .bak", async () => {
        const notes = path.join(dir.dir, "notes.txt");
        writeFileSync(notes, "my notes, not an image\n");
        const error = await refused(notes, "not-an-image");
        expect(error.message).toContain("--force");
        expect(readFileSync(notes, "utf8")).toBe("my notes, not an image\n");
        await store.saveAs(notes, {force: true});
        expect(readFileSync(backupPathFor(notes), "utf8")).toBe("my notes, not an image\n");
        const copy = await ImageStore.open(notes, {readOnly: true});
        expect(copy.state).toStrictEqual(store.state);
        await copy.close();
    });

    it("refuses a folder, and an image that does not verify unless forced", async () => {
        const folder = path.join(dir.dir, "folder");
        mkdirSync(folder);
        await refused(folder, "folder", {force: true});
        const broken = path.join(dir.dir, "broken.image.json");
        await store.saveAs(broken);
        const bytes = readFileSync(broken);
        bytes[bytes.length - 5] = bytes[bytes.length - 5]! ^ 1;
        writeFileSync(broken, bytes);
        await refused(broken, "corrupt-image");
        await store.saveAs(broken, {force: true});
        expect(readFileSync(backupPathFor(broken)).equals(bytes)).toBe(true);
    });

    it("replaces a good image, keeping it as .bak, and works on a read-only store", async () => {
        const other = path.join(dir.dir, "other.image.json");
        await store.saveAs(other);
        const first = readFileSync(other);
        store.update((draft) => void draft.playgroundHistory.push("second version"));
        await store.saveAs(other);
        expect(readFileSync(backupPathFor(other)).equals(first)).toBe(true);
        const reader = await ImageStore.open(file, {readOnly: true, ifLocked: "readOnly"});
        const third = path.join(dir.dir, "third.image.json");
        await reader.saveAs(third);
        await expect(reader.saveAs(journalPathFor(third))).rejects.toBeInstanceOf(SaveAsRefusedError);
        await reader.close();
        expect(existsSync(third)).toBe(true);
    });

    it("follows a symbolic link: save-as onto a link to this image is a save, and onto a link elsewhere writes the file it points to", async () => {
        const link = path.join(dir.dir, "link.image.json");
        symlinkSync(file, link);
        await store.saveAs(link);
        expect(store.dirty).toBe(false);
        expect(scanJournal(journalPathFor(file)).entries).toHaveLength(0);
        const real = path.join(dir.dir, "real.image.json");
        const otherLink = path.join(dir.dir, "other-link.image.json");
        symlinkSync(real, otherLink);
        await store.saveAs(otherLink);
        expect(existsSync(real)).toBe(true);
        expect(lstatSync(otherLink).isSymbolicLink()).toBe(true);
        const copy = await ImageStore.open(real, {readOnly: true});
        expect(copy.state.playgroundHistory).toEqual(["unsaved work"]);
        await copy.close();
    });
});
