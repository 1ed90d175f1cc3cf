import type {ForgeCommandName} from "./ForgeEvent.js";
import {ForgeRun, type ForgeOptions} from "./ForgeRun.js";

/**
 * Starts `python3 -m forge COMMAND --job JOB.json` with `job` (already in the forge's snake_case shape)
 * written to a temporary job file. Returns at once; watch `run.events` / `options.onEvent`, await `run.result`.
 */
export function startForge(command: ForgeCommandName, job: object, options: ForgeOptions = {}): ForgeRun {
    return new ForgeRun(command, job, options);
}
