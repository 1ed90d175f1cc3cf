import {spawn} from "node:child_process";
import {mkdtemp, readdir, readFile, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage, Runtime} from "../../src/index.js";
import {cycleHistory} from "../../src/loops/index.js";
import {addGoldenSample} from "../../src/oracle/index.js";
import {scriptedBrick} from "../oracle/helpers.js";

/**
 * Ctrl-C during `living-image forge` cancels cleanly (the message, exit 130) and a forge child
 * killed from outside is reported as that (exit 1, not an internal error); either way the job
 * folder with the tokenized training data is removed and the image keeps its adapter.
 */
const bin = path.resolve("bin/living-image.js");
let dir: string;
let jobs: string;
let image: string;

type Started = {pid: number, output: () => string, exited: Promise<number | null>, waitFor: (pattern: RegExp) => Promise<void>};

/** Starts the forge command in its own process group, as a terminal runs a foreground job. */
function startForge(): Started {
    const child = spawn(process.execPath, [bin, "forge", "BRICK", "--steps", "400", "--image", image, "--threads", "1"], {
        cwd: dir, detached: true, stdio: ["ignore", "pipe", "pipe"], env: {...process.env, LIVING_IMAGE_SOURCE: "1", TMPDIR: jobs}
    });
    let output = "";
    const waiters: {pattern: RegExp, resolve: () => void}[] = [];
    const take = (chunk: Buffer) => {
        output += chunk.toString();
        for (const waiter of [...waiters]) if (waiter.pattern.test(output)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve();
        }
    };
    child.stdout.on("data", take);
    child.stderr.on("data", take);
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    return {
        pid: child.pid!, output: () => output, exited,
        waitFor: (pattern) => new Promise((resolve, reject) => {
            if (pattern.test(output)) return resolve();
            waiters.push({pattern, resolve});
            const timer = setTimeout(() => reject(new Error(`no ${pattern} within 180 s:\n${output}`)), 180_000);
            void exited.then(() => {
                clearTimeout(timer);
                if (!pattern.test(output)) reject(new Error(`exited before ${pattern}:\n${output}`));
            });
        })
    };
}

/** The forge's Python process: the child of the command whose command line names `-m forge`. */
async function forgeChildOf(pid: number): Promise<number> {
    for (const entry of await readdir("/proc")) {
        if (!/^\d+$/.test(entry)) continue;
        const stat = await readFile(`/proc/${entry}/stat`, "utf8").catch(() => "");
        const parent = Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
        if (parent !== pid) continue;
        const command = await readFile(`/proc/${entry}/cmdline`, "utf8").catch(() => "");
        if (command.includes("forge")) return Number(entry);
    }
    throw new Error(`no forge child of ${pid}`);
}

async function brickState(): Promise<{adapter: string | null, decisions: string[]}> {
    const runtime = await Runtime.open(image, {readOnly: true});
    try {
        const record = runtime.manager.get("BRICK").record;
        return {adapter: record.activeAdapterPath, decisions: cycleHistory(record.performanceMetrics).map((c) => c.decision)};
    } finally {
        await runtime.dispose();
    }
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-forge-faults-"));
    jobs = path.join(dir, "tmp");
    await import("node:fs/promises").then((fs) => fs.mkdir(jobs));
    image = path.join(dir, "forge.image.json");
    await createImage(image);
    const runtime = await Runtime.open(image);
    const brick = runtime.manager.get("BRICK");
    for (const messages of scriptedBrick(14))
        addGoldenSample(runtime, brick.personaId, messages, {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date()}, 0.3);
    await runtime.save();
    await runtime.dispose();
}, 120_000);
afterAll(async () => {
    await rm(dir, {recursive: true, force: true});
});

describe("living-image forge under faults", () => {
    it("Ctrl-C cancels cleanly: the message, exit 130, no job folder left, the adapter unchanged", async () => {
        const forge = startForge();
        await forge.waitFor(/step \d+\/400|\d+\/400/);
        // What a terminal does on Ctrl-C: SIGINT to the whole foreground process group, the Python child included.
        process.kill(-forge.pid, "SIGINT");
        const code = await forge.exited;
        expect(code, forge.output()).toBe(130);
        expect(forge.output()).toMatch(/BRICK's improvement cycle was cancelled at forge\. The persona, its adapter and its golden dataset are unchanged\./);
        expect(forge.output()).not.toMatch(/internal error/);
        expect((await readdir(jobs)).filter((name) => name.startsWith("living-image-forge-"))).toEqual([]);
        expect(await brickState()).toEqual({adapter: null, decisions: ["cancelled"]});
    }, 240_000);

    it("a forge child killed from outside is reported as killed (exit 1), and its job folder is removed", async () => {
        const forge = startForge();
        await forge.waitFor(/step \d+\/400|\d+\/400/);
        process.kill(await forgeChildOf(forge.pid), "SIGKILL");
        const code = await forge.exited;
        expect(code, forge.output()).toBe(1);
        expect(forge.output()).toMatch(/was killed by SIGKILL, sent from outside Living Image\. No adapter was produced or swapped in/);
        expect(forge.output()).not.toMatch(/internal error/);
        expect((await readdir(jobs)).filter((name) => name.startsWith("living-image-forge-"))).toEqual([]);
        const after = await brickState();
        expect(after.adapter).toBeNull();
        expect(after.decisions).toEqual(["cancelled", "failed"]);
    }, 240_000);
});
