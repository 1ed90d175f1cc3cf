import {existsSync, readdirSync, readFileSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {produce} from "immer";
import {backupPathFor, decodeImage, ImageStore, type WorldState} from "../../src/image/index.js";
import {spawnFixture} from "./childProcess.js";
import {crashStep, initialCrashWorld} from "./fixtures/crashWorld.js";
import {tempDir} from "./sampleWorld.js";

const kills = 50;
const maxDelayMs = 300;

describe("the crash test", () => {
    let dir: {dir: string, remove: () => void};
    beforeEach(() => {
        dir = tempDir();
    });
    afterEach(() => dir.remove());

    it(`SIGKILLs a process that updates and saves in a loop ${kills} times; every time the image opens to the last save plus the journal, never corrupt`, async () => {
        const file = path.join(dir.dir, "crash.image.json");
        // Expected states by counter, computed the way the child computes them.
        const expected: WorldState[] = [initialCrashWorld()];
        const expectedAt = (n: number): WorldState => {
            while (expected.length <= n) {
                const step = expected.length;
                expected.push(produce(expected[step - 1]!, (draft) => crashStep(draft, step)));
            }
            return expected[n]!;
        };
        const stats = {beforeFirstSave: 0, replayed: 0, tornTails: 0, killedMidSave: 0, inFlightUpdate: 0, counters: [] as number[]};
        let lastCounter = 0;
        for (let round = 0; round < kills; round++) {
            const child = spawnFixture("saveLoop.ts", [file]);
            const ready = await child.waitFor(/^ready \d+$/);
            expect(Number(ready.split(" ")[1])).toBe(lastCounter);
            await new Promise((resolve) => setTimeout(resolve, Math.random() * maxDelayMs));
            child.process.kill("SIGKILL");
            const {signal} = await child.exited;
            expect(signal, child.stderr()).toBe("SIGKILL");

            const lastOf = (word: string) => Math.max(lastCounter, ...child.lines.filter((l) => l.startsWith(word)).map((l) => Number(l.split(" ")[1])));
            const saved = lastOf("saved");
            const updated = lastOf("updated");
            if (readdirSync(dir.dir).some((name) => name.includes(".tmp-"))) stats.killedMidSave++;

            // The image file and its backup must verify, every time, without any recovery option.
            // (Before the first save completes there is no file: a new image lives in its journal.)
            if (existsSync(file)) decodeImage(readFileSync(file, "utf8"), file);
            else stats.beforeFirstSave++;
            if (existsSync(backupPathFor(file))) decodeImage(readFileSync(backupPathFor(file), "utf8"), backupPathFor(file));

            const store = await ImageStore.open(file);
            const counter = store.state.settings["counter"] as number;
            expect(store.recovery.fromBackup).toBe(false);
            expect(counter).toBeGreaterThanOrEqual(saved);
            expect(counter).toBeGreaterThanOrEqual(updated);
            // At most one update was journaled but killed before it could print.
            expect(counter).toBeLessThanOrEqual(updated + 1);
            expect(store.state).toStrictEqual(expectedAt(counter));
            if (store.recovery.replayedEntries > 0) stats.replayed++;
            if (store.recovery.droppedTornTail) stats.tornTails++;
            if (counter === updated + 1) stats.inFlightUpdate++;
            stats.counters.push(counter);
            lastCounter = counter;
            await store.close();
        }
        console.log(`crash test: ${kills} kills, final counter ${lastCounter}; ` +
            `${stats.replayed} reopenings replayed the journal, ${stats.killedMidSave} kills left a save's temporary file, ` +
            `${stats.tornTails} torn journal tails, ${stats.beforeFirstSave} before the first save, ${stats.inFlightUpdate} kills between an update's journal line and its return`);
        // The kills must have hit both between saves (journal to replay) and in the middle of saves.
        expect(stats.replayed).toBeGreaterThan(0);
        expect(lastCounter).toBeGreaterThan(kills);
    }, 240_000);
});
