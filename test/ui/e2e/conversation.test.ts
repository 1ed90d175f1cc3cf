import {afterAll, afterEach, beforeAll, describe, expect, it} from "vitest";
import {imageFolder, onModel, readImage, slowModel, Terminal} from "../helpers/tmux.js";

/**
 * Point 2 on the real CLI in tmux at 80×24: a conversation pane per persona (three turns land in the
 * scrapbook, each recorded with the conversation's id), and `living-image chat` as a terminal REPL with
 * streamed replies, Ctrl-C, and a history that is the persona's scrapbook.
 */
let folder: Awaited<ReturnType<typeof imageFolder>>;
let terminal: Terminal | null = null;

beforeAll(async () => {
    folder = await imageFolder();
    // BABS on a model slow enough to stop a reply while it comes.
    await onModel(folder.file, "BABS", await slowModel(folder.dir));
}, 300_000);

afterEach(() => {
    terminal?.kill();
    terminal = null;
});

afterAll(async () => {
    await folder?.cleanup();
});

describe("a conversation with a persona (tmux, 80×24)", () => {
    it("c opens ROBIN's conversation pane: three turns, each streamed and recorded in the scrapbook with its conversation", async () => {
        terminal = new Terminal(80, 24);
        terminal.start(folder.dir, [folder.file, "--threads", "1"]);
        await terminal.waitFor("Personas", 180_000);
        await terminal.keys("Down");
        await terminal.waitFor("›ROBIN");
        await terminal.keys("c");
        await terminal.waitFor("Say something to ROBIN");
        for (const [turn, text] of ["Once upon a time", "The little dog", "The end"].entries()) {
            await terminal.type(text);
            await terminal.keys("Enter");
            // The reply is in (the pane counts the turn) and the input is free again.
            await terminal.waitFor(`${turn + 1} turn${turn === 0 ? "" : "s"} · Enter send`, 120_000);
        }
        // The pane keeps every turn: PgUp scrolls back from the newest to the first.
        const pane = await terminal.pressUntil("PageUp", /you › Once upon a time[ ┃]*\n┃ROBIN › /);
        expect(pane).toContain("Chat ROBIN");
        expect(pane).toMatch(/\d+–\d+\/\d+ · 3 turns · Enter send/);
        // Back in the browser, ROBIN's scrapbook lists the three turns.
        await terminal.keys("Escape", "Right", "Down", "Down", "Down", "Down");
        const scrapbook = await terminal.waitFor(/scrapbook +3\/3|3 [·\d. ★]+The end/);
        expect(scrapbook).toMatch(/1 [·\d. ★]+Once upon a/);
        await terminal.keys("C-s");
        await terminal.waitFor(/saved \d/);
        await terminal.keys("q");
        await terminal.waitForExit();

        const store = await readImage(folder.file);
        try {
            const robin = Object.values(store.state.personas).find((p) => p.name === "ROBIN")!;
            const turns = robin.scrapbook.filter((e) => e.meta?.["conversation"] != null);
            expect(turns).toHaveLength(3);
            const conversation = turns.map((e) => e.meta!["conversation"] as {id: string, turn: number});
            expect(conversation.map((c) => c.turn)).toEqual([1, 2, 3]);
            expect(new Set(conversation.map((c) => c.id)).size).toBe(1);
            // The third turn carries the two before it, as the model saw them.
            expect(turns[2]!.messages.filter((m) => m.role === "user").map((m) => m.content)).toEqual(["Once upon a time", "The little dog", "The end"]);
        } finally {
            await store.close();
        }
    }, 600_000);

    it("living-image chat: a REPL whose replies stream, Ctrl-C stops one, and ↑ recalls what was said to the persona", async () => {
        terminal = new Terminal(80, 24);
        terminal.start(folder.dir, ["chat", "BABS", "--image", folder.file, "--threads", "1"]);
        await terminal.waitFor(/Chatting with BABS[\s\S]*^>>> ?$/m, 180_000);
        await terminal.type("Tell me a story");
        await terminal.keys("Enter");
        // The reply comes piece by piece: the line after the prompt grows, then Ctrl-C stops it.
        const replyAfter = (screen: string) => screen.split(">>> Tell me a story\n")[1]?.replace(/\s+$/, "") ?? "";
        const first = replyAfter(await terminal.waitFor((s) => replyAfter(s).length > 0, 120_000));
        await terminal.waitFor((s) => replyAfter(s).length > first.length + 10, 60_000);
        await terminal.keys("C-c");
        // The mark follows the reply on its line, which the terminal may wrap anywhere.
        await terminal.waitFor((s) => s.replace(/\n/g, "").includes("■ stopped (what came is kept)") && /■[^>]*\n>>> ?$/m.test(s), 30_000);
        // ↑ brings back the line just said (the scrapbook is the history).
        await terminal.keys("Up");
        await terminal.waitFor(/>>> Tell me a story$/m);
        await terminal.keys("C-u");
        await terminal.type("/context");
        await terminal.keys("Enter");
        const context = await terminal.waitFor(/Next request: \d+ of \d+ tokens/);
        expect(context).toContain("You are BABS.");
        await terminal.type("/bye");
        await terminal.keys("Enter");
        await terminal.waitForExit();
        expect(await terminal.waitFor("1 turn with BABS recorded in the scrapbook")).toContain("waits for ALFRED's judgement");

        const store = await readImage(folder.file);
        try {
            const babs = Object.values(store.state.personas).find((p) => p.name === "BABS")!;
            const entry = babs.scrapbook.at(-1)!;
            expect(entry.messages[0]).toEqual({role: "user", content: "Tell me a story"});
            expect(entry.meta?.["stopReason"]).toBe("aborted");
        } finally {
            await store.close();
        }
        // A second session's history starts with what the first said.
        terminal.kill();
        terminal = new Terminal(80, 24);
        terminal.start(folder.dir, ["chat", "BABS", "--image", folder.file, "--threads", "1"]);
        await terminal.waitFor(/^>>> ?$/m, 180_000);
        await terminal.keys("Up");
        await terminal.waitFor(/>>> Tell me a story$/m);
        await terminal.keys("C-u", "C-d");
        await terminal.waitForExit();
    }, 600_000);
});
