import {execFile} from "node:child_process";
import path from "node:path";
import {promisify} from "node:util";

const execute = promisify(execFile);
const bin = path.resolve("bin/living-image.js");

/** What a run of the command line gave: its exit code and both streams, whatever the code. */
export type CliResult = {code: number, stdout: string, stderr: string};

/**
 * Runs the real `living-image` command in `cwd` as a user would, with `args`. Colours are neither forced nor
 * refused (vitest's FORCE_COLOR and a NO_COLOR are left out) unless `env` sets them; `env` adds to the rest.
 */
export async function runCli(cwd: string, args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
    const {FORCE_COLOR: _force, NO_COLOR: _no, ...inherited} = process.env;
    try {
        const {stdout, stderr} = await execute(process.execPath, [bin, ...args], {cwd, env: {...inherited, ...env}, maxBuffer: 16 * 2 ** 20});
        return {code: 0, stdout, stderr};
    } catch (error) {
        const e = error as {code: number, stdout: string, stderr: string};
        return {code: e.code, stdout: e.stdout, stderr: e.stderr};
    }
}
