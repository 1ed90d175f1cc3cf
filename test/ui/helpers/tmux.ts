import {execFile, execFileSync} from "node:child_process";
import {mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {promisify} from "node:util";
import {createImage, ImageStore} from "../../../src/index.js";
import {testModel} from "./browserHarness.js";

let sessions = 0;

/**
 * A real terminal for an end-to-end test: tmux on a socket of its own (named with the pid and a
 * counter, so parallel runs never meet), running the real command line. The test types into it as a
 * person does and reads the screen back with deadlines, never fixed sleeps.
 */
export class Terminal {
    public readonly socket = `li-e2e-${process.pid}-${++sessions}`;
    private readonly name = "t";

    public constructor(public readonly columns = 80, public readonly rows = 24) {}

    /**
     * Starts `args` of `bin/living-image.js` in `cwd`. The pane stays after the program ends, so that
     * what it wrote last (a chat's closing line) can still be read; `exited()` tells.
     */
    public start(cwd: string, args: string[]): void {
        const bin = path.resolve("bin/living-image.js");
        const command = [process.execPath, bin, ...args].map(quote).join(" ");
        this.tmux("new-session", "-d", "-s", this.name, "-x", String(this.columns), "-y", String(this.rows), "-c", cwd, command);
        this.tmux("set-option", "-t", this.name, "remain-on-exit", "on");
    }

    /** True once the program in the pane has ended. */
    public exited(): boolean {
        try {
            return this.tmux("display-message", "-p", "-t", this.name, "#{pane_dead}").trim() === "1";
        } catch {
            return true;
        }
    }

    public screen(): string {
        return this.tmux("capture-pane", "-p", "-t", this.name);
    }

    /** Waits until the screen passes `test`; fails with the screen after `timeoutMs`. */
    public async waitFor(test: string | RegExp | ((screen: string) => boolean), timeoutMs = 30_000): Promise<string> {
        const ok = typeof test === "string" ? (s: string) => s.includes(test) : test instanceof RegExp ? (s: string) => test.test(s) : test;
        const deadline = Date.now() + timeoutMs;
        for (;;) {
            const screen = this.screen();
            if (ok(screen)) return screen;
            if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${String(test)}; the screen:\n${screen}`);
            await pause(40);
        }
    }

    /** Sends tmux key names one at a time, each after the previous one was read (a short pause, as a typist's). */
    public async keys(...names: string[]): Promise<void> {
        for (const name of names) {
            this.tmux("send-keys", "-t", this.name, name);
            await pause(80);
        }
    }

    /**
     * Presses `key` until the screen passes `test` (a scroll to something out of view), at most `times`
     * presses; fails with the screen.
     */
    public async pressUntil(key: string, test: RegExp, times = 20): Promise<string> {
        for (let i = 0; i <= times; i++) {
            const screen = this.screen();
            if (test.test(screen)) return screen;
            if (i === times) break;
            await this.keys(key);
            // The next look is at the frame the key drew (a loaded machine can take a while to draw it).
            await this.waitFor((s) => s !== screen, 5_000).catch(() => undefined);
        }
        return this.waitFor(test, 5_000);
    }

    /** Types text as it is (no key names). */
    public async type(text: string): Promise<void> {
        this.tmux("send-keys", "-t", this.name, "-l", text);
        await pause(120);
    }

    /** Waits until the program has ended. */
    public async waitForExit(timeoutMs = 30_000): Promise<void> {
        const deadline = Date.now() + timeoutMs;
        while (!this.exited()) {
            if (Date.now() > deadline) throw new Error(`The program did not end within ${timeoutMs} ms; the screen:\n${this.screen()}`);
            await pause(50);
        }
    }

    public kill(): void {
        try {
            this.tmux("kill-server");
        } catch {
            // Already gone: the server ends with its last session.
        }
    }

    private tmux(...args: string[]): string {
        return execFileSync("tmux", ["-L", this.socket, ...args], {encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
    }
}

function quote(arg: string): string {
    return /^[\w./=:-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A folder of its own with a fresh image of the four personas on the test model; `change` edits it before the CLI opens it. */
export async function imageFolder(change?: (store: ImageStore) => void | Promise<void>): Promise<{dir: string, file: string, cleanup: () => Promise<void>}> {
    const dir = await mkdtemp(path.join(tmpdir(), "li-e2e-"));
    const file = path.join(dir, "world.image.json");
    await createImage(file, {model: testModel});
    if (change != null) {
        const store = await ImageStore.open(file);
        try {
            await change(store);
            await store.save();
        } finally {
            await store.close();
        }
    }
    return {dir, file, cleanup: () => rm(dir, {recursive: true, force: true})};
}

/**
 * A llama model with random weights, large enough that it generates slowly on one thread (tens to a few
 * hundred tokens a second), so that a test can watch a reply stream and stop it: written by the forge's
 * own GGUF writer (bench/makeLlamaGguf.py) into `dir`.
 */
export async function slowModel(dir: string): Promise<string> {
    const {stdout} = await promisify(execFile)("python3", [
        path.resolve("bench/makeLlamaGguf.py"), "--out", dir, "--n-embd", "768", "--n-layer", "8", "--n-ff", "2048", "--n-head", "12"
    ], {env: {...process.env, PYTHONPATH: path.resolve("forge-py"), OPENBLAS_NUM_THREADS: "1"}, maxBuffer: 1024 * 1024});
    return (JSON.parse(stdout) as {model: string}).model;
}

/** The image file as the CLI left it, read-only. */
export async function readImage(file: string): Promise<ImageStore> {
    return ImageStore.open(file, {readOnly: true});
}

/** Puts `persona` of the image on `model` (an absolute path), as a test's setup. */
export async function onModel(file: string, persona: string, model: string): Promise<void> {
    const store = await ImageStore.open(file);
    try {
        const id = Object.values(store.state.personas).find((p) => p.name === persona)!.personaId;
        store.update((d) => {
            d.personas[id]!.baseModelPath = model;
        }, `${persona} on ${model}`);
        await store.save();
    } finally {
        await store.close();
    }
}
