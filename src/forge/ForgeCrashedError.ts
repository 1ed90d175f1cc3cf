import {ForgeError} from "./ForgeError.js";

/**
 * I mean the forge process ended without saying why: a Python traceback, a non-zero exit with no `error`
 * event, or a process that could not be started at all. (Death by a signal nobody here sent is ForgeKilledError.)
 */
export class ForgeCrashedError extends ForgeError {
    override readonly name = "ForgeCrashedError";

    constructor(what: string, options: {command: string, exitCode?: number | null, signal?: string | null,
        stderrTail?: string, cause?: unknown}) {
        const stderr = (options.stderrTail ?? "").trim() === "" ? "" : "Read the end of its stderr below; ";
        super(`The forge (${options.command}) ${what}. ${stderr}` +
            "run `python3 -m forge " + options.command + " --job JOB.json` in forge-py/ by hand to reproduce it.", options);
    }
}
