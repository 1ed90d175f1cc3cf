import {execFileSync} from "node:child_process";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage} from "../../src/index.js";
import {testModel} from "./helpers/browserHarness.js";

/**
 * The evolution tool in the real command's browser, in a real terminal (tmux, 100×30): the philosophical loop is
 * installed by the command line as a user starts it, `l` opens BRICK's evolution, and its keys reach the loop
 * (`c` cancels what runs, `x` declines what waits: here nothing, and they say so). The whole loop in the browser
 * (scouting, the sandbox, the approval) is test/ui/evolution.test.tsx.
 */
const socket = `li-evolve-${process.pid}`;
const session = "browser";
let dir = "";

function tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", socket, ...args], {encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
}

function alive(): boolean {
    try {
        tmux("has-session", "-t", session);
        return true;
    } catch {
        return false;
    }
}

async function waitForScreen(test: string | ((text: string) => boolean), timeoutMs = 30_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const text = tmux("capture-pane", "-p", "-t", session);
        if (typeof test === "string" ? text.includes(test) : test(text)) return text;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(test)}; the screen:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

async function send(...keyNames: string[]): Promise<void> {
    for (const name of keyNames) {
        tmux("send-keys", "-t", session, name);
        await new Promise((resolve) => setTimeout(resolve, 60));
    }
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-evolve-tmux-"));
});

afterAll(async () => {
    try {
        tmux("kill-server");
    } catch {
        // Already gone: the session ends when the browser quits.
    }
    await rm(dir, {recursive: true, force: true});
});

describe("the evolution tool in a real terminal", () => {
    it("l opens BRICK's evolution; c and x reach the loop the command installed; Esc goes back; q quits", async () => {
        const file = path.join(dir, "workspace.image.json");
        await createImage(file, {model: testModel});
        tmux("new-session", "-d", "-s", session, "-x", "100", "-y", "30", "-c", dir, `${process.execPath} ${path.resolve("bin/living-image.js")}`);
        // A cold start on a loaded machine can take long: wait, don't time it.
        await waitForScreen("Personas", 180_000);
        await send("l");
        const opened = await waitForScreen("BABS has not scouted for BRICK yet");
        expect(opened).toContain("Evolution: BRICK");
        expect(opened).toContain("Lineage: BRICK is on its first base model.");
        await send("c");
        await waitForScreen("Nothing of the philosophical loop runs");
        await send("x");
        await waitForScreen("No ascension waits for BRICK");
        await send("Escape");
        await waitForScreen((text) => !text.includes("BABS has not scouted") && text.includes("Personas"));
        await send("q");
        const deadline = Date.now() + 30_000;
        while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(alive()).toBe(false);
    }, 300_000);
});
