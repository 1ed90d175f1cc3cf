import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {createImage} from "../../src/index.js";
import {testModel} from "./helpers/browserHarness.js";
import {Terminal} from "./helpers/tmux.js";

/**
 * The evolution tool in the real command's browser, in a real terminal (tmux, 100×30): the philosophical loop is
 * installed by the command line as a user starts it, `l` opens BRICK's evolution, and its keys reach the loop
 * (`c` cancels what runs, `x` declines what waits: here nothing, and they say so). The whole loop in the browser
 * (scouting, the sandbox, the approval) is test/ui/evolution.test.tsx.
 */
const terminal = new Terminal(100, 30);
let dir = "";

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-evolve-tmux-"));
});

afterAll(async () => {
    terminal.kill();
    await rm(dir, {recursive: true, force: true});
});

describe("the evolution tool in a real terminal", () => {
    it("l opens BRICK's evolution; c and x reach the loop the command installed; Esc goes back; q quits", async () => {
        await createImage(path.join(dir, "workspace.image.json"), {model: testModel});
        terminal.start(dir, []);
        // A cold start on a loaded machine can take long: wait, don't time it.
        await terminal.waitFor("Personas", 180_000);
        await terminal.keys("l");
        const opened = await terminal.waitFor("BABS has not scouted for BRICK yet");
        expect(opened).toContain("Evolution: BRICK");
        expect(opened).toContain("Lineage: BRICK is on its first base model.");
        await terminal.keys("c");
        await terminal.waitFor("Nothing of the philosophical loop runs");
        await terminal.keys("x");
        await terminal.waitFor("No ascension waits for BRICK");
        await terminal.keys("Escape");
        await terminal.waitFor((text) => !text.includes("BABS has not scouted") && text.includes("Personas"));
        await terminal.keys("q");
        await terminal.waitForExit(30_000);
        expect(terminal.exited()).toBe(true);
    }, 300_000);
});
