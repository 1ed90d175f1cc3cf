import {copyFile, mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";

let dir: string;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, [...args, "--threads", "1"], {XDG_DATA_HOME: path.join(dir, "xdg")});
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-cli-synth-"));
    await copyFile(path.resolve("workspace.image.json"), path.join(dir, "workspace.image.json"));
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("living-image synthesize", () => {
    it("says how to call it without an example", async () => {
        const bare = await cli("synthesize", "BRICK", "double:");
        expect(bare.code).toBe(1);
        expect(bare.stderr).toContain("synthesize takes a PERSONA, a SELECTOR and one or more --example");
        const notBlock = await cli("synthesize", "BRICK", "double:", "--example", "(p double: 3) = 6");
        expect(notBlock.code).toBe(1);
        expect(notBlock.stderr).toContain("--example takes a one-argument block about the persona");
    }, 240_000);

    it("exits 1 and installs nothing when no draft of the embedded model meets an example no method can meet", async () => {
        const impossible = await cli("synthesize", "BRICK", "double:", "--example", "[:p | (p double: 3) = 6 and: [(p double: 3) = 7]]", "--yes");
        expect(impossible.code).toBe(1);
        expect(impossible.stdout).toContain("BRICK>>double:: no draft by living-image-genesis.gguf passed the three gates in 4 tries");
        expect(impossible.stdout).toContain("nothing was installed");
        expect(impossible.stderr).toContain("draft 4: failed");
        const methods = await cli("eval", "BRICK methods");
        expect(methods.stdout).not.toContain("double:");
    }, 240_000);
});
