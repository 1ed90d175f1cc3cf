import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {imageFolder, onModel, readImage, slowModel, Terminal} from "../helpers/tmux.js";

/**
 * Point 1 of the browser, on the real CLI in tmux at 80×24: a long reply wraps and scrolls, and a
 * generation streams into the Playground (seen growing before it ends), and Ctrl-C stops it keeping what came.
 */
let folder: Awaited<ReturnType<typeof imageFolder>>;
let model = "";
const terminal = new Terminal(80, 24);

beforeAll(async () => {
    folder = await imageFolder();
    // BRICK on a model slow enough to watch (random weights, 57M parameters, one thread).
    model = await slowModel(folder.dir);
    await onModel(folder.file, "BRICK", model);
}, 300_000);

afterAll(async () => {
    terminal.kill();
    await folder?.cleanup();
});

describe("replies you can read (tmux, 80×24)", () => {
    it("wraps and scrolls a long reply, streams a generation as it comes, and Ctrl-C stops it keeping what came", async () => {
        terminal.start(folder.dir, [folder.file, "--threads", "1"]);
        await terminal.waitFor("Personas", 180_000);

        // A long value: its printString wraps over the result's rows, PgDn scrolls, Ctrl-V shows it whole.
        await terminal.keys("BTab");
        await terminal.waitFor(/┃Playground/);
        await terminal.type("(1 to: 60) inject: '' into: [:text :i | text, 'word', i printString, ' ']");
        await terminal.keys("C-p");
        const long = await terminal.waitFor(/1–2\/\d+ PgUp PgDn · Ctrl-V all/);
        expect(long).toMatch(/→ 'word1 word2 word3/);
        expect(long).not.toContain("word60");
        await terminal.keys("PageDown");
        const scrolled = await terminal.waitFor(/3–4\/\d+ PgUp PgDn/);
        expect(scrolled).not.toContain("→ 'word1 ");
        await terminal.keys("C-v");
        const whole = await terminal.waitFor(/┃Result/);
        // Every line of the tool is within the pane: wrapped, not cut.
        expect(whole).toContain("word1 word2");
        await terminal.keys("End");
        expect(await terminal.waitFor("word60")).toMatch(/word59 word60 '/);
        // Esc goes back to where the keyboard was: the Playground.
        await terminal.keys("Escape");
        await terminal.waitFor(/┃Playground/);

        // A chat streams into the Playground: the reply is seen growing while the generation runs. The model has
        // random weights and samples its end token at random: a reply that ends before it was seen growing is
        // asked for again (a few times at most; a browser that does not stream never passes).
        const streaming = (screen: string) => /BRICK › .+▍/.test(screen) && screen.includes("Ctrl-C stops");
        const replied = (screen: string) => Number(/(\d+) events?/.exec(screen)?.[1] ?? 0);
        let later: string | null = null;
        for (let attempt = 1; later == null && attempt <= 5; attempt++) {
            const events = replied(terminal.screen());
            await terminal.keys("C-u");
            await terminal.type("BRICK chat: 'Once upon a time'");
            await terminal.keys("C-p");
            const ended = (s: string) => replied(s) > events && !s.includes("Ctrl-C stops");
            const first = await terminal.waitFor((s) => streaming(s) || ended(s), 180_000);
            if (!streaming(first)) continue;
            const partial = /BRICK › (.+?)▍/.exec(first)?.[1] ?? "";
            const grew = (s: string) => streaming(s) && (/BRICK › ([^▍]*)/.exec(s)?.[1] ?? "").length > partial.length + 5;
            const next = await terminal.waitFor((s) => grew(s) || !s.includes("Ctrl-C stops"), 60_000);
            if (grew(next)) later = next;
        }
        expect(later, "a reply seen growing while it streamed").not.toBeNull();
        expect(later).toContain("BRICK replying");
        // Ctrl-C stops it: what came stays, marked stopped.
        await terminal.keys("C-c");
        const stopped = await terminal.waitFor("■ stopped; what came:", 30_000);
        expect(stopped).not.toContain("Ctrl-C stops");
        await terminal.keys("C-s");
        await terminal.waitFor(/saved \d/);
        await terminal.keys("Escape", "q");
        await terminal.waitForExit();

        const store = await readImage(folder.file);
        try {
            const brick = Object.values(store.state.personas).find((p) => p.name === "BRICK")!;
            const entry = brick.scrapbook.at(-1)!;
            expect(entry.meta?.["stopReason"]).toBe("aborted");
            expect(entry.timing!.completionTokens).toBeLessThan(256);
            expect(entry.messages.at(-1)!.content.length).toBeGreaterThan(0);
        } finally {
            await store.close();
        }
    }, 600_000);
});
