import {createHash} from "node:crypto";
import {copyFile, mkdir, mkdtemp, readFile, rename, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {stripVTControlCharacters} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";
import {ImageStore} from "../../src/index.js";

const ansi = "\u001b[";
let dir: string;
let image: string;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, args);
}

/** Runs the command line with `env` added; colours are neither forced nor refused unless `env` says so. */
async function cliWith(env: Record<string, string>, ...args: string[]): Promise<CliResult> {
    return runCli(dir, args, env);
}

const xdgDataHome = process.env["XDG_DATA_HOME"];
beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-cli-"));
    // The commands' models search path must not reach the user's own models folder.
    process.env["XDG_DATA_HOME"] = path.join(dir, "xdg");
    image = path.join(dir, "workspace.image.json");
    await copyFile(path.resolve("workspace.image.json"), image);
});
afterAll(async () => {
    if (xdgDataHome == null) delete process.env["XDG_DATA_HOME"]; else process.env["XDG_DATA_HOME"] = xdgDataHome;
    await rm(dir, {recursive: true, force: true});
});

describe("the living-image CLI", () => {
    it("tells the truth in --help and --version", async () => {
        const help = await cli("--help");
        expect(help.code).toBe(0);
        for (const command of ["list", "inspect", "eval", "run", "save-as", "new", "forge", "golden export", "golden import", "model", "bus tail"]) expect(help.stdout).toContain(`living-image ${command}`);
        const version = await cli("--version");
        expect(version.stdout.trim()).toBe(JSON.parse(await readFile("package.json", "utf8")).version);
    });

    it("lists and inspects the default image, as text and JSON", async () => {
        const list = await cli("list", "--json");
        expect(list.code).toBe(0);
        expect((JSON.parse(list.stdout) as {name: string}[]).map((p) => p.name)).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS"]);
        const inspect = await cli("inspect", "ROBIN");
        expect(inspect.stdout).toMatch(/ROBIN\s+\(/);
        // Not a terminal: plain text.
        expect(inspect.stdout).not.toContain(ansi);
        expect(inspect.stdout).toContain("goldenDataset");
        const json = JSON.parse((await cli("inspect", "robin", "--json")).stdout) as {name: string, codex: {rubric: unknown[]}};
        expect(json.name).toBe("ROBIN");
        expect(json.codex.rubric).toHaveLength(4);
    }, 180_000); // three starts of the command: over 60 s on a 2-core machine at load 30

    it("evaluates Playground source, saves with --save, and runs script files", async () => {
        expect((await cli("eval", "3 + 4 * 2")).stdout.trim()).toBe("14");
        const compiled = await cli("eval", "BRICK compile: 'double: x ^ x * 2'", "--save");
        expect(compiled.code).toBe(0);
        const script = path.join(dir, "demo.st");
        await writeFile(script, "| r |\nr := BRICK double: 21.\nTranscript show: 'r is ', r printString; cr.\nr");
        const ran = await cli("run", script);
        expect(ran.stdout).toBe("r is 42\n42\n");
        const store = await ImageStore.open(image, {readOnly: true});
        expect(Object.values(store.state.personas).find((p) => p.name === "BRICK")!.methods["double:"]?.source).toBe("double: x ^ x * 2");
        await store.close();
    });

    it("lets handlers that the evaluated code triggered finish before the image closes", async () => {
        // The image was copied here without its models/: the embedded model is found on the models search path.
        const ran = await cli("eval", "ROBIN on: #Ping do: [:event | ROBIN chat: (event at: #payload)]. ROBIN publish: #Ping with: 'Hello'. 1");
        expect(ran.code).toBe(0);
        expect((await cli("eval", "ROBIN scrapbook size")).stdout.trim()).toBe("1");
    }, 180_000);

    it("exits 1 with a clear message on user errors, naming the spot of a parse error", async () => {
        const parse = await cli("eval", "3 + (4");
        expect(parse.code).toBe(1);
        expect(parse.stderr).toMatch(/line 1, column \d+/i);
        expect(parse.stderr.match(/\^/g)).toHaveLength(1); // the line and its caret, once
        const unknown = await cli("inspect", "NOBODY");
        expect(unknown.code).toBe(1);
        expect(unknown.stderr).toMatch(/no persona "NOBODY".*BRICK, ROBIN, ALFRED, BABS/);
        const missing = await cli("list", "--image", path.join(dir, "nope.image.json"));
        expect(missing.code).toBe(1);
        expect(missing.stderr).toMatch(/living-image new/);
        const badFlag = await cli("list", "--frobnicate");
        expect(badFlag.code).toBe(1);
    });

    it("writes a copy with save-as that opens on its own", async () => {
        const copy = path.join(dir, "copy.image.json");
        const saved = await cli("save-as", copy, "--json");
        expect(saved.code).toBe(0);
        const store = await ImageStore.open(copy, {readOnly: true});
        expect(Object.keys(store.state.personas)).toHaveLength(4);
        await store.close();
    });

    // An image whose model sits beside it in own/, under a name no search folder holds (a copy of the embedded
    // model, which answers in few tokens), saved into away/.
    const ownModel = () => path.join(dir, "own", "tiny.gguf");
    const awayCopy = () => path.join(dir, "away", "copy.image.json");

    it("saves a copy into another folder that still chats there (the README's save-as example)", async () => {
        const model = ownModel();
        await mkdir(path.dirname(model));
        await copyFile(path.resolve("models/living-image-genesis.gguf"), model);
        const own = path.join(dir, "own.image.json");
        expect((await cli("new", own, "--model", model)).code).toBe(0);
        const copy = awayCopy();
        await mkdir(path.dirname(copy));
        expect((await cli("save-as", copy, "--image", own)).code).toBe(0);
        const chat = await cli("eval", "BRICK chat: 'Hello'", "--threads", "1", "--image", copy);
        // Nothing on stderr but the line that says how the new interaction gets judged.
        expect(chat.stderr).toMatch(/^1 interaction waits for ALFRED's judgement: `living-image judge`.*\n$/);
        expect(chat.code).toBe(0);
        expect(chat.stdout.trim().length).toBeGreaterThan(0);
    }, 240_000);

    it("names a missing model with its persona, sha256 and the command that fixes it, and that command works", async () => {
        const moved = path.join(dir, "moved.gguf");
        await rename(ownModel(), moved);
        const copy = awayCopy();
        const missing = await cli("eval", "BRICK chat: 'Hello'", "--image", copy);
        expect(missing.code).toBe(1);
        const sha256 = createHash("sha256").update(await readFile(moved)).digest("hex");
        expect(missing.stderr).toContain(`BRICK needs the base model tiny.gguf (sha256 ${sha256}`);
        expect(missing.stderr).toContain(`living-image model locate BRICK /path/to/tiny.gguf --image ${copy}`);
        const located = await cli("model", "locate", "BRICK", moved, "--image", copy);
        expect(located.code).toBe(0);
        const report = JSON.parse((await cli("model", "locate", "--json", "--image", copy)).stdout) as {personas: {persona: string, path: string | null}[]};
        expect(report.personas.map((p) => [p.persona, p.path])).toEqual([["BRICK", moved], ["ROBIN", null], ["ALFRED", null], ["BABS", null]]);
    }, 240_000);

    it("colours list and errors when colours are forced, as on a terminal, and never with NO_COLOR", async () => {
        const coloured = await cliWith({FORCE_COLOR: "1"}, "list");
        expect(coloured.code).toBe(0);
        expect(coloured.stdout).toContain(ansi);
        expect(stripVTControlCharacters(coloured.stdout)).toMatch(/^BRICK {6}model /);
        const error = await cliWith({FORCE_COLOR: "1"}, "inspect", "NOBODY");
        expect(error.code).toBe(1);
        expect(error.stderr.startsWith("\u001b[31m\u001b[1mliving-image:")).toBe(true);
        const refused = await cliWith({FORCE_COLOR: "1", NO_COLOR: "1"}, "list");
        expect(refused.stdout).not.toContain(ansi);
        expect(refused.stdout).toBe(stripVTControlCharacters(coloured.stdout));
    }, 180_000);
});
