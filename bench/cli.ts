import {execFileSync, spawnSync} from "node:child_process";
import {copyFile, mkdtemp, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {pathToFileURL} from "node:url";
import {formatRatio, table} from "./measure.js";

const root = path.resolve(import.meta.dirname, "..");
const bin = path.join(root, "bin", "living-image.js");
const rounds = 9;
const frames = 5;

/** The command as a user runs it: the build in dist/, not the source (LIVING_IMAGE_SOURCE unset). */
const userEnv = (): NodeJS.ProcessEnv => {
    const env = {...process.env};
    delete env.LIVING_IMAGE_SOURCE;
    return env;
};

function median(values: number[]): number {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

function timeRun(args: string[], cwd: string): number {
    const start = performance.now();
    const result = spawnSync(process.execPath, args, {cwd, env: userEnv(), encoding: "utf8"});
    const ms = performance.now() - start;
    if (result.status !== 0) throw new Error(`node ${args.join(" ")} exited with ${result.status}: ${result.stderr}`);
    return ms;
}

/** Builds dist/ when the command would otherwise run the source (it says so on stderr). */
function ensureBuild(): void {
    const probe = spawnSync(process.execPath, [bin, "--version"], {cwd: root, env: userEnv(), encoding: "utf8"});
    if (probe.stderr.trim() === "") return;
    console.log(`  (${probe.stderr.trim().replace(/^living-image: /, "").split(";")[0]}: building it first with npm run build)`);
    execFileSync("npm", ["run", "build", "--silent"], {cwd: root, stdio: "inherit"});
}

/**
 * The installed command's start against a bare Node start, in the same run and interleaved (a shared
 * machine's load then hits both alike): `living-image eval '3 + 4'` on a copy of the default image against
 * `node -e 0` (goal: at most 4× its wall time); and the System Browser's first frame in a real terminal
 * (tmux at 80×24), from the command to the persona list on the screen (goal: at most 0.8 s).
 */
export async function benchCli(): Promise<void> {
    console.log("\n## cli: the living-image command's start (wall time, same run)");
    ensureBuild();
    const dir = await mkdtemp(path.join(tmpdir(), "li-bench-cli-"));
    try {
        await copyFile(path.join(root, "workspace.image.json"), path.join(dir, "workspace.image.json"));
        // One unmeasured run of each: the file system cache, not the first run's misses, is what a user meets.
        timeRun(["-e", "0"], dir);
        timeRun([bin, "eval", "3 + 4"], dir);
        const bare: number[] = [];
        const evaluate: number[] = [];
        for (let i = 0; i < rounds; i++) {
            bare.push(timeRun(["-e", "0"], dir));
            evaluate.push(timeRun([bin, "eval", "3 + 4"], dir));
        }
        const ratio = median(evaluate) / median(bare);
        const rows = [["command", "median", "best", "ratio (medians)"],
            ["node -e 0", `${median(bare).toFixed(0)} ms`, `${Math.min(...bare).toFixed(0)} ms`, "1×"],
            ["living-image eval '3 + 4'", `${median(evaluate).toFixed(0)} ms`, `${Math.min(...evaluate).toFixed(0)} ms`, formatRatio(ratio)]];
        table(rows);
        console.log(`  goal: eval at most 4× node -e 0: ${ratio <= 4 ? "met" : "not met"} (${rounds} rounds, interleaved)`);

        const firstFrames = firstFrameTimes(dir);
        console.log(`  first frame of the System Browser (tmux, 80×24): median ${median(firstFrames).toFixed(0)} ms, ` +
            `best ${Math.min(...firstFrames).toFixed(0)} ms over ${frames} starts; goal at most 800 ms: ${median(firstFrames) <= 800 ? "met" : "not met"}`);
    } finally {
        await rm(dir, {recursive: true, force: true});
    }
}

/** Starts the browser in tmux `frames` times and answers the milliseconds until the persona list shows. */
function firstFrameTimes(dir: string): number[] {
    const found = spawnSync("tmux", ["-V"], {encoding: "utf8"});
    if (found.error != null || found.status !== 0) throw new Error("tmux is not installed: run `npm run setup` (it installs tmux) and try again.");
    const socket = `li-bench-${process.pid}`;
    const tmux = (...args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], {encoding: "utf8", stdio: ["ignore", "pipe", "pipe"]});
    const times: number[] = [];
    try {
        for (let i = 0; i < frames; i++) {
            const session = `frame-${i}`;
            const command = `env -u LIVING_IMAGE_SOURCE ${process.execPath} ${bin} --read-only`;
            const start = performance.now();
            tmux("new-session", "-d", "-s", session, "-x", "80", "-y", "24", "-c", dir, command);
            const deadline = start + 60_000;
            for (;;) {
                if (tmux("capture-pane", "-p", "-t", session).includes("Personas")) break;
                if (performance.now() > deadline) throw new Error(`the browser showed no frame within 60 s:\n${tmux("capture-pane", "-p", "-t", session)}`);
                spawnSync("sleep", ["0.005"]);
            }
            times.push(performance.now() - start);
            tmux("kill-session", "-t", session);
        }
    } finally {
        try {
            tmux("kill-server");
        } catch {
            // No session left: the server has gone already.
        }
    }
    return times;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchCli();
