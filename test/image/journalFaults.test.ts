import * as fs from "node:fs";
import {closeSync, openSync, readFileSync, statSync, truncateSync, writeFileSync, writeSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {
    CorruptJournalError, ImageStore, Journal, journalPathFor, JournalWriteError, scanJournal, type JournalFiles, type WorldState
} from "../../src/image/index.js";
import {tempDir, world} from "./sampleWorld.js";

/**
 * Faults of the journal that used to lose work silently: complete lines that do not parse, entries
 * that do not fit the image, a journal too large to read, and appends that fail half-way. Each test
 * checks the error (or notice), and that nothing the user did was lost: the file is byte for byte
 * what it was, or set aside whole in a file the message names.
 */
describe("the journal under faults", () => {
    let dir: {dir: string, remove: () => void};
    let file: string;
    let journal: string;
    beforeEach(() => {
        dir = tempDir();
        file = path.join(dir.dir, "workspace.image.json");
        journal = journalPathFor(file);
    });
    afterEach(() => dir.remove());

    /** A saved image and `n` unsaved updates, each pushing `line i` onto the Playground history. */
    async function withUnsaved(n: number): Promise<WorldState[]> {
        const store = await ImageStore.open(file, {create: () => world(2)});
        await store.save();
        const states = [store.state];
        for (let i = 1; i <= n; i++) {
            store.update((draft) => void draft.playgroundHistory.push(`line ${i}`), `line ${i}`);
            states.push(store.state);
        }
        await store.close();
        return states;
    }

    function journalLines(): string[] {
        return readFileSync(journal, "utf8").split("\n").slice(0, -1);
    }

    it("refuses complete lines that do not parse, even at the end, and deletes nothing; --recover journal keeps the good ones and sets the whole file aside", async () => {
        const states = await withUnsaved(1000);
        // The second half of the lines damaged in place: complete, newline-terminated, and not entries.
        const lines = journalLines();
        const damaged = lines.map((line, i) => i < 500 ? line : `{"json": ${i}`);
        writeFileSync(journal, damaged.join("\n") + "\n");
        const before = readFileSync(journal);

        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptJournalError);
        const corrupt = error as CorruptJournalError;
        expect(corrupt.line).toBe(501);
        expect(corrupt.linesBefore).toBe(500);
        expect(corrupt.linesAfter).toBe(499);
        expect(corrupt.message).toContain("line 501: the line is not valid JSON");
        expect(corrupt.message).toContain("--recover journal");
        expect(corrupt.userError).toBe(true);
        // Nothing changed on disk, and a read-only look is refused the same way.
        expect(readFileSync(journal).equals(before)).toBe(true);
        await expect(ImageStore.open(file, {readOnly: true})).rejects.toBeInstanceOf(CorruptJournalError);

        const recovered = await ImageStore.open(file, {recover: "journal"});
        expect(recovered.state).toStrictEqual(states[500]);
        expect(recovered.recovery.replayedEntries).toBe(500);
        expect(recovered.recovery.skippedFromLine).toBe(501);
        const aside = recovered.recovery.journalSetAside!;
        expect(aside).toMatch(/workspace\.changes\.jsonl\.set-aside-/);
        expect(readFileSync(aside).equals(before)).toBe(true);
        expect(recovered.recovery.notices.join(" ")).toContain(aside);
        // The journal now holds exactly the 500 replayed lines, and appending continues after them.
        expect(journalLines()).toEqual(lines.slice(0, 500));
        recovered.update((draft) => void draft.playgroundHistory.push("after recovery"));
        await recovered.close();
        const again = await ImageStore.open(file);
        expect(again.state.playgroundHistory).toEqual([...states[500]!.playgroundHistory, "after recovery"]);
        await again.close();
    });

    it("drops only a torn last line, and says how many bytes", async () => {
        const states = await withUnsaved(3);
        truncateSync(journal, statSync(journal).size - 9);
        const store = await ImageStore.open(file);
        expect(store.state).toStrictEqual(states[2]);
        expect(store.recovery.droppedTornTail).toBe(true);
        expect(store.recovery.droppedBytes).toBeGreaterThan(0);
        expect(store.recovery.notices).toHaveLength(1);
        expect(store.recovery.notices[0]).toMatch(/line 3, \d+ bytes\) was cut short by a crash/);
        await store.close();
    });

    it.each([
        ["a persona's slots replaced by null", {op: "replace", path: ["personas", "brick-id", "slots"], value: null}, /persona brick-id's slots is not a record/],
        ["the whole state replaced by a number", {op: "replace", path: [], value: 7}, /the state is not a record/],
        ["a patch into a persona that does not exist", {op: "replace", path: ["personas", "nobody", "name"], value: "X"}, /does not fit the image/]
    ])("refuses a well-formed entry that does not fit (%s), naming its line", async (_what, patch, detail) => {
        const states = await withUnsaved(4);
        // A well-formed line, written the way the store writes them, inserted as line 3.
        const lines = journalLines();
        const probe = await ImageStore.open(path.join(dir.dir, "probe.image.json"), {create: () => world(0)});
        probe.update((draft) => void draft.playgroundHistory.push("probe"));
        await probe.close();
        const template = JSON.parse(readFileSync(journalPathFor(path.join(dir.dir, "probe.image.json")), "utf8").split("\n")[1]!) as {json: {gen: number, patches: unknown[]}};
        template.json.gen = 1;
        template.json.patches = [patch];
        lines.splice(2, 0, JSON.stringify(template));
        writeFileSync(journal, lines.join("\n") + "\n");
        const before = readFileSync(journal);

        const error = await ImageStore.open(file).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(CorruptJournalError);
        expect((error as CorruptJournalError).line).toBe(3);
        expect((error as Error).message).toMatch(detail);
        expect(readFileSync(journal).equals(before)).toBe(true);

        const recovered = await ImageStore.open(file, {recover: "journal", readOnly: true});
        expect(recovered.state).toStrictEqual(states[2]);
        expect(recovered.recovery.journalSetAside).toBeNull();
        expect(readFileSync(journal).equals(before)).toBe(true);
        await recovered.close();
    });

    it("reads a journal larger than a Buffer can hold, reporting the line it cannot read instead of crashing", async () => {
        const states = await withUnsaved(2);
        const good = readFileSync(journal);
        // A hole of 2.15 GB (sparse: no disk used) ending in a newline, then a good line: too large to be an entry.
        const holeEnd = 2_150_000_000;
        const fd = openSync(journal, "r+");
        writeSync(fd, Buffer.from("\n"), 0, 1, holeEnd);
        writeSync(fd, good.subarray(0, good.indexOf(0x0a) + 1), 0, good.indexOf(0x0a) + 1, holeEnd + 1);
        closeSync(fd);
        // One open only (each reads the 2 GB): the refusal without --recover journal is the same as in the tests above.
        const recovered = await ImageStore.open(file, {recover: "journal"});
        expect(recovered.state).toStrictEqual(states[2]);
        expect(recovered.recovery.skippedFromLine).toBe(3);
        expect(recovered.recovery.notices[0]).toMatch(/before line 3 \(the line is \d{10} bytes long, more than can be read as one entry\)/);
        expect(statSync(recovered.recovery.journalSetAside!).size).toBe(holeEnd + 1 + good.indexOf(0x0a) + 1);
        expect(statSync(journal).size).toBe(good.length);
        await recovered.close();
    }, 120_000);

    /** node:fs, except that writes fail with `code` after `budget` bytes (a disk filling up), and truncation fails when asked. */
    function failingFiles(state: {budget: number, code: string, truncateFails: boolean}): JournalFiles {
        const fail = (code: string) => Object.assign(new Error(`${code}: injected`), {code});
        return {
            openSync: fs.openSync,
            fsyncSync: fs.fsyncSync,
            writeSync: ((fd: number, buffer: Buffer, offset: number, length: number) => {
                if (state.budget <= 0) throw fail(state.code);
                const n = Math.min(length, state.budget);
                state.budget -= n;
                return fs.writeSync(fd, buffer, offset, n);
            }) as JournalFiles["writeSync"],
            ftruncateSync: ((fd: number, length?: number) => {
                if (state.truncateFails) throw fail("EIO");
                fs.ftruncateSync(fd, length);
            }) as JournalFiles["ftruncateSync"]
        };
    }

    const entry = (seq: number) => ({gen: 1, seq, patches: [{op: "add" as const, path: ["playgroundHistory", seq - 1], value: `entry ${seq} ${"x".repeat(100)}`}]});

    it("cuts a half-written line back off when the disk fills up, so the journal holds exactly what was acknowledged", () => {
        const state = {budget: Number.POSITIVE_INFINITY, code: "ENOSPC", truncateFails: false};
        const log = new Journal(journal, {bytes: 0, files: failingFiles(state)});
        log.append(entry(1));
        const size = statSync(journal).size;
        state.budget = 40;
        let error: unknown = null;
        try {
            log.append(entry(2));
        } catch (e) {
            error = e;
        }
        expect(error).toBeInstanceOf(JournalWriteError);
        if (!(error instanceof JournalWriteError)) return;
        expect(error.undone).toBe(true);
        expect(error.code).toBe("ENOSPC");
        expect(error.message).toMatch(/The change was not made: .*the disk is full \(ENOSPC\)\. The journal is as it was before it/);
        expect(statSync(journal).size).toBe(size);
        expect(log.bytes).toBe(size);
        // Room again: the next append lands on a clean line.
        state.budget = Number.POSITIVE_INFINITY;
        log.append(entry(2));
        log.close();
        expect(scanJournal(journal).entries.map((e) => e.seq)).toEqual([1, 2]);
        expect(scanJournal(journal).tornTail).toBeNull();
    });

    it("refuses every later change when the torn line cannot be cut back, until a save rewrites the journal", () => {
        const state = {budget: 30, code: "EIO", truncateFails: true};
        const log = new Journal(journal, {bytes: 0, files: failingFiles(state)});
        expect(() => log.append(entry(1))).toThrow(/could not be put back as it was/);
        expect(log.broken).toBe(true);
        state.budget = Number.POSITIVE_INFINITY;
        expect(() => log.append(entry(1))).toThrow(/Changes are refused/);
        // After a crash now, the fragment is a torn tail: dropped on open, since its change never returned.
        expect(scanJournal(journal).tornTail).not.toBeNull();
        state.truncateFails = false;
        log.dropBefore(0);
        expect(log.broken).toBe(false);
        log.append(entry(1));
        log.close();
        expect(scanJournal(journal).entries).toHaveLength(1);
    });
});
