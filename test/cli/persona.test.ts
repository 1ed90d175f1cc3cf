import {copyFile, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli, runProcess} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";
import {ImageStore} from "../../src/index.js";

const bin = path.resolve("bin/living-image.js");
let dir: string;
let image: string;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, args);
}

async function names(): Promise<string[]> {
    const store = await ImageStore.open(image, {readOnly: true});
    try {
        return Object.values(store.state.personas).map((p) => p.name);
    } finally {
        await store.close();
    }
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-cli-persona-"));
    image = path.join(dir, "workspace.image.json");
    await copyFile(path.resolve("workspace.image.json"), image);
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("living-image persona new, codex-template and rm", () => {
    it("makes a persona from the codex template, and refuses a duplicate or a bad codex with exit 1", async () => {
        const template = await cli("persona", "codex-template", "zed");
        expect(template.code).toBe(0);
        await writeFile(path.join(dir, "zed.json"), template.stdout);
        const created = await cli("persona", "new", "ZED", "--codex", "zed.json", "--json");
        expect(created.code).toBe(0);
        expect(JSON.parse(created.stdout)).toMatchObject({name: "ZED", codexPath: "zed.json"});
        expect(await names()).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS", "ZED"]);

        const duplicate = await cli("persona", "new", "ZED", "--codex", "zed.json");
        expect(duplicate).toMatchObject({code: 1, stderr: expect.stringContaining("A persona named ZED already exists") as unknown});
        await writeFile(path.join(dir, "bad.json"), template.stdout.replace("\"weight\": 0.25", "\"weight\": 0.5").replace("\"ZED\"", "\"ZED2\""));
        const bad = await cli("persona", "new", "ZED2", "--codex", "bad.json");
        expect(bad.code).toBe(1);
        expect(bad.stderr).toContain("$.rubric weights must add up to 1, found 1.250");
        expect(await names()).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS", "ZED"]);
    }, 180_000);

    it("removes a persona only when confirmed, and never one that others delegate to", async () => {
        expect((await cli("eval", "ROBIN parent: ZED", "--save")).code).toBe(0);
        const refused = await cli("persona", "rm", "ZED", "--yes");
        expect(refused.code).toBe(1);
        expect(refused.stderr).toContain("ROBIN delegates to it (parent)");
        expect((await cli("eval", "ROBIN parent: nil", "--save")).code).toBe(0);

        const piped = await cli("persona", "rm", "ZED");
        expect(piped.code).toBe(1);
        expect(piped.stderr).toContain("pass --yes");
        // On a terminal (script(1) gives the command one), the answer must be the persona's name.
        const command = `${process.execPath} ${bin} persona rm ZED`;
        const declined = await runProcess(dir, "script", ["-qec", command, "/dev/null"], {input: "zed\n"});
        expect(declined.stdout).toContain("Type ZED to confirm");
        expect(declined.stdout).toContain("ZED was not removed");
        expect(await names()).toContain("ZED");
        const confirmed = await runProcess(dir, "script", ["-qec", command, "/dev/null"], {input: "ZED\n"});
        expect(confirmed.stdout).toContain("Removed ZED");
        expect(await names()).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS"]);
        expect(await readFile(image, "utf8")).not.toContain("\"ZED\"");
    }, 180_000);

    it("exports a persona to a tar and imports it under another name; a damaged file exits 1 and changes nothing", async () => {
        const exported = await cli("persona", "export", "ROBIN", "--json");
        expect(exported.code).toBe(0);
        expect(JSON.parse(exported.stdout)).toMatchObject({persona: "ROBIN", file: path.join(dir, "ROBIN.persona.tar")});
        const clash = await cli("persona", "import", "ROBIN.persona.tar");
        expect(clash.code).toBe(1);
        expect(clash.stderr).toContain("--as ROBIN2");

        const bytes = await readFile(path.join(dir, "ROBIN.persona.tar"));
        await writeFile(path.join(dir, "cut.persona.tar"), bytes.subarray(0, bytes.length - 2048));
        const before = await readFile(image);
        const cut = await cli("persona", "import", "cut.persona.tar", "--as", "ROBIN2");
        expect(cut.code).toBe(1);
        expect(cut.stderr).toMatch(/cut\.persona\.tar was not imported: .*Nothing was changed/);
        expect(await readFile(image)).toEqual(before);

        const imported = await cli("persona", "import", "ROBIN.persona.tar", "--as", "robin2");
        expect(imported.code).toBe(0);
        expect(imported.stdout).toMatch(/Imported ROBIN2 \(ROBIN in its file\)/);
        expect(imported.stdout).toContain("living-image-genesis.gguf");
        expect(await names()).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS", "ROBIN2"]);
    }, 180_000);
});
