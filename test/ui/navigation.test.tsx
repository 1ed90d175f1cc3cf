import {afterAll, afterEach, describe, expect, it} from "vitest";
import type {Harness} from "./helpers/browserHarness.js";
import {itemsOf} from "../../src/ui/state/catalog.js";
import {inspectorText, keys, openBrowser, removeTemplate} from "./helpers/browserHarness.js";

let h: Harness | null = null;
afterEach(async () => {
    await h?.dispose();
    h = null;
});
afterAll(removeTemplate);

describe("the System Browser: navigation", () => {
    it("opens on the first persona's slots with every pane and the status bar, in 80×24", async () => {
        h = await openBrowser();
        const frame = await h.waitFor("Personas");
        for (const text of ["BRICK", "ROBIN", "ALFRED", "BABS", "slots", "methods", "golden dataset", "metrics", "scrapbook", "codex",
            "personaId", "baseModelPath", "Transcript", "Playground", "world.image.json", "stories260K.gguf"])
            expect(frame, text).toContain(text);
        const lines = frame.split("\n");
        expect(lines.length).toBeLessThanOrEqual(23);
        expect(Math.max(...lines.map((l) => l.length))).toBeLessThanOrEqual(80);
    });

    it("moves across personas, categories and items with the arrow keys", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        await h.press(keys.down);
        // The status bar follows the focused persona.
        await h.waitFor("ROBIN model stories260K.gguf");
        await h.press(keys.up, keys.right, keys.down, keys.down, keys.down, keys.down, keys.down);
        await h.waitFor("identity");
        expect(h.frame()).toContain("principles");
        expect(h.frame()).toMatch(/BRICK model/);
    });

    it("drills into nested values with Enter and comes back with Esc, like Pharo's inspector", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        // codex category, then the principles item
        await h.press(keys.right, ...Array(5).fill(keys.down), keys.right, ...Array(5).fill(keys.down));
        await h.waitFor("BRICK principles");
        await h.press(keys.enter);
        expect(await h.waitFor("▸1")).toContain("Array(4)");
        await h.press(keys.enter);
        const drilled = await h.waitFor("principles › 1");
        expect(drilled).toContain("rigor");
        expect(drilled).toContain("statement");
        // Enter on a leaf shows its whole value, wrapped.
        await h.press(keys.down, keys.enter);
        const leaf = await h.waitFor("› 1 › statement");
        expect(inspectorText(leaf)).toContain("Every claim follows from stated premises");
        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("› statement"));
        await h.press(keys.escape);
        await h.waitFor((f) => !f.includes("principles › 1") && f.includes("BRICK principles"));
        // Esc at the root gives the keyboard back to the items; ↓ then moves there.
        await h.press(keys.escape, keys.down);
        await h.waitFor("BRICK rubric");
    });

    it("drills into a conversation of the golden dataset, message by message", async () => {
        h = await openBrowser();
        const id = h.runtime.manager.get("BRICK").personaId;
        h.runtime.image.update((d) => {
            d.personas[id]!.goldenDataset = d.personas[id]!.goldenDataset.append([{
                id: "s1",
                messages: [{role: "user", content: "Is 7 prime?"}, {role: "assistant", content: "1. Yes. Logically speaking, it has no divisors but 1 and 7."}],
                provenance: {interactionId: null, judge: "ALFRED", model: null, adapter: null, scores: null, at: new Date(Date.UTC(2026, 0, 1))},
                heldOut: false
            }]);
        }, "a golden sample");
        await h.waitFor("Personas");
        await h.press(keys.right, keys.down, keys.down, keys.right);
        await h.waitFor("1 - Is 7 prime?");
        await h.press(keys.enter);
        await h.waitFor("▸messages");
        await h.press(keys.down, keys.enter);
        await h.waitFor("› messages");
        await h.press(keys.down, keys.enter);
        const message = await h.waitFor("› messages › 2");
        expect(message).toContain("assistant");
        await h.press(keys.down, keys.enter);
        const content = await h.waitFor("› 2 › content");
        expect(inspectorText(content)).toContain("Logically speaking, it has no divisors");
        await h.press(keys.escape, keys.escape, keys.escape);
        await h.waitFor((f) => !f.includes("› messages"));
    });

    it("scrolls a long list and shows the position", async () => {
        h = await openBrowser();
        const id = h.runtime.manager.get("BRICK").personaId;
        h.runtime.image.update((d) => {
            for (let i = 0; i < 40; i++) d.personas[id]!.slots[`note${String(i).padStart(2, "0")}`] = i;
        }, "many slots");
        const total = itemsOf(h.runtime.manager.get("BRICK").record, "slots").length;
        expect(total).toBeGreaterThan(40);
        await h.waitFor("Personas");
        await h.press(keys.right, keys.right);
        await h.waitFor(`1/${total}`);
        await h.press(keys.down, keys.down);
        await h.waitFor(`3/${total}`);
        await h.press("\u001B[F");
        const end = await h.waitFor(`${total}/${total}`);
        expect(end).toContain("note39");
        expect(end).not.toContain("personaId");
    });

    it("cycles the keyboard focus with Tab and Shift-Tab", async () => {
        h = await openBrowser();
        await h.waitFor("Personas");
        // personas → categories → items → inspector → transcript → playground, as on the screen: typing lands in the Playground.
        await h.press(keys.tab, keys.tab, keys.tab, keys.tab, keys.tab);
        await h.type("3 + 4");
        await h.waitFor("» 3 + 4");
        // Shift-Tab back to the Transcript: letters no longer type.
        await h.press(keys.shiftTab);
        await h.type("x");
        expect(h.frame()).toContain("» 3 + 4");
        expect(h.frame()).not.toContain("3 + 4x");
    });
});
