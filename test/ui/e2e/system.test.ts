import {afterAll, beforeAll, describe, expect, it} from "vitest";
import type {ScrapbookEntry} from "../../../src/index.js";
import {imageFolder, readImage, Terminal} from "../helpers/tmux.js";

/**
 * Points 3 to 7 of the browser on the real CLI in tmux at 80×24, one session as a user goes through it:
 * the layout and its focus (7), rating an older interaction beside ALFRED's verdict (4), senders and the
 * finder (3), undo, redo, versions and revert (5), what the persona sees (6); then the saved image.
 * The steps share the terminal and run in order; each starts from the persona list.
 */
let folder: Awaited<ReturnType<typeof imageFolder>>;
const terminal = new Terminal(80, 24);

const older: ScrapbookEntry = {
    id: "int-older-0001", at: new Date("2026-11-24T10:00:00Z"), kind: "chat", model: "stories260K.gguf", adapter: null,
    messages: [{role: "user", content: "Is every swan white?"}, {role: "assistant", content: "No: one black swan refutes the universal claim."}],
    // ALFRED's verdict, as the Oracle records it on the entry.
    meta: {judgements: [{
        judge: "ALFRED", golden: 3.5, at: new Date("2026-11-24T10:00:05Z"),
        axes: {logical_rigor: {score: 4, rationale: "a counterexample, stated"}, task_efficacy: {score: 3, rationale: "short"}}
    }]}
};
const newer: ScrapbookEntry = {
    id: "int-newer-0002", at: new Date("2026-11-24T10:01:00Z"), kind: "chat", model: "stories260K.gguf", adapter: null,
    messages: [{role: "user", content: "And the newest question"}, {role: "assistant", content: "The newest answer."}]
};

/** The title of the pane with the keyboard: the only one drawn with a heavy border. */
function focused(screen: string): string {
    return /┃([A-Za-z]+)/.exec(screen)?.[1] ?? "(none)";
}

/** Back to the persona list, whatever was shown (a tool, the Playground, a column). */
async function home(): Promise<void> {
    await terminal.keys("Escape", "Escape", "Left", "Left", "Left");
    await terminal.waitFor((s) => focused(s) === "Personas" && !s.includes("Esc browser"));
}

beforeAll(async () => {
    folder = await imageFolder((store) => {
        const id = Object.values(store.state.personas).find((p) => p.name === "BRICK")!.personaId;
        store.update((d) => {
            d.personas[id]!.scrapbook.push(older, newer);
        }, "two interactions");
    });
    terminal.start(folder.dir, [folder.file, "--threads", "1"]);
    await terminal.waitFor("Personas", 180_000);
}, 300_000);

afterAll(async () => {
    terminal.kill();
    await folder?.cleanup();
});

