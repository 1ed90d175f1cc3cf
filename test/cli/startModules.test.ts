import {execFile} from "node:child_process";
import {copyFile, mkdtemp, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {promisify} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";

/**
 * What a real start loads: `living-image` (bin/living-image.js, from the source as the tests run it) in a
 * child Node whose module loader writes down every module it loads (test/helpers/recordModules.mjs). A start on
 * the in-memory bus must not load the Redis client (130–290 ms of every start before), a one-shot command not
 * the terminal UI, a start that chats with no persona not node-llama-cpp, and --help none of the core.
 */
const run = promisify(execFile);
const bin = path.resolve("bin/living-image.js");
const recorder = pathToFileURL(path.resolve("test/helpers/recordModules.mjs")).href;
let dir = "";

/** Runs the command and answers its output and the URLs of the modules it loaded, in load order. */
async function loaded(...args: string[]): Promise<{stdout: string, modules: string[]}> {
    const log = path.join(dir, `modules-${args.join("-").replace(/\W+/g, "_")}.log`);
    const {stdout} = await run(process.execPath, ["--import", recorder, bin, ...args], {cwd: dir, env: {...process.env, MODULE_LOG: log}});
    return {stdout, modules: (await readFile(log, "utf8")).split("\n").filter((line) => line !== "")};
}

const packageOf = (url: string): string | null => /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1] ?? null;
const packages = (modules: string[]): Set<string> => new Set(modules.flatMap((url) => packageOf(url) ?? []));
const project = (modules: string[], folder: string): string[] =>
    modules.filter((url) => url.startsWith(pathToFileURL(path.resolve(folder)).href + "/"));

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-start-modules-"));
    await copyFile(path.resolve("workspace.image.json"), path.join(dir, "workspace.image.json"));
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("a real start of living-image", () => {
    it("on the in-memory bus loads no Redis client, no terminal UI, no llama.cpp and no execa for eval '3 + 4'", async () => {
        const {stdout, modules} = await loaded("eval", "3 + 4");
        expect(stdout.trim()).toBe("7");
        // The recorder sees the project's own modules and the packages a start needs (a check that sees nothing cannot fail).
        expect(project(modules, "src/runtime").length).toBeGreaterThan(5);
        expect(project(modules, "src/bus").length).toBeGreaterThan(0);
        expect(packages(modules)).toContain("superjson");
        expect(packages(modules)).toContain("immer");

        expect(project(modules, "src/bus/redis")).toEqual([]);
        const loadedPackages = [...packages(modules)];
        expect(loadedPackages.filter((name) => name === "ioredis" || name.startsWith("@ioredis/"))).toEqual([]);
        expect(loadedPackages.filter((name) => ["ink", "react", "chalk"].includes(name))).toEqual([]);
        expect(project(modules, "src/ui")).toEqual([]);
        expect(loadedPackages.filter((name) => name.includes("node-llama-cpp"))).toEqual([]);
        // The forge's process runner (execa and its 20 packages) is loaded by the first forge run.
        expect(loadedPackages.filter((name) => name === "execa")).toEqual([]);
    });

    it("loads none of the core for --help", async () => {
        const {stdout, modules} = await loaded("--help");
        expect(stdout).toContain("living-image eval");
        expect(project(modules, "src/cli").length).toBeGreaterThan(0);
        expect(modules.filter((url) => url.includes("/src/") && !url.includes("/src/cli/"))).toEqual([]);
    });
});
