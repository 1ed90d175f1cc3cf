import {mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ImageStore} from "../../src/image/index.js";
import {onSmallDisk, smallDiskAvailable, smallDiskSkipReason, type DiskRun} from "../helpers/smallDisk.js";

/**
 * The command line on a disk that fills up and on one that turns read-only, for real (a small
 * tmpfs; see test/helpers/smallDisk.ts): every failure exits 1 with a message that says what to do,
 * and nothing that was acknowledged is lost.
 */
const image = path.resolve("workspace.image.json");
// A change larger than a page: on a full tmpfs it cannot fit in the slack of the journal's last page.
const big = "x".repeat(9000);

let outside: string;
beforeAll(async () => {
    outside = await mkdtemp(path.join(tmpdir(), "li-disk-outside-"));
});
afterAll(async () => {
    await rm(outside, {recursive: true, force: true});
});

function step(run: DiskRun, name: string): {output: string, rc: number | null} {
    const found = run.steps.get(name);
    expect(found, `step ${name} did not run:\n${run.output}`).toBeDefined();
    return found!;
}

describe.skipIf(!smallDiskAvailable)(`the command line on a full or read-only disk (${smallDiskAvailable ? "tmpfs" : smallDiskSkipReason})`, () => {
    it("refuses a change it cannot journal on a full disk, keeps every acknowledged one, and saves once there is room", async () => {
        const run = await onSmallDisk(`
cp '${image}' "$DISK/w.image.json"
I="$DISK/w.image.json"
step first;      li eval "BRICK at: 'one' put: 'kept'. 1" --image "$I"
step journal0;   wc -c < "$DISK/w.changes.jsonl"
dd if=/dev/zero of="$DISK/.spare" bs=4096 count=1 2>/dev/null
fill
step nolock;     li eval "BRICK at: 'two' put: 'x'. 2" --image "$I"
# One page free: room for the lock, not for the change.
rm "$DISK/.spare"
step full;       li eval "BRICK at: 'two' put: '${big}'. 2" --image "$I"
step journal;    wc -c < "$DISK/w.changes.jsonl"
step fullsave;   li eval "BRICK at: 'three' put: 'small'. 3" --image "$I" --save
step image;      sha256sum "$I" | cut -c1-64
rm -f "$DISK/.filler" "$DISK/.filler2"
step roomsave;   li eval "(BRICK at: 'one'), ' ', (BRICK at: 'three'), ' ', (BRICK slots includes: 'slots.two') printString" --image "$I" --save
step reopened;   li eval "(BRICK at: 'one'), ' ', (BRICK at: 'three')" --image "$I"
step leftovers;  ls -a "$DISK"
`, {kb: 320});
        expect(run.code, run.output).toBe(0);
        expect(step(run, "first").rc).toBe(0);

        const noLock = step(run, "nolock");
        expect(noLock.rc).toBe(1);
        expect(noLock.output).toMatch(/w\.image\.json cannot be opened for writing: the lock .*w\.image\.json\.lock cannot be created: the disk is full \(ENOSPC\)\. Free some space and try again, or open the image with --read-only/);

        const full = step(run, "full");
        expect(full.rc).toBe(1);
        expect(full.output).toMatch(/living-image: The change was not made: writing it to the journal w\.changes\.jsonl failed: the disk is full \(ENOSPC\)\. The journal is as it was before it: every change made before this one is kept\. Free some space/);
        expect(full.output).not.toMatch(/internal error|at .*\.ts:\d+/);

        // Cut back to exactly the acknowledged lines.
        expect(step(run, "journal").output).toBe(step(run, "journal0").output);

        const fullSave = step(run, "fullsave");
        expect(fullSave.rc).toBe(1);
        expect(fullSave.output).toMatch(/The image was not written to .*w\.image\.json: the disk is full \(ENOSPC\)\. w\.image\.json on disk is as it was, and the unsaved changes are still in .*w\.changes\.jsonl\. Free some space and save again/);

        // After room is made: the acknowledged change and the one journaled before the failed save are there, the refused one is not.
        const saved = step(run, "roomsave");
        expect(saved.rc, saved.output).toBe(0);
        expect(saved.output.trim().split("\n").at(-1)).toBe("'kept small false'");
        expect(step(run, "reopened").output.trim()).toBe("'kept small'");
        expect(step(run, "leftovers").output).not.toMatch(/\.tmp-|set-aside/);
    }, 300_000);

    it("on a disk that turned read-only: refuses to write with a way out, still shows everything, and saves a copy elsewhere", async () => {
        const copy = path.join(outside, "rescued.image.json");
        const run = await onSmallDisk(`
cp '${image}' "$DISK/w.image.json"
I="$DISK/w.image.json"
step first;     li eval "BRICK at: 'one' put: 'kept'. 1" --image "$I"
readonly_disk
step write;     li eval "BRICK at: 'two' put: 'no'. 2" --image "$I"
step look;      li eval "BRICK at: 'one'" --image "$I" --read-only
step copyhere;  li save-as "$DISK/copy.image.json" --image "$I"
step rescue;    li save-as '${copy}' --image "$I"
`, {kb: 512});
        expect(run.code, run.output).toBe(0);
        const write = step(run, "write");
        expect(write.rc).toBe(1);
        expect(write.output).toMatch(/w\.image\.json cannot be opened for writing: the lock .*w\.image\.json\.lock cannot be created: the file system is read-only \(EROFS\)\. Open the image with --read-only/);
        expect(step(run, "look")).toEqual({output: "'kept'\n", rc: 0});
        const copyHere = step(run, "copyhere");
        expect(copyHere.rc).toBe(1);
        expect(copyHere.output).toMatch(/The copy was not written to .*copy\.image\.json: the file system is read-only \(EROFS\)\. Nothing else changed/);
        expect(step(run, "rescue").rc).toBe(0);
        // The copy holds the journaled change, on a disk outside the namespace.
        const rescued = await ImageStore.open(copy, {readOnly: true});
        expect(Object.values(rescued.state.personas).find((p) => p.name === "BRICK")!.slots["one"]).toBe("kept");
        await rescued.close();
        expect((await readFile(copy)).length).toBeGreaterThan(1000);
    }, 300_000);
});
