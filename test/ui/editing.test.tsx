import {copyFile, mkdir, readFile} from "node:fs/promises";
import path from "node:path";
import {afterAll, afterEach, describe, expect, it} from "vitest";
import type {Harness} from "./helpers/browserHarness.js";
import {keys, openBrowser, removeTemplate, testModel} from "./helpers/browserHarness.js";

let h: Harness | null = null;
afterEach(async () => {
    await h?.dispose();
    h = null;
});
afterAll(removeTemplate);

/** From the start: BRICK, slots, the item `index` rows down, focused. */
async function toSlot(harness: Harness, index: number) {
    await harness.waitFor("Personas");
    await harness.press(keys.right, keys.right, ...Array(index).fill(keys.down));
}

describe("the System Browser: live edits", () => {
    it("edits a slot in place: validated (the model through swapModel:, which checks the file), journalled, marked unsaved", async () => {
        h = await openBrowser();
        const models = path.join(path.dirname(h.runtime.image.path), "models");
        await mkdir(models);
        await copyFile(testModel, path.join(models, "other.gguf"));
        expect(h.frame()).not.toContain("● unsaved");
        await toSlot(h, 3);
        await h.press(keys.enter);
        const editing = await h.waitFor("edit BRICK baseModelPath");
        expect(editing).toContain("stories260K.gguf'");
        await h.press(keys.ctrl("u"));
        await h.type("'models/other.gguf'");
        await h.press(keys.enter);
        await h.waitFor("● unsaved");
        const brick = h.runtime.manager.get("BRICK");
        expect(brick.record.baseModelPath).toBe("models/other.gguf");
        expect(h.frame()).toContain("BRICK model other.gguf");
        expect(h.frame()).toMatch(/BRICK model swapped: stories260K.gguf → other.gguf/);
        // The keyboard is back in the items, where the change shows.
        expect(h.frame()).toMatch(/\[items\]|baseModelPath := /);
        expect(h.session.dirty).toBe(true);
        // Journalled: the change is in the .changes file before any save.
        expect(await readFile(h.runtime.image.journalPath, "utf8")).toContain("BRICK swapModel");
    });

    it("gives a persona a server's model by editing its model slot, and the status bar shows the engine", async () => {
        h = await openBrowser();
        await toSlot(h, 3);
        await h.press(keys.enter);
        await h.waitFor("edit BRICK baseModelPath");
        await h.press(keys.ctrl("u"));
        await h.type("'ollama://127.0.0.1:11434/llama3.2'");
        await h.press(keys.enter);
        await h.waitFor("BRICK model ollama llama3.2@127.0.0.1:11434");
        expect(h.runtime.manager.get("BRICK").record.baseModelPath).toBe("ollama://127.0.0.1:11434/llama3.2");
        expect(await h.runtime.evaluate("BRICK engine")).toBe("ollama://127.0.0.1:11434/llama3.2");
        // The Playground's useEngine: takes it back to a GGUF, and the status bar follows.
        await h.runtime.evaluate(`BRICK useEngine: 'embedded:${testModel}'`);
        await h.waitFor("BRICK model stories260K.gguf");
    });

    it("refuses a slot value of the wrong shape with a clear message, and nothing changes", async () => {
        h = await openBrowser();
        const before = h.runtime.image.state;
        await toSlot(h, 3);
        await h.press(keys.enter);
        await h.waitFor("edit BRICK baseModelPath");
        await h.press(keys.ctrl("u"));
        await h.type("42");
        await h.press(keys.enter);
        const refused = await h.waitFor("✗");
        expect(refused).toMatch(/swapModel:/);
        expect(refused).toMatch(/String/);
        expect(h.runtime.image.state).toBe(before);
        expect(h.session.dirty).toBe(false);
        // Still editing: fix it, or Esc leaves everything as it was.
        expect(refused).toContain("edit BRICK baseModelPath");
        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("edit BRICK baseModelPath"));
        expect(h.runtime.image.state).toBe(before);
    });

    it("shows a syntax error in a slot edit at its spot", async () => {
        h = await openBrowser();
        await toSlot(h, 3);
        await h.press(keys.enter, keys.ctrl("u"));
        await h.type("'unterminated");
        await h.press(keys.enter);
        const refused = await h.waitFor("✗ line 1");
        expect(refused).toContain("edit BRICK baseModelPath");
        expect(h.session.dirty).toBe(false);
    });

    it("accepts a new method: compiled, installed, listed, and answered by a send", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        await h.press(keys.right, keys.down, keys.right);
        await h.waitFor("+ new method");
        await h.press(keys.enter);
        await h.waitFor("BRICK >> new method");
        await h.press(keys.ctrl("u"));
        await h.type("greet: who");
        await h.press(keys.enter);
        await h.type("    ^ 'Logically speaking, hello ', who");
        await h.press(keys.ctrl("s"));
        const listed = await h.waitFor("#greet:");
        expect(listed).toMatch(/compiled and installed|>> #greet: compiled/);
        expect(await h.runtime.send("BRICK", "greet:", ["Ada"])).toBe("Logically speaking, hello Ada");
        expect(h.session.dirty).toBe(true);
    });

    it("shows a method's parse error at its spot and installs nothing", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        await h.press(keys.right, keys.down, keys.right, keys.enter, keys.ctrl("u"));
        await h.type("broken");
        await h.press(keys.enter);
        await h.type("    ^ 3 + ");
        await h.press(keys.ctrl("s"));
        const refused = await h.waitFor("✗ line 2");
        expect(refused).toContain("BRICK >> new method");
        // The snippet under the message repeats the line with a caret under the spot.
        expect(refused).toMatch(/ {4}\^ 3 \+[^\n]*\n[^\n]* {10}\^/);
        expect(Object.keys(h.runtime.manager.get("BRICK").record.methods)).toEqual([]);
        expect(h.session.dirty).toBe(false);
    });

    it("edits an existing method's source and reinstalls it", async () => {
        h = await openBrowser();
        h.runtime.compile(h.runtime.manager.get("BRICK"), "answer\n    ^ 41");
        await h.waitFor("Personas");
        await h.press(keys.right, keys.down, keys.right);
        await h.waitFor("^ 41");
        await h.press(keys.enter);
        await h.waitFor("BRICK >> #answer");
        await h.press(keys.backspace);
        await h.type("2");
        await h.press(keys.ctrl("s"));
        await h.waitFor("^ 42");
        expect(await h.runtime.send("BRICK", "answer", [])).toBe(42);
    });
});
