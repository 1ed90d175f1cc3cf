import {copyFile, mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";
import {journalPathFor, scanJournal} from "../../src/image/index.js";
import {startRedisServer, type RedisServer} from "../bus/helpers/redisServer.js";

/**
 * With Redis stopped, a command on `--bus redis://…` fails within its deadline with what to do
 * (it used to hang without a word), `bus tail` exits, and the image loses nothing and gains nothing.
 */
let dir: string;
let image: string;
let redis: RedisServer;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, [...args, "--image", image], {LIVING_IMAGE_SOURCE: "1"}, {timeoutMs: 60_000});
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-bus-faults-"));
    image = path.join(dir, "bus.image.json");
    await copyFile(path.resolve("workspace.image.json"), image);
    redis = await startRedisServer();
});
afterAll(async () => {
    await redis.dispose();
    await rm(dir, {recursive: true, force: true});
});

describe("the command line with Redis stopped", () => {
    it("fails within the deadline with what to do, changes nothing, and bus tail exits too", async () => {
        const up = await cli("eval", "BRICK at: 'sent' put: 1. BRICK publish: #Ping with: 1. 1", "--bus", redis.url);
        expect(up.code, up.stderr).toBe(0);
        const journalLines = scanJournal(journalPathFor(image)).entries.length;
        await redis.stop();

        const down = await cli("eval", "BRICK at: 'lost' put: 2. 2", "--bus", redis.url);
        expect(down.code).toBe(1);
        expect(down.stderr).toMatch(new RegExp(`Cannot reach Redis at ${redis.url.replace(/[.:/]/g, "\\$&")} after 5000 ms .*Start it \\(redis-server --port PORT\\)`));
        expect(down.stderr).not.toMatch(/internal error/);
        // The command was refused before it ran: the journal is as the first command left it.
        expect(scanJournal(journalPathFor(image)).entries.length).toBe(journalLines);
        const kept = await cli("eval", "(BRICK at: 'sent') printString, ' ', (BRICK slots includes: 'slots.lost') printString");
        expect(kept.stdout.trim()).toBe("'1 false'");

        const tail = await cli("bus", "tail", "--bus", redis.url);
        expect(tail.code).toBe(1);
        expect(tail.stderr).toMatch(/Cannot reach Redis/);
    }, 180_000);
});
