import {execFile} from "node:child_process";
import path from "node:path";
import {promisify} from "node:util";

const execute = promisify(execFile);
const bin = path.resolve("bin/living-image.js");

/** What a run of the command line gave: its exit code and both streams, whatever the code. */
export type CliResult = {code: number, stdout: string, stderr: string};

export type RunOptions = {
    /** Added to the environment (after FORCE_COLOR and NO_COLOR are left out). */
    env?: Record<string, string>,
    /** Written to the program's stdin, which is then closed. */
    input?: string,
    /** Killed after this long (execFile's timeout); by default it may run as long as the test does. */
    timeoutMs?: number
};

/**
 * Runs `file` with `args` in `cwd` and answers its exit code and both streams, whatever the code. Colours are
 * neither forced nor refused (vitest's FORCE_COLOR and a NO_COLOR are left out) unless `env` sets them; `env`
 * adds to the rest of this process's environment.
 */
export async function runProcess(cwd: string, file: string, args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
    const {FORCE_COLOR: _force, NO_COLOR: _no, ...inherited} = process.env;
    try {
        const child = execute(file, args, {
            cwd, env: {...inherited, ...options.env}, maxBuffer: 16 * 2 ** 20, ...(options.timeoutMs == null ? {} : {timeout: options.timeoutMs})
        });
        if (options.input != null) child.child.stdin!.end(options.input);
        const {stdout, stderr} = await child;
        return {code: 0, stdout, stderr};
    } catch (error) {
        const e = error as {code: number, stdout: string, stderr: string};
        return {code: e.code, stdout: e.stdout, stderr: e.stderr};
    }
}

/** Runs the real `living-image` command in `cwd` as a user would, with `args` (see runProcess for `env`). */
export async function runCli(cwd: string, args: readonly string[], env: Record<string, string> = {}, options: Omit<RunOptions, "env"> = {}): Promise<CliResult> {
    return runProcess(cwd, process.execPath, [bin, ...args], {...options, env});
}
