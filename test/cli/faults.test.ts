import {execFileSync, spawn} from "node:child_process";
import {copyFile, lstat, mkdir, mkdtemp, readFile, rm, symlink, truncate, writeFile} from "node:fs/promises";
import {hostname, tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {runCli} from "./helpers/runCli.js";
import type {CliResult} from "./helpers/runCli.js";
import {backupPathFor, ImageStore, journalPathFor, lockPathFor, scanJournal} from "../../src/image/index.js";
import {createImage} from "../../src/index.js";

/**
 * The command line against files that are not what they claim and state left by crashes: each
 * case exits 1 (never 2, the code for bugs) with a message that says what to do, quotes no bytes
 * of a file, prints no raw terminal escape, and loses nothing.
 */
const stories = path.resolve("test/fixtures/models/stories260K.gguf");
const fixtureDir = path.resolve("test/fixtures/forge");
let dir: string;

async function cli(...args: string[]): Promise<CliResult> {
    return runCli(dir, args, {LIVING_IMAGE_SOURCE: "1"});
}

/** A user error as the issue asks for it: exit 1, the expected words, no stack, no raw escape. */
function expectUserError(result: {code: number, stderr: string}, pattern: RegExp): void {
    expect(result.code, result.stderr).toBe(1);
    expect(result.stderr).toMatch(pattern);
    expect(result.stderr).not.toMatch(/internal error|\n\s+at .+:\d+:\d+/);
    // eslint-disable-next-line no-control-regex
    expect(result.stderr).not.toMatch(/\x1b/);
}

async function copyOfWorkspace(name: string): Promise<string> {
    const file = path.join(dir, name);
    await copyFile(path.resolve("workspace.image.json"), file);
    return file;
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-cli-faults-"));
});
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("the journal and the backup through the command line", () => {
    it("refuses a damaged journal naming the line, and --recover journal keeps the good lines and says where the rest went", async () => {
        const image = await copyOfWorkspace("journal.image.json");
        for (const n of [1, 2, 3]) expect((await cli("eval", `BRICK at: 'n${n}' put: ${n}. 1`, "--image", image)).code).toBe(0);
        const journal = journalPathFor(image);
        const lines = (await readFile(journal, "utf8")).split("\n");
        lines[1] = "{\"json\": {\"gen\": 1}, complete but not an entry";
        await writeFile(journal, lines.join("\n"));
        const before = await readFile(journal);

        expectUserError(await cli("list", "--image", image), /journal\.changes\.jsonl cannot be replayed onto journal\.image\.json: line 2: the line is not valid JSON\. The 1 line after it .*--recover journal/);
        expect((await readFile(journal)).equals(before)).toBe(true);

        const recovered = await cli("eval", "BRICK at: 'n1'", "--image", image, "--recover", "journal");
        expect(recovered.code, recovered.stderr).toBe(0);
        expect(recovered.stdout.trim()).toBe("1");
        const aside = /kept in (\S+journal\.changes\.jsonl\.set-aside-\S+),/.exec(recovered.stderr)?.[1];
        expect(aside, recovered.stderr).toBeDefined();
        expect((await readFile(aside!)).equals(before)).toBe(true);
    }, 120_000);

    it("offers the .bak of an image that is gone instead of `new`, refuses `new` over it, and --recover backup opens it", async () => {
        const image = await copyOfWorkspace("gone.image.json");
        expect((await cli("eval", "BRICK at: 'first' put: 1. 1", "--image", image, "--save")).code).toBe(0);
        expect((await cli("eval", "BRICK at: 'second' put: 2. 1", "--image", image, "--save")).code).toBe(0);
        await rm(image);
        const bak = await readFile(backupPathFor(image));

        const listed = await cli("list", "--image", image);
        expectUserError(listed, /gone\.image\.json does not exist .*but its backup .*gone\.image\.json\.bak does\. Open the backup with --recover backup/);
        expect(listed.stderr).not.toContain("living-image new");
        expectUserError(await cli("new", image), /is gone but its backup .*\.bak is not: a new image there would replace that backup/);
        expect((await readFile(backupPathFor(image))).equals(bak)).toBe(true);

        const restored = await cli("eval", "(BRICK at: 'first') printString, ' ', (BRICK slots includes: 'slots.second') printString", "--image", image, "--recover", "backup", "--save");
        expect(restored.code, restored.stderr).toBe(0);
        expect(restored.stdout.trim()).toBe("'1 false'");
        expect(restored.stderr).toMatch(/gone\.image\.json was gone; opened its backup/);
        expect((await cli("list", "--image", image)).code).toBe(0);
    }, 120_000);

    it("save-as refuses the image's own journal and a file that is not an image, and --force keeps that file as .bak", async () => {
        const image = await copyOfWorkspace("saveas.image.json");
        expect((await cli("eval", "BRICK at: 'unsaved' put: 1. 1", "--image", image)).code).toBe(0);
        const journal = await readFile(journalPathFor(image));
        expectUserError(await cli("save-as", journalPathFor(image), "--image", image, "--force"), /it is the journal of an image's unsaved changes, not an image/);
        expect((await readFile(journalPathFor(image))).equals(journal)).toBe(true);
        const notes = path.join(dir, "notes.txt");
        await writeFile(notes, "my notes\n");
        expectUserError(await cli("save-as", notes, "--image", image), /notes\.txt exists and is not a Living Image image\. Choose another name, or pass --force/);
        expect(await readFile(notes, "utf8")).toBe("my notes\n");
        expect((await cli("save-as", notes, "--image", image, "--force")).code).toBe(0);
        expect(await readFile(backupPathFor(notes), "utf8")).toBe("my notes\n");
    }, 120_000);
});

describe("locks through the command line", () => {
    it("locks and saves the real file of a symlinked image, and the link stays a link", async () => {
        const real = await copyOfWorkspace("real.image.json");
        const link = path.join(dir, "link.image.json");
        await symlink(real, link);
        expect((await cli("eval", "BRICK at: 'via' put: 'link'. 1", "--image", link, "--save")).code).toBe(0);
        expect((await lstat(link)).isSymbolicLink()).toBe(true);
        const store = await ImageStore.open(real, {readOnly: true});
        expect(Object.values(store.state.personas).find((p) => p.name === "BRICK")!.slots["via"]).toBe("link");
        await store.close();
    }, 60_000);

    it("takes over a lock whose pid was recycled, and refuses one whose owner runs", async () => {
        const image = await copyOfWorkspace("pid.image.json");
        const sleeper = spawn("sleep", ["60"], {stdio: "ignore"});
        try {
            const start = (pid: number) => {
                const stat = execFileSync("cat", [`/proc/${pid}/stat`]).toString();
                return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]);
            };
            const bootId = (await readFile("/proc/sys/kernel/random/boot_id", "utf8")).trim();
            const lock = (processStart: number) => writeFile(lockPathFor(image), JSON.stringify({
                pid: sleeper.pid, hostname: hostname(), startedAt: new Date().toISOString(), bootId, processStart
            }));
            await lock(start(sleeper.pid!) + 7);
            expect((await cli("eval", "BRICK at: 'mine' put: 1. 1", "--image", image)).code).toBe(0);
            await lock(start(sleeper.pid!));
            expectUserError(await cli("eval", "1", "--image", image), new RegExp(`pid\\.image\\.json is locked: process ${sleeper.pid} has it open for writing\\. Open it with --read-only`));
        } finally {
            sleeper.kill("SIGKILL");
        }
    }, 60_000);

    it("says what to do when the lock's path is a folder", async () => {
        const image = await copyOfWorkspace("lockdir.image.json");
        await mkdir(lockPathFor(image));
        expectUserError(await cli("eval", "1", "--image", image), /lockdir\.image\.json\.lock is not a lock file .* move it away or remove it/);
        expect((await cli("eval", "1", "--image", image, "--read-only")).code).toBe(0);
    }, 60_000);
});

