import {copyFile, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";

let dir: string;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, args, {XDG_DATA_HOME: path.join(dir, "xdg")});
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-cli-dnu-"));
    await copyFile(path.resolve("workspace.image.json"), path.join(dir, "workspace.image.json"));
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("an unhandled error from the command line", () => {
    it("a typo is not sent to the model: it exits 1 naming receiver and selector, with the Smalltalk stack", async () => {
        const typo = await cli("eval", "BRICK goldenDataSet size");
        expect(typo.code).toBe(1);
        expect(typo.stdout).toBe("");
        expect(typo.stderr).toContain("BRICK does not understand #goldenDataSet. Did you mean #goldenDataset?");
        expect(typo.stderr).toContain("Smalltalk stack (innermost first):\n  DoIt  (line 1, column 7)\n      BRICK goldenDataSet size\n            ^");
        // The model was not asked: nothing waits for the judge, and the persona's scrapbook did not grow.
        expect(typo.stderr).not.toMatch(/judgement/);
        expect((await cli("eval", "BRICK scrapbook size")).stdout.trim()).toBe("0");
    }, 240_000);

    it("prints every context of the stack with its receiver, method, arguments and temporaries, from eval and run", async () => {
        const define = await cli("eval", "BRICK compile: 'double: x ^ self twice: x'. BRICK compile: 'quad: y | t | t := y * 2. ^ #(1 2) collect: [:e | self double: t]'", "--save");
        expect(define.code).toBe(0);
        const script = path.join(dir, "quad.st");
        await writeFile(script, "| n |\nn := 3.\nBRICK quad: n\n");
        for (const ran of [await cli("eval", "BRICK quad: 3"), await cli("run", script)]) {
            expect(ran.code).toBe(1);
            expect(ran.stderr).toContain("BRICK does not understand #twice:.");
            const stack = ran.stderr.slice(ran.stderr.indexOf("Smalltalk stack"));
            expect(stack).toMatch(/\n {2}BRICK>>double: {2}x = 6 {2}\(line 1, column 18\)\n {6}double: x \^ self twice: x\n {23}\^/);
            expect(stack).toMatch(/\n {2}\[\] in BRICK>>quad: {2}e = 1 {2}\(line 1, column 56\)/);
            expect(stack).toMatch(/\n {2}BRICK>>quad: {2}y = 3, t = 6 {2}\(line 1, column 36\)/);
            expect(stack).toMatch(/\n {2}DoIt.*\(line \d, column \d+\)/);
        }
        const scriptRun = await cli("run", script);
        expect(scriptRun.stderr).toMatch(/\n {2}DoIt {2}n = 3 {2}\(line 3, column 7\)/);
    }, 240_000);
});
