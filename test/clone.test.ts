import {execFile} from "node:child_process";
import {mkdtemp, readdir, rm, symlink} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {promisify, stripVTControlCharacters} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";

/**
 * The repository stands alone: a git clone of the current HEAD, in a temporary folder with nothing beside
 * it (no sibling folder or checkout), passes the fast tier and builds a working command. Only
 * node_modules comes from here (a link inside the clone): packages are the registry's, not the repository's.
 * What is not committed is not in the clone: this tests HEAD.
 */
const run = promisify(execFile);
const repo = path.resolve(import.meta.dirname, "..");
let parent = "";
let clone = "";

/** The environment of a fresh shell: no trace of this vitest run, and the source is not forced. */
function cleanEnv(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {};
    for (const [key, value] of Object.entries(process.env)) if (!/^(VITEST|TINYPOOL|LIVING_IMAGE_)/.test(key)) env[key] = value;
    env.NODE_ENV = undefined;
    return env;
}

beforeAll(async () => {
    parent = await mkdtemp(path.join(tmpdir(), "li-clone-"));
    clone = path.join(parent, "living-image");
    const {stdout: head} = await run("git", ["rev-parse", "HEAD"], {cwd: repo});
    await run("git", ["clone", "--quiet", "--no-checkout", repo, clone]);
    await run("git", ["checkout", "--quiet", head.trim()], {cwd: clone});
    await symlink(path.join(repo, "node_modules"), path.join(clone, "node_modules"), "dir");
}, 120_000);
afterAll(async () => {
    if (parent !== "") await rm(parent, {recursive: true, force: true});
});

describe("a clone of the repository with nothing beside it", () => {
    it("has nothing beside it", async () => {
        expect(await readdir(parent)).toEqual(["living-image"]);
    });

    it("passes npm run test:unit", async () => {
        const started = performance.now();
        const {stdout} = await run("npm", ["run", "test:unit", "--silent"], {cwd: clone, env: cleanEnv(), maxBuffer: 64 * 1024 * 1024});
        const seconds = (performance.now() - started) / 1000;
        const plain = stripVTControlCharacters(stdout);
        const tests = /^\s*Tests\s+(.*)$/m.exec(plain)?.[1] ?? "(no summary)";
        console.log(`the unit tier in the clone: ${seconds.toFixed(1)} s wall; tests: ${tests}`);
        // Every test passed and none was skipped: "630 passed (630)", not "1 failed | 629 passed (630)" or "… | 3 skipped".
        const counts = /^(\d+) passed \((\d+)\)$/.exec(tests.trim());
        expect(counts, plain.slice(-3000)).not.toBeNull();
        expect(counts![1]).toBe(counts![2]);
    }, 900_000);

    it("builds the command with npm run build, and the command runs the build, saying nothing about the source", async () => {
        await run("npm", ["run", "build", "--silent"], {cwd: clone, env: cleanEnv()});
        const workspace = await mkdtemp(path.join(tmpdir(), "li-clone-run-"));
        try {
            await run("cp", [path.join(clone, "workspace.image.json"), workspace]);
            const {stdout, stderr} = await run(process.execPath, [path.join(clone, "bin", "living-image.js"), "eval", "3 + 4"], {cwd: workspace, env: cleanEnv()});
            expect(stdout.trim()).toBe("7");
            expect(stderr).toBe("");
        } finally {
            await rm(workspace, {recursive: true, force: true});
        }
    }, 300_000);
});
