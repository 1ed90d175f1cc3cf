import {execFileSync} from "node:child_process";
import {copyFile, mkdir, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage, ImageStore} from "../../src/index.js";
import {testModel} from "./helpers/browserHarness.js";

/**
 * The real CLI in a real terminal: tmux runs `node bin/living-image.js IMAGE` at 80×24, the test
 * types into it like a person and reads the screen back, then checks the saved image file.
 */
const socket = `li-e2e-${process.pid}`;
const session = "browser";
let dir = "";

function tmux(...args: string[]): string {
    return execFileSync("tmux", ["-L", socket, ...args], {encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
}

function screen(): string {
    return tmux("capture-pane", "-p", "-t", session);
}

function alive(): boolean {
    try {
        tmux("has-session", "-t", session);
        return true;
    } catch {
        return false;
    }
}

async function waitForScreen(test: string | RegExp | ((text: string) => boolean), timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
        const text = screen();
        if (typeof test === "string" ? text.includes(test) : test instanceof RegExp ? test.test(text) : test(text)) return text;
        if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(test)}; the screen:\n${text}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
    }
}

/** send-keys, one key name or literal at a time, with a pause as a typist has. */
async function send(...keyNames: string[]): Promise<void> {
    for (const name of keyNames) {
        tmux("send-keys", "-t", session, name);
        await new Promise((resolve) => setTimeout(resolve, 60));
    }
}

async function typeText(text: string): Promise<void> {
    tmux("send-keys", "-t", session, "-l", text);
    await new Promise((resolve) => setTimeout(resolve, 100));
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-e2e-"));
});

afterAll(async () => {
    try {
        tmux("kill-server");
    } catch {
        // Already gone: the session ends when the browser quits.
    }
    await rm(dir, {recursive: true, force: true});
});

describe("living-image in a real terminal (tmux, 80×24), default image of the working directory", () => {
    it("types a Playground expression, edits a slot, saves with Ctrl-S, quits, and the image file holds it", async () => {
        // The default image of the working directory, and a working directory outside the project,
        // as a user runs it (tsx then finds no tsconfig there).
        const file = path.join(dir, "workspace.image.json");
        await createImage(file, {model: testModel});
        const bin = path.resolve("bin/living-image.js");
        const started = Date.now();
        tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", dir, `${process.execPath} ${bin}`);
        // A cold start (no tsx cache yet, a loaded CI machine) can take many seconds: wait, don't time it here.
        const first = await waitForScreen("Personas", 120_000);
        const firstFrameMs = Date.now() - started;
        console.log(`first frame after ${firstFrameMs} ms`);
        expect(first).toContain("workspace.image.json");
        expect(first).toContain("BRICK model stories260K.gguf");

        // A resize redraws the whole layout at the new size, and back.
        tmux("resize-window", "-t", session, "-x", "100", "-y", "30");
        const wide = await waitForScreen((text: string) => text.split("\n")[1]!.trimEnd().length === 100 && text.split("\n").filter((l) => l.trim() !== "").length === 29);
        expect(wide).toContain("Personas");
        tmux("resize-window", "-t", session, "-x", "80", "-y", "24");
        await waitForScreen((text: string) => text.split("\n")[1]!.trimEnd().length === 80 && text.split("\n").filter((l) => l.trim() !== "").length === 23);

        // The Playground: the last pane, Shift-Tab from the first (its border turns bold), type, Print it.
        await send("BTab");
        await waitForScreen(/┏━+┓\n┃Playground/);
        await typeText("6 * 7");
        await waitForScreen("» 6 * 7");
        await send("C-p");
        await waitForScreen("→ 42");

        // Back to the browser (Esc, then wait: an Esc glued to the next arrow would read as Alt-arrow),
        // BRICK's slots, baseModelPath, edit in place.
        await send("Escape");
        await waitForScreen(/\n┏━+┓/);
        // The model is swapped through swapModel:, which checks the file: give it a real GGUF.
        await mkdir(path.join(dir, "models"), {recursive: true});
        await copyFile(testModel, path.join(dir, "models", "e2e.gguf"));
        await send("Right", "Right", "Down", "Down", "Down");
        await waitForScreen(/›baseModelPath/);
        await send("Enter");
        await waitForScreen("edit BRICK baseModelPath");
        await send("C-u");
        await typeText("'models/e2e.gguf'");
        await waitForScreen("'models/e2e.gguf'");
        await send("Enter");
        const edited = await waitForScreen("BRICK model e2e.gguf");
        expect(edited).toContain("BRICK model e2e.gguf");
        await writeFile(path.join(dir, "screen-80x24.txt"), edited);

        await send("C-s");
        await waitForScreen(/saved \d+(\.\d)? K?B/);
        await send("q");
        const deadline = Date.now() + 10_000;
        while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
        expect(alive()).toBe(false);

        // The saved file alone holds the changes: the journal has nothing pending.
        await using store = await ImageStore.open(file, {readOnly: true});
        expect(store.dirty).toBe(false);
        const brick = Object.values(store.state.personas).find((p) => p.name === "BRICK")!;
        expect(brick.baseModelPath).toBe("models/e2e.gguf");
        expect(store.state.playgroundHistory).toContain("6 * 7");
        expect((await readFile(file, "utf8")).length).toBeGreaterThan(1000);
    }, 300_000);
});
