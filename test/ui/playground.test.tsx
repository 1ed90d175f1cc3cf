import {afterAll, afterEach, describe, expect, it} from "vitest";
import type {Harness} from "./helpers/browserHarness.js";
import {keys, openBrowser, removeTemplate} from "./helpers/browserHarness.js";

let h: Harness | null = null;
afterEach(async () => {
    await h?.dispose();
    h = null;
});
afterAll(removeTemplate);

async function toPlayground(harness: Harness) {
    await harness.waitFor("Personas");
    // The Playground is the last pane: Shift-Tab from the first.
    await harness.press(keys.shiftTab);
}

describe("the System Browser: the Playground", () => {
    it("Print it (Ctrl-P) shows the printString in place", async () => {
        h = await openBrowser();
        await toPlayground(h);
        await h.type("3 + 4");
        await h.press(keys.ctrl("p"));
        await h.waitFor("→ 7");
    });

    it("Do it (Ctrl-D) runs for effect: the change reaches the image and the Transcript", async () => {
        // Taller than 24 rows so that the slots list has room for the new slot.
        h = await openBrowser({rows: 34});
        await toPlayground(h);
        await h.type("BRICK at: 'mood' put: 'sunny'");
        await h.press(keys.ctrl("d"));
        await h.waitFor("✓ done");
        await h.waitFor("BRICK slot mood changed");
        expect(h.runtime.manager.get("BRICK").record.slots.mood).toBe("sunny");
        expect(h.frame()).toContain("mood *");
    });

    it("Inspect it (Ctrl-O) opens the result in the inspector, where Enter drills and Esc lets go", async () => {
        h = await openBrowser();
        await toPlayground(h);
        await h.type("#(1 2 #(3 4))");
        await h.press(keys.ctrl("o"));
        const inspected = await h.waitFor("(in the inspector)");
        expect(inspected).toContain("#(1 2 #(3 4))");
        expect(inspected).toMatch(/▸3/);
        await h.press(keys.down, keys.down, keys.enter);
        await h.waitFor("› 3");
        await h.press(keys.escape, keys.escape);
        await h.waitFor("BRICK personaId");
    });

    it("Inspect it on a persona shows its slots through the mirror", async () => {
        h = await openBrowser();
        await toPlayground(h);
        await h.type("ROBIN");
        await h.press(keys.ctrl("o"));
        const inspected = await h.waitFor("(in the inspector)");
        expect(inspected).toContain("personaId");
        expect(inspected).toContain("▸codex");
        expect(inspected).toContain("name \"ROBIN\"");
    });

    it("shows an error in place, at its spot, and keeps the source", async () => {
        h = await openBrowser();
        await toPlayground(h);
        await h.type("3 + ");
        await h.press(keys.ctrl("p"));
        await h.waitFor("✗ line 1");
        expect(h.frame()).toContain("» 3 +");
        await h.press(keys.ctrl("u"));
        await h.type("BRICK noSuchThing");
        await h.press(keys.ctrl("p"));
        await h.waitFor(/✗ .*noSuchThing/);
    });

    it("is multi-line, and keeps its history in the image (↑/↓)", async () => {
        h = await openBrowser();
        await toPlayground(h);
        await h.type("| x |");
        await h.press(keys.enter);
        await h.type("x := 20.");
        await h.press(keys.enter);
        await h.type("x * 2");
        await h.press(keys.ctrl("p"));
        await h.waitFor("→ 40");
        await h.press(keys.ctrl("u"));
        await h.type("'second'");
        await h.press(keys.ctrl("p"));
        await h.waitFor("→ 'second'");
        expect(h.runtime.image.state.playgroundHistory).toEqual(["| x |\nx := 20.\nx * 2", "'second'"]);
        await h.press(keys.ctrl("u"), keys.up);
        await h.waitFor("» 'second'");
        await h.press(keys.up);
        await h.waitFor("x * 2");
        // The recalled entry is three lines: ↑ first walks up through it, then there is nothing older.
        await h.press(keys.up, keys.up);
        await h.waitFor("» | x |");
        await h.press(keys.up);
        expect(h.frame()).toContain("» | x |");
        await h.press(keys.down, keys.down, keys.down);
        await h.waitFor("» 'second'");
        await h.press(keys.down);
        await h.waitFor((f) => !f.includes("» 'second'") && !f.includes("x * 2"));
        expect(h.session.dirty).toBe(true);
    });
});
