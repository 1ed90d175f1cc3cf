import {execFileSync} from "node:child_process";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage, ImageStore} from "../../../src/index.js";
import {testModel} from "../helpers/browserHarness.js";

/**
 * The debugger in the real browser: tmux runs `living-image IMAGE` at 80×24 and the test types as a
 * person does, reading the screen back with deadlines.
 */
const socket = `li-e2e-debugger-${process.pid}`;
const session = "t";
let dir = "";
let file = "";

function tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", socket, ...args], {encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(test: string | RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const screen = tmux("capture-pane", "-p", "-t", session);
        if (typeof test === "string" ? screen.includes(test) : test.test(screen)) return screen;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(test)}; the screen:\n${screen}`);
        await pause(50);
    }
}

async function keys(...names: string[]): Promise<void> {
    for (const name of names) {
        tmux("send-keys", "-t", session, name);
        await pause(80);
    }
}

async function type(text: string): Promise<void> {
    tmux("send-keys", "-t", session, "-l", text);
    await pause(120);
}

/** Clears the Playground, types `source` and prints it (Ctrl-P). */
async function printIt(source: string): Promise<void> {
    await keys("C-u");
    await type(source);
    // A long line shows its end, where the cursor is.
    await waitFor(source.length <= 60 ? `» ${source}` : source.slice(-30));
    await keys("C-p");
}

/** BRICK as the image file (and its journal) holds it now, read beside the running browser. */
async function brickOnDisk() {
    await using store = await ImageStore.open(file, {readOnly: true});
    return structuredClone(Object.values(store.state.personas).find((p) => p.name === "BRICK")!);
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-e2e-debugger-"));
    file = path.join(dir, "debug.image.json");
    await createImage(file, {model: testModel});
    tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", dir, `${process.execPath} ${path.resolve("bin/living-image.js")} ${file}`);
    await waitFor("Personas", 180_000);
    // The Playground: the last pane, Shift-Tab from the first.
    await keys("BTab");
    await waitFor(/┃Playground/);
}, 240_000);

afterAll(async () => {
    try {
        tmux("kill-server");
    } catch {
        // Already gone: the session ends when the browser quits.
    }
    await rm(dir, {recursive: true, force: true});
});

describe("the debugger in the browser (tmux, 80×24)", () => {
    it("a typo opens the debugger on the stack with the send marked; Abandon leaves the image as it was", async () => {
        const before = await brickOnDisk();
        await printIt("| n | n := 3. BRICK goldenDataSet size + n");
        const screen = await waitFor("✗ BRICK does not understand #goldenDataSet. Did you mean #goldenDataset?");
        expect(screen).toMatch(/┃›\s*DoIt/);
        expect(screen).toContain("Inspector: DoIt");
        expect(screen).toMatch(/n = 3/);
        // The current expression is marked under the source.
        expect(screen).toMatch(/\| n \| n := 3\. BRICK goldenDataSet size \+ n\s*│\n│\s{20}\^{13}\s/);
        expect(screen).toContain("a abandon");
        await keys("a");
        await waitFor(/Playground[\s\S]*does not understand #goldenDataSet/);
        const after = await brickOnDisk();
        expect(after).toEqual(before);
    }, 120_000);

    it("Restart runs the selected context again; Return answers a typed value from it", async () => {
        await printIt("BRICK at: #count put: 0. BRICK compile: 'go count := count + 1. count < 2 ifTrue: [Error signal: ''first time'']. ^ count'");
        await waitFor(/→ 'go'|→ #go/);
        await printIt("BRICK go * 10");
        let screen = await waitFor("✗ Error: first time");
        expect(screen).toMatch(/┃›\s*BRICK>>go/);
        expect(screen).not.toContain("p proceed");
        await keys("r");
        await waitFor("→ 20");
        await printIt("BRICK at: #count put: 0. BRICK go * 10");
        await waitFor("✗ Error: first time");
        await keys("t");
        await waitFor("return:");
        await type("4");
        await keys("Enter");
        screen = await waitFor("→ 40");
        expect(screen).not.toContain("✗ Error");
    }, 120_000);

    it("Create writes a stub with the real arguments and stops inside it; edit, accept, Proceed gives the answer, and the method is in the image after a reload", async () => {
        await printIt("(BRICK twice: 21) + 0");
        await waitFor("✗ BRICK does not understand #twice:.");
        await keys("c");
        let screen = await waitFor(/┃›\s*BRICK>>twice:\s+anInteger=21/);
        expect(screen).toContain("✗ Error: BRICK>>twice: is not written yet");
        expect(screen).toMatch(/anInteger = 21/);
        expect(screen).toMatch(/\n┃?│?\s*twice: anInteger/);
        await keys("e");
        await waitFor("Editing BRICK>>twice:");
        await keys("C-u");
        await type("twice: anInteger");
        await keys("Enter");
        await type("    ^ anInteger * 2");
        await keys("C-s");
        screen = await waitFor("✓ BRICK>>twice: compiled and installed");
        expect(screen).toMatch(/┃›✎BRICK>>twice:/);
        await keys("p");
        await waitFor("→ 42");
        await keys("C-s");
        await waitFor(/saved \d+(\.\d)? K?B/);
        await keys("Escape");
        await waitFor(/\n┏━+┓/);
        await keys("q");
        const deadline = Date.now() + 20_000;
        while (Date.now() < deadline) {
            try {
                tmux("has-session", "-t", session);
            } catch {
                break;
            }
            await pause(50);
        }
        await using store = await ImageStore.open(file, {readOnly: true});
        expect(store.dirty).toBe(false);
        const brick = Object.values(store.state.personas).find((p) => p.name === "BRICK")!;
        expect(brick.methods["twice:"]!.source).toBe("twice: anInteger\n    ^ anInteger * 2");
        expect(brick.methods["twice:"]!.versions![0]!.source).toMatch(/Error signal: 'BRICK>>twice: is not written yet'/);
    }, 180_000);
});
