import {copyFile, mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {stripVTControlCharacters} from "node:util";
import {render} from "ink-testing-library";
import {createImage, Runtime} from "../../../src/index.js";
import {BrowserApp, BrowserSession, themeFor} from "../../../src/ui/index.js";

/** Keys as a terminal sends them. */
export const keys = {
    up: "\u001B[A",
    down: "\u001B[B",
    right: "\u001B[C",
    left: "\u001B[D",
    tab: "\t",
    shiftTab: "\u001B[Z",
    enter: "\r",
    escape: "\u001B",
    backspace: "\u007F",
    ctrl: (letter: string) => String.fromCharCode(letter.toLowerCase().charCodeAt(0) - 96)
};

export const testModel = path.resolve("test/fixtures/models/stories260K.gguf");

let template: {dir: string, file: string} | null = null;

/** One image made by the core's createImage per test file; each test opens its own copy. */
export async function templateImage(): Promise<string> {
    if (template == null) {
        const dir = await mkdtemp(path.join(tmpdir(), "li-ui-template-"));
        const file = path.join(dir, "template.image.json");
        await createImage(file, {model: testModel});
        template = {dir, file};
    }
    return template.file;
}

export type Harness = Awaited<ReturnType<typeof openBrowser>>;

/** A real Runtime on a fresh copy of the template image, with the browser rendered at 80×24, no colour. */
export async function openBrowser(options: {columns?: number, rows?: number, color?: boolean} = {}) {
    const dir = await mkdtemp(path.join(tmpdir(), "li-ui-"));
    const file = path.join(dir, "world.image.json");
    await copyFile(await templateImage(), file);
    const runtime = await Runtime.open(file);
    const session = new BrowserSession(runtime);
    let quit = false;
    const theme = themeFor(options.color === true ? {} : {NO_COLOR: "1"});
    const onQuit = () => {
        quit = true;
    };
    const ink = render(<BrowserApp session={session} size={{columns: options.columns ?? 80, rows: options.rows ?? 24}} theme={theme} onQuit={onQuit} />);
    /** As a terminal resize does: the same app, drawn for another size. */
    const resize = (columns: number, rows: number) => ink.rerender(<BrowserApp session={session} size={{columns, rows}} theme={theme} onQuit={onQuit} />);
    // Styles (bold, inverse) still reach the frame under NO_COLOR: assertions read plain text.
    const frame = () => stripVTControlCharacters(ink.lastFrame() ?? "");
    /** Waits until the frame satisfies `test` (a substring or a predicate); fails with the frame. */
    const waitFor = async (test: string | RegExp | ((frame: string) => boolean), timeoutMs = 8000) => {
        const ok = typeof test === "string" ? (f: string) => f.includes(test) : test instanceof RegExp ? (f: string) => test.test(f) : test;
        const deadline = Date.now() + timeoutMs;
        while (!ok(frame())) {
            if (Date.now() > deadline) throw new Error(`Timed out waiting for ${String(test)} in:\n${frame()}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
        return frame();
    };
    /** Waits until the browser has quit. */
    const waitForQuit = async (timeoutMs = 5000) => {
        const deadline = Date.now() + timeoutMs;
        while (!quit) {
            if (Date.now() > deadline) throw new Error(`The browser did not quit; the screen:\n${frame()}`);
            await new Promise((resolve) => setTimeout(resolve, 10));
        }
    };
    /** Sends keys one at a time, letting Ink parse and React render between them. */
    const press = async (...sequence: string[]) => {
        for (const k of sequence) {
            ink.stdin.write(k);
            await new Promise((resolve) => setTimeout(resolve, 15));
        }
    };
    /** Types text as one chunk (as a paste arrives). */
    const type = async (text: string) => {
        ink.stdin.write(text);
        await new Promise((resolve) => setTimeout(resolve, 15));
    };
    const dispose = async () => {
        ink.unmount();
        await runtime.dispose();
        await rm(dir, {recursive: true, force: true});
    };
    return {runtime, session, ink, file, frame, waitFor, press, type, resize, dispose, waitForQuit, quitted: () => quit};
}

export async function removeTemplate(): Promise<void> {
    if (template != null) await rm(template.dir, {recursive: true, force: true});
    template = null;
}

/** The text of the inspector column at 80 columns (from column 51), its lines joined, spaces collapsed. */
export function inspectorText(frame: string): string {
    return frame.split("\n").map((line) => Array.from(line).slice(51, 79).join("")).join(" ").replace(/\s+/g, " ");
}

