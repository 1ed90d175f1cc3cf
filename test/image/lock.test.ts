import {existsSync, readFileSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {emptyWorld, ImageLockedError, ImageStore, lockPathFor, ReadOnlyImageError} from "../../src/image/index.js";
import {spawnFixture, type Child} from "./childProcess.js";
import {tempDir} from "./sampleWorld.js";

describe("one writer at a time", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    let child: Child | null = null;
    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir.dir, "workspace.image.json");
    });
    afterEach(async () => {
        if (child !== null && child.process.exitCode === null && child.process.signalCode === null) {
            child.process.kill("SIGKILL");
            await child.exited;
        }
        child = null;
        dir.remove();
    });

    it("tells a second process which pid holds the image, offers read-only, and takes over once that pid is dead", async () => {
        child = spawnFixture("holdImage.ts", [file]);
        await child.waitFor(/^holding \d+$/);
        const childPid = child.process.pid!;
        expect(JSON.parse(readFileSync(lockPathFor(file), "utf8"))).toMatchObject({pid: childPid});

        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImageLockedError);
        expect((error as ImageLockedError).pid).toBe(childPid);
        expect((error as Error).message).toContain(`process ${childPid}`);
        expect((error as Error).message).toContain("--read-only");

        const reader = await ImageStore.open(file, {ifLocked: "readOnly"});
        expect(reader.readOnly).toBe(true);
        expect(reader.state.playgroundHistory).toEqual([`held by ${childPid}`]);
        expect(() => reader.update((draft) => void draft.playgroundHistory.push("no"))).toThrow(ReadOnlyImageError);
        await expect(reader.save()).rejects.toBeInstanceOf(ReadOnlyImageError);
        await reader.close();

        child.process.kill("SIGKILL");
        expect((await child.exited).signal).toBe("SIGKILL");
        // The dead child's lock is still there; it is stale now, and taken over.
        expect(existsSync(lockPathFor(file))).toBe(true);
        const writer = await ImageStore.open(file);
        expect(writer.readOnly).toBe(false);
        expect(JSON.parse(readFileSync(lockPathFor(file), "utf8"))).toMatchObject({pid: process.pid});
        writer.update((draft) => void draft.playgroundHistory.push("mine now"));
        await writer.close();
        expect(existsSync(lockPathFor(file))).toBe(false);
    });

    it("refuses a second writer in the same process, and readOnly: true needs no lock", async () => {
        const first = await ImageStore.open(file, {create: emptyWorld});
        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ImageLockedError);
        expect((error as Error).message).toContain("this process already has it open");
        await first.save();
        const reader = await ImageStore.open(file, {readOnly: true});
        expect(reader.readOnly).toBe(true);
        await reader.close();
        await first.close();
        await first.close();
    });

    it("takes over a lock left by a dead process and a lock file cut short", async () => {
        // A pid that cannot be alive: above the kernel's pid_max.
        writeFileSync(lockPathFor(file), JSON.stringify({pid: 2 ** 22 + 1, hostname: (await import("node:os")).hostname(), startedAt: "x"}));
        const store = await ImageStore.open(file, {create: emptyWorld});
        await store.close();
        writeFileSync(lockPathFor(file), "{\"pid\":");
        const old = new Date(Date.now() - 60_000);
        (await import("node:fs")).utimesSync(lockPathFor(file), old, old);
        const again = await ImageStore.open(file, {create: emptyWorld});
        await again.close();
    });

    it("releases the lock on close, and a read-only saveAs writes a copy under the copy's own lock", async () => {
        const store = await ImageStore.open(file, {create: emptyWorld});
        store.update((draft) => void draft.playgroundHistory.push("copied"));
        await store.save();
        await store.close();
        const reader = await ImageStore.open(file, {readOnly: true});
        const copy = path.join(dir.dir, "copy.image.json");
        const result = await reader.saveAs(copy);
        expect(result.path).toBe(copy);
        expect(reader.path).toBe(file);
        expect(existsSync(lockPathFor(copy))).toBe(false);
        await reader.close();
        const opened = await ImageStore.open(copy);
        expect(opened.state.playgroundHistory).toEqual(["copied"]);
        await opened.close();
    });
});
