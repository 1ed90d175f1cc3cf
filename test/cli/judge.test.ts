import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage, Runtime} from "../../src/index.js";
import {pendingInteractions} from "../../src/oracle/index.js";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";

/**
 * Chats made by `eval` wait in the image for the Oracle (and `eval` says so); `living-image judge` works through
 * that backlog with a progress line and records every verdict.
 */
let dir: string;
let image: string;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, [...args, "--image", image, "--threads", "1"]);
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-judge-cli-"));
    image = path.join(dir, "judge.image.json");
    await createImage(image);
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("living-image judge", () => {
    it("judges the chats eval left in the backlog, then finds nothing left", async () => {
        const chatted = await cli("eval", "BRICK chat: 'Is a late train a problem?'. ROBIN chat: 'I feel stuck with a late train.'");
        expect(chatted.code).toBe(0);
        expect(chatted.stderr).toMatch(/2 interactions wait for ALFRED's judgement: `living-image judge`/);

        const judged = await cli("judge");
        expect(judged.stderr).toBe("");
        expect(judged.code).toBe(0);
        expect(judged.stdout).toMatch(/^ALFRED judges 2 interactions of BRICK, ROBIN, BABS\.\n/);
        expect(judged.stdout).toMatch(/\[#+\] 2\/2 · \d golden · last: ROBIN \d\.\d\d/);
        expect(judged.stdout).toMatch(/ALFRED judged 2 interactions; \d became golden samples\.\n {2}BRICK: \d golden samples, \d since its last cycle \(its forge threshold is 500\)\./);

        const runtime = await Runtime.open(image, {readOnly: true});
        try {
            expect(pendingInteractions(runtime, "ALFRED", ["BRICK", "ROBIN", "BABS"])).toEqual([]);
            for (const name of ["BRICK", "ROBIN"]) expect(runtime.manager.get(name).record.scrapbook[0]!.meta?.["judgements"]).toHaveLength(1);
        } finally {
            await runtime.dispose();
        }
        const again = await cli("judge", "BRICK");
        expect(again.stdout).toMatch(/^Nothing to judge: ALFRED has judged every interaction of BRICK\./);
        const self = await cli("judge", "ALFRED");
        expect(self.code).toBe(1);
        expect(self.stderr).toMatch(/ALFRED is the judge/);
    }, 180_000);
});
