import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {mulberry32} from "../helpers/mulberry32.js";
import {runKillTest} from "./killDriver.js";

/**
 * The kill test (see killDriver.ts), small enough for `npm test`: every kind of write the command
 * line makes, SIGKILLed at random moments. LIVING_IMAGE_KILLS=1000 runs the long version (`npm run bench -- kills`
 * prints its figures: 35 min on two busy cores with the dist/ build).
 */
const kills = Number(process.env["LIVING_IMAGE_KILLS"] ?? 16);
let dir: string;
beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-kill-"));
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("the kill test", () => {
    it(`SIGKILLs the command line ${kills} times across eval, eval --save, save-as, journal replay, golden import and a forge cycle: nothing acknowledged is lost, nothing is corrupt, no import is half there`, async () => {
        const report = await runKillTest({
            dir, kills, source: true, random: mulberry32(20),
            ...(kills <= 50 ? {sequence: ["eval", "evalSave", "goldenImport", "saveAs", "replay", "eval", "evalSave", "forge", "eval", "goldenImport", "saveAs", "replay"]} : {})
        });
        console.log(`kill test: ${JSON.stringify({...report, ops: undefined})}\n  by operation: ${JSON.stringify(report.ops)}`);
        expect(report.unexpectedFailures).toEqual([]);
        expect(report.lostWrites).toEqual([]);
        expect(report.corruptFiles).toEqual([]);
        expect(report.halfImports).toEqual([]);
        expect(report.kills).toBe(kills);
        // The kills hit writes that later commands had to recover from, and acknowledged writes were there to lose.
        expect(report.acknowledgedWrites).toBeGreaterThan(0);
        expect(report.ops.forge.runs).toBeGreaterThan(0);
        expect(report.ops.goldenImport.runs).toBeGreaterThan(0);
    }, Math.max(1_200_000, kills * 30_000));
});