describe("terminal escapes", () => {
    it("prints escape codes from a .st file, the transcript and a persona's reply escaped, not raw", async () => {
        const image = await copyOfWorkspace("escapes.image.json");
        const script = path.join(dir, "evil.st");
        // A title change, a colour and a carriage return that would overwrite the line.
        await writeFile(script, "Transcript show: 'a\u001b]0;owned\u0007b'; cr.\nBRICK compile: 'reply ^''\u001b[31mred\rfake'''.\nBRICK reply");
        const ran = await cli("run", script, "--image", image);
        expect(ran.code, ran.stderr).toBe(0);
        // eslint-disable-next-line no-control-regex
        expect(ran.stdout).not.toMatch(/[\x1b\x07\r]/);
        expect(ran.stdout).toContain("a\\x1b]0;owned\\x07b");
        expect(ran.stdout).toContain("\\x1b[31mred\\x0dfake");
        expectUserError(await cli("eval", "BRICK at: '\u001b[2J' put", "--image", image), /\\x1b\[2J/);
    }, 60_000);
});

describe("files that are not what they claim", () => {
    let image: string;
    let good: string;
    beforeAll(async () => {
        image = path.join(dir, "models.image.json");
        await createImage(image, {model: stories});
        good = path.join(dir, "good-adapter.gguf");
        // stories260K's attn_q is [64, 64]: an adapter made for it by the fixture package's GGUF writer.
        execFileSync("python3", ["-c", `from forge import adapter; open(${JSON.stringify(good)}, "wb").write(adapter.encode(rank=2, n_in=64, n_out=64))`],
            {env: {...process.env, PYTHONPATH: fixtureDir}});
    });

    it("refuses --model with random bytes, a truncated GGUF, or only the magic, naming the file and never quoting it", async () => {
        const random = path.join(dir, "random.gguf");
        await writeFile(random, Buffer.from(Array.from({length: 3000}, (_, i) => (i * 7919 + 13) % 256)));
        const cut = path.join(dir, "cut.gguf");
        await copyFile(stories, cut);
        await truncate(cut, 100_000);
        const magic = path.join(dir, "magic.gguf");
        await writeFile(magic, "GGUF");
        for (const [file, why] of [[random, /not a GGUF file/], [cut, /it is truncated: it has 100000 bytes and its tensors need/], [magic, /ends at byte 4, inside its header/]] as const) {
            const result = await cli("list", "--image", image, "--model", file);
            expectUserError(result, why);
            expect(result.stderr).toContain(path.basename(file));
            expect(result.stderr).not.toMatch(/0x[0-9a-f]{6,}|\\x[0-9a-f]{2}/i);
        }
    }, 120_000);

    it("refuses an adapter cut short or made for another base before anything changes", async () => {
        const cut = path.join(dir, "cut-adapter.gguf");
        const bytes = await readFile(good);
        await writeFile(cut, bytes.subarray(0, Math.floor(bytes.length * 0.6)));
        const other = path.join(dir, "other-base.gguf");
        execFileSync("python3", ["-c", `from forge import adapter; open(${JSON.stringify(other)}, "wb").write(adapter.encode(rank=2, n_in=128, n_out=128))`],
            {env: {...process.env, PYTHONPATH: fixtureDir}});
        const before = await readFile(image);
        for (const [file, why] of [[cut, /cut short|truncated|ends before|beyond the end/], [other, /do not fit the base model's/]] as const) {
            const result = await cli("eval", `BRICK swapAdapter: '${file}'. 1`, "--image", image);
            expectUserError(result, why);
            expect(result.stderr).toContain(path.basename(file));
        }
        // Nothing changed: the image as it was, and no change waiting in the journal.
        expect((await readFile(image)).equals(before)).toBe(true);
        expect(scanJournal(journalPathFor(image)).entries).toEqual([]);
        const adapter = await cli("eval", "BRICK adapter printString", "--image", image);
        expect(adapter.stdout.trim()).toBe("'nil'");
    }, 120_000);
});
