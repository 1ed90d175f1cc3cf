import chalk from "chalk";
import {afterAll, afterEach, describe, expect, it, onTestFinished} from "vitest";
import {Runtime} from "../../src/index.js";
import {keymap} from "../../src/ui/state/keymap.js";
import type {Harness} from "./helpers/browserHarness.js";
import {keys, openBrowser, removeTemplate} from "./helpers/browserHarness.js";

let h: Harness | null = null;
afterEach(async () => {
    await h?.dispose();
    h = null;
});
afterAll(removeTemplate);

describe("the System Browser: help, status, transcript, metrics, quitting", () => {
    it("? shows every key binding, including the Playground chords and why Inspect it is Ctrl-O", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        await h.press("?");
        let help = await h.waitFor("Key bindings");
        expect(help).toContain("Ctrl-I");
        expect(help.split("\n").length).toBeLessThanOrEqual(23);
        // More bindings than rows at 80×24: PgDn scrolls through them all.
        let seen = help;
        const position = (frame: string) => /(\d+)–(\d+)\/(\d+)/.exec(frame);
        for (let page = 0; page < 10; page++) {
            const at = position(help);
            if (at == null || at[2] === at[3]) break;
            await h.press("\u001B[6~");
            help = await h.waitFor((f) => position(f)?.[1] !== at[1]);
            seen += help;
        }
        for (const binding of keymap) expect(seen, binding.keys).toContain(binding.keys);
        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("Key bindings") && f.includes("Personas"));
    });

    it("marks unsaved changes and clears the mark on Ctrl-S", async () => {
        h = await openBrowser();
        await h.waitFor("? help");
        expect(h.frame()).not.toContain("● unsaved");
        h.runtime.image.update((d) => {
            d.settings.goldenThreshold = 4.2;
        }, "threshold");
        await h.waitFor("● unsaved");
        await h.press(keys.ctrl("s"));
        await h.waitFor(/saved \d+(\.\d)? K?B/);
        expect(h.frame()).not.toContain("● unsaved");
        expect(h.session.dirty).toBe(false);
        expect(h.frame()).toMatch(/image saved: world\.image\.json/);
    });

    it("asks before quitting with unsaved changes; y saves and quits", async () => {
        h = await openBrowser();
        h.runtime.image.update((d) => {
            d.settings.goldenThreshold = 4.0;
        }, "threshold");
        await h.waitFor("● unsaved");
        await h.press("q");
        await h.waitFor("y save and quit");
        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("y save and quit"));
        expect(h.quitted()).toBe(false);
        await h.press("q");
        await h.waitFor("y save and quit");
        await h.press("y");
        await h.waitForQuit();
        expect(h.session.dirty).toBe(false);
    });

    it("n quits without saving, and the journal still holds the change when the image is opened again", async () => {
        h = await openBrowser();
        h.runtime.image.update((d) => {
            d.settings.goldenThreshold = 3.9;
        }, "threshold");
        await h.waitFor("● unsaved");
        await h.press("q");
        await h.waitFor("y save and quit");
        await h.press("n");
        await h.waitForQuit();
        expect(h.session.dirty).toBe(true);
        const file = h.file;
        await h.runtime.dispose();
        await using again = await Runtime.open(file, {readOnly: true});
        expect(again.image.state.settings.goldenThreshold).toBe(3.9);
    });

    it("quits at once when there is nothing to save", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        await h.press(keys.ctrl("q"));
        await h.waitForQuit();
    });

    it("feeds the Transcript from the bus: failed sends and refused swaps", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        h.runtime.publish({type: "sendFailed", persona: "ROBIN", selector: "fly", error: "no wings"});
        h.runtime.publish({type: "swapRefused", persona: "BRICK", what: "adapter", path: "x.gguf", reason: "not a GGUF."});
        const frame = await h.waitFor("swap refused");
        expect(frame).toMatch(/ROBIN #fly failed: no wings/);
        expect(frame).toMatch(/BRICK adapter swap refused \(x\.gguf\): not a GGUF\./);
    });

    it("scrolls the Transcript back and forward when it has the keyboard", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        for (let i = 1; i <= 8; i++) h.runtime.publish({type: "transcript", persona: null, text: `line ${i}`});
        await h.waitFor("line 8");
        expect(h.frame()).not.toContain("line 5");
        // The Transcript is the pane before the Playground, the last one.
        await h.press(keys.shiftTab, keys.shiftTab, keys.up, keys.up, keys.up);
        const back = await h.waitFor("5/8 ↓ newer");
        expect(back).toContain("line 5");
        expect(back).toContain("5/8");
        expect(back).not.toContain("line 8");
        await h.press(keys.down, keys.down, keys.down);
        await h.waitFor("line 8");
    });

    it("draws a metric over time as a chart", async () => {
        h = await openBrowser();
        const id = h.runtime.manager.get("BRICK").personaId;
        h.runtime.image.update((d) => {
            for (let i = 0; i < 12; i++)
                d.personas[id]!.performanceMetrics.push({at: new Date(Date.UTC(2026, 0, i + 1)), name: "golden", value: 3 + i / 6});
        }, "metrics");
        await h.waitFor("Personas");
        await h.press(keys.right, keys.down, keys.down, keys.down, keys.right);
        const chart = await h.waitFor("BRICK golden");
        expect(chart).toContain("last 4.83 · n=12");
        // The y axis is labelled with the maximum at the top and the minimum at the bottom.
        expect(chart).toMatch(/4\.83 +[▁-▇]+█/);
        expect(chart).toMatch(/ 3 ▁[▁-█]+█/);
        expect(chart).toContain("2026-01-01 … 2026-01-12");
    });

    it("uses the room of a bigger terminal, and redraws cleanly when the size changes", async () => {
        h = await openBrowser({columns: 140, rows: 40});
        const frame = await h.waitFor("Personas");
        const lines = frame.split("\n");
        expect(lines.length).toBe(39);
        expect(Math.max(...lines.map((l) => l.length))).toBe(140);
        h.resize(80, 24);
        const small = await h.waitFor((f) => f.split("\n").length === 23);
        expect(Math.max(...small.split("\n").map((l) => l.length))).toBe(80);
        h.resize(50, 12);
        await h.waitFor("needs at least 60×16");
    });

    it("draws colours, except under NO_COLOR", async () => {
        // The test's stdout is not a terminal, so chalk starts with colours off: turn them on as a terminal would.
        const level = chalk.level;
        chalk.level = 1;
        onTestFinished(() => {
            chalk.level = level;
        });
        h = await openBrowser({color: true});
        await h.waitFor("Personas");
        const colourful = h.ink.lastFrame() ?? "";
        await h.dispose();
        h = await openBrowser({color: false});
        await h.waitFor("Personas");
        const plain = h.ink.lastFrame() ?? "";
        // 36 is cyan (the focused pane), 90 is gray (borders): only the colourful theme uses them.
        const colourCode = new RegExp(String.raw`\u001B\[(3[0-7]|9[0-7])m`);
        expect(colourful).toMatch(colourCode);
        expect(plain).not.toMatch(colourCode);
    });
});