describe("the System Browser at 80×24 (tmux): find, judge, change safely, see what the model sees", () => {
    it("7: a visible focus that Tab moves in screen order, and a Transcript with ALFRED's verdicts in words and figures", async () => {
        const first = terminal.screen();
        expect(focused(first)).toBe("Personas");
        expect(first).toMatch(/\[personas\]/);
        // Tab walks the panes as they stand on the screen: the three columns, the inspector, the Transcript, the Playground.
        const order: string[] = [];
        for (let i = 0; i < 6; i++) {
            const before = focused(terminal.screen());
            await terminal.keys("Tab");
            // A frame caught while it is drawn has no heavy border yet: wait for one that has.
            order.push(focused(await terminal.waitFor((s) => focused(s) !== before && focused(s) !== "(none)")));
        }
        expect(order).toEqual(["BRICK", "slots", "BRICK", "Transcript", "Playground", "Personas"]);
        // ALFRED judges the interaction nobody judged yet as the image opens: the Transcript says so in words.
        const verdict = await terminal.waitFor(/BRICK judged by ALFRED: \d\.\d\d [<≥] [\d.]+.* \(rigor \d/, 240_000);
        expect(verdict).not.toMatch(/\d\.\d{5,}/);
    }, 300_000);

    it("4: rates an older interaction, not the last, with ALFRED's verdict beside the Architect's", async () => {
        await home();
        await terminal.keys("Right", "Home", "Down", "Down", "Down", "Down");
        await terminal.waitFor("›scrapbook");
        await terminal.keys("Right");
        // The older interaction is the first; its mark is ALFRED's score.
        await terminal.waitFor(/┃›1 3\.5 Is every swa/);
        await terminal.keys("r");
        const overlay = await terminal.waitFor("interaction 1/2 (int-olde)");
        expect(overlay).toContain("user: Is every swan white?");
        expect(overlay).toContain("assistant: No: one black swan refutes the universal claim.");
        expect(overlay).toMatch(/you +ALFRED: golden 3\.50/);
        expect(overlay).toMatch(/logical_rigor +· +4 {2}a counterexample, stated/);
        await terminal.keys("4");
        const rated = await terminal.waitFor(/BRICK judged by Architect: 4\.00 [<≥] [\d.]+/);
        expect(rated).toMatch(/┃›1 3\.5 ★4\.0 Is ever/);
        // Opened again, the overlay shows both verdicts side by side.
        await terminal.keys("r");
        expect(await terminal.waitFor("interaction 1/2 (int-olde)")).toContain("ALFRED: golden 3.50 · your last: 4.00");
        await terminal.keys("Escape");
        await terminal.waitFor((s) => !s.includes("interaction 1/2"));
    }, 120_000);

    it("3: senders of a selector are found across the persona's methods, and Ctrl-F finds a method by part of its name", async () => {
        await home();
        await terminal.keys("Right", "Home", "Down");
        await terminal.waitFor("›methods");
        await terminal.keys("Right");
        await terminal.waitFor("›+ new method");
        await writeMethod("greet", "^ 'hello'");
        await terminal.keys("Down");
        await terminal.waitFor("›+ new method");
        await writeMethod("welcome", "^ self greet , ' there'");
        await terminal.keys("Up");
        await terminal.waitFor("›#greet");
        await terminal.keys("n");
        const senders = await terminal.waitFor("Senders of: greet");
        expect(senders).toMatch(/›BRICK >> #welcome/);
        expect(senders).toContain("^ self greet , ' there'");
        // Enter shows the sender in the browser.
        await terminal.keys("Enter");
        await terminal.waitFor((s) => /›#welcome/.test(s) && !s.includes("Senders of"));
        await terminal.keys("C-f");
        await terminal.waitFor(/Find: /);
        await terminal.type("welc");
        const found = await terminal.waitFor(/›.*welcome/);
        expect(found).toContain("Find: welc");
        await terminal.keys("Escape");
        await terminal.waitFor((s) => !s.includes("Find: welc"));
    }, 120_000);

    it("5: an edit is undone and redone, and the method reverted to its previous version from the versions' diff", async () => {
        await terminal.keys("Up");
        await terminal.waitFor("›#greet");
        await terminal.keys("e");
        await terminal.waitFor("Ctrl-S accept");
        await terminal.keys("C-u");
        await terminal.type("greet");
        await terminal.keys("Enter");
        await terminal.type("^ 'hi there'");
        await terminal.keys("C-s");
        await terminal.waitFor((s) => /│\^ 'hi there'/.test(s) && !s.includes("Ctrl-S accept"));
        await terminal.keys("u");
        const undone = await terminal.waitFor(/│\^ 'hello'/);
        expect(undone).toContain("undid BRICK >> #greet");
        await terminal.keys("U");
        await terminal.waitFor(/│\^ 'hi there'/);
        await terminal.keys("v");
        // The previous version is picked, with what reverting to it changes.
        const versions = await terminal.waitFor("Versions BRICK>>#greet");
        expect(versions).toMatch(/current +as yet unclassified · \^ 'hi there'/);
        expect(versions).toMatch(/› 2 .* as yet unclassified · \^ 'hello'/);
        expect(versions).toMatch(/- \^ 'hi there'[\s┃]+\+ \^ 'hello'/);
        await terminal.keys("Enter");
        await terminal.waitFor("Revert BRICK >> #greet to the version of");
        await terminal.keys("y");
        await terminal.waitFor(/› 1 .*current +as yet unclassified · \^ 'hello'/);
        // The reverted method answers: the Playground sends to it.
        await terminal.keys("Escape");
        await terminal.waitFor(/│\^ 'hello'/);
        await home();
        await terminal.keys("BTab");
        await terminal.waitFor((s) => focused(s) === "Playground");
        await terminal.type("BRICK welcome");
        await terminal.keys("C-p");
        await terminal.waitFor("→ 'hello there'");
        await terminal.keys("C-u", "Escape");
    }, 120_000);

    it("3, 5: k files a method in a category of its own; d removes it after asking, and u brings it back in its category", async () => {
        await home();
        await terminal.keys("Right", "Home", "Down");
        await terminal.waitFor("›methods");
        await terminal.keys("Right", "Home", "Down");
        await terminal.waitFor(/┃›#welcome/);
        await terminal.keys("k");
        await terminal.waitFor("Category of BRICK >> #welcome");
        await terminal.type("greeting");
        await terminal.keys("Enter");
        await terminal.waitFor(/│ {3}greeting/);
        await terminal.keys("d");
        const asked = await terminal.waitFor("Remove BRICK >> #welcome?");
        expect(asked).toContain("It can be undone (u)");
        await terminal.keys("y");
        const removed = await terminal.waitFor((s) => s.includes("BRICK >> #welcome removed") && !/┃[› ]#welcome/.test(s));
        expect(removed).not.toMatch(/│ {3}greeting/);
        await terminal.keys("u");
        await terminal.waitFor((s) => /┃[› ]#welcome/.test(s) && /│ {3}greeting/.test(s));
    }, 120_000);

    it("6: the context view shows the system prompt and counts the request's tokens against the context", async () => {
        await home();
        await terminal.keys("w");
        const seen = await terminal.waitFor(/BRICK sees \d+ of \d+ tokens/, 180_000);
        expect(seen).toMatch(/── System prompt \(\d+ tokens\)/);
        expect(seen).toContain("You are BRICK.");
        expect(seen).toMatch(/── The \d+ tokens of the request, as the model reads them/);
        await terminal.keys("C-w");
        await terminal.waitFor((s) => !s.includes("Sees BRICK"));
        await home();
    }, 240_000);

    it("saves what was done: the reverted method, the one removed and brought back, the Architect's rating of the older interaction only", async () => {
        await terminal.keys("C-s");
        await terminal.waitFor(/saved \d/);
        await terminal.keys("C-q");
        await terminal.waitForExit();
        const store = await readImage(folder.file);
        try {
            const brick = Object.values(store.state.personas).find((p) => p.name === "BRICK")!;
            expect(brick.methods["greet"]?.source).toBe("greet\n^ 'hello'");
            expect(brick.methods["welcome"]).toMatchObject({source: "welcome\n^ self greet , ' there'", category: "greeting"});
            const judges = (id: string) => ((brick.scrapbook.find((e) => e.id === id)!.meta?.["judgements"] ?? []) as {judge: string, golden: number}[]);
            expect(judges("int-older-0001").find((j) => j.judge === "Architect")?.golden).toBe(4);
            expect(judges("int-newer-0002").some((j) => j.judge === "Architect")).toBe(false);
        } finally {
            await store.close();
        }
    }, 60_000);
});

/** On "+ new method": writes a method in the editor and compiles it (Ctrl-S). */
async function writeMethod(selector: string, body: string): Promise<void> {
    await terminal.keys("Enter");
    await terminal.waitFor("Ctrl-S accept");
    await terminal.keys("C-u");
    await terminal.type(selector);
    await terminal.keys("Enter");
    await terminal.type(body);
    await terminal.keys("C-s");
    await terminal.waitFor(`BRICK >> #${selector} compiled`);
}
