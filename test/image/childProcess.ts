import {spawn, type ChildProcess} from "node:child_process";
import {createInterface} from "node:readline";
import {fileURLToPath} from "node:url";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** A fixture script run as a real child process through tsx, with its stdout as lines. */
export type Child = {
    process: ChildProcess,
    /** Resolves with the first stdout line that matches. */
    waitFor: (pattern: RegExp) => Promise<string>,
    lines: string[],
    exited: Promise<{code: number | null, signal: NodeJS.Signals | null}>,
    stderr: () => string
};

export function spawnFixture(script: string, args: string[]): Child {
    const child = spawn(process.execPath, ["--import", "tsx", fileURLToPath(new URL(`./fixtures/${script}`, import.meta.url)), ...args], {
        cwd: root, stdio: ["ignore", "pipe", "pipe"]
    });
    const lines: string[] = [];
    const waiters: {pattern: RegExp, resolve: (line: string) => void}[] = [];
    let stderr = "";
    child.stderr!.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
    });
    createInterface({input: child.stdout!}).on("line", (line) => {
        lines.push(line);
        for (const waiter of [...waiters]) {
            if (waiter.pattern.test(line)) {
                waiters.splice(waiters.indexOf(waiter), 1);
                waiter.resolve(line);
            }
        }
    });
    const exited = new Promise<{code: number | null, signal: NodeJS.Signals | null}>((resolve) => {
        child.on("exit", (code, signal) => resolve({code, signal}));
    });
    return {
        process: child,
        lines,
        exited,
        stderr: () => stderr,
        waitFor: (pattern) => {
            const seen = lines.find((line) => pattern.test(line));
            if (seen !== undefined) return Promise.resolve(seen);
            return new Promise((resolve, reject) => {
                waiters.push({pattern, resolve});
                void exited.then(({code, signal}) => reject(new Error(`child exited (${code ?? signal}) before printing ${pattern}: ${stderr}`)));
            });
        }
    };
}
