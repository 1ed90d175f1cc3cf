import {spawn} from "node:child_process";
import {existsSync, lstatSync, mkdirSync, readFileSync, symlinkSync, writeFileSync} from "node:fs";
import {hostname} from "node:os";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {ImageLockedError, ImageStore, lockPathFor, LockFileError} from "../../src/image/index.js";
import {tempDir, world} from "./sampleWorld.js";

function procStart(pid: number): number {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
}

// Where a lock records its owner's boot and start time: Linux's /proc. Elsewhere the lock goes by the pid alone
// (documented in src/image/ImageLock.ts), so this case is Linux's; on Linux a missing /proc fails the test.
const linux = process.platform === "linux";

/** Locks that used to let a second writer in, or crash: a symlinked image, a recycled pid, a folder where the lock goes. */
describe("the lock under faults", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    beforeEach(async () => {
        dir = tempDir();
        file = path.join(dir.dir, "real.image.json");
        const store = await ImageStore.open(file, {create: () => world(1)});
        await store.save();
        await store.close();
    });
    afterEach(() => dir.remove());

    it("locks and saves the real file when opened through a symbolic link", async () => {
        const link = path.join(dir.dir, "link.image.json");
        symlinkSync(file, link);
        const viaLink = await ImageStore.open(link);
        expect(viaLink.path).toBe(file);
        expect(existsSync(lockPathFor(file))).toBe(true);
        // A second writer through the real path is stopped.
        await expect(ImageStore.open(file)).rejects.toBeInstanceOf(ImageLockedError);
        viaLink.update((draft) => void draft.playgroundHistory.push("through the link"));
        await viaLink.save();
        await viaLink.close();
        // The link is still a link, to the one file that holds the change.
        expect(lstatSync(link).isSymbolicLink()).toBe(true);
        const real = await ImageStore.open(file, {readOnly: true});
        expect(real.state.playgroundHistory).toEqual(["through the link"]);
        await real.close();
    });

    it.runIf(linux)("takes over a lock whose pid now belongs to another process (a recycled pid), but not one whose owner still runs", async () => {
        const sleeper = spawn("sleep", ["60"], {stdio: "ignore"});
        try {
            const pid = sleeper.pid!;
            const bootId = readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
            const lock = (processStart: number) => writeFileSync(lockPathFor(file), JSON.stringify({
                pid, hostname: hostname(), startedAt: new Date().toISOString(), bootId, processStart
            }));
            // The lock's owner started at another moment: the pid was given to the sleeper since.
            lock(procStart(pid) - 1);
            const store = await ImageStore.open(file);
            expect(JSON.parse(readFileSync(lockPathFor(file), "utf8"))).toMatchObject({pid: process.pid, processStart: procStart(process.pid)});
            await store.close();
            // The same pid and start: the owner is alive.
            lock(procStart(pid));
            const error = await ImageStore.open(file).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(ImageLockedError);
            expect((error as ImageLockedError).pid).toBe(pid);
            // Another boot: whatever runs with that pid now, the owner is gone.
            writeFileSync(lockPathFor(file), JSON.stringify({pid, hostname: hostname(), startedAt: "x", bootId: "another-boot", processStart: procStart(pid)}));
            const afterReboot = await ImageStore.open(file);
            await afterReboot.close();
        } finally {
            sleeper.kill("SIGKILL");
        }
    });

    it("says what to do when the lock's path is a folder", async () => {
        mkdirSync(lockPathFor(file));
        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(LockFileError);
        expect((error as LockFileError).userError).toBe(true);
        expect((error as Error).message).toContain(`${lockPathFor(file)} is not a lock file`);
        // Read-only needs no lock.
        const reader = await ImageStore.open(file, {readOnly: true});
        expect(reader.state.personas["brick-id"]).toBeDefined();
        await reader.close();
    });
});
