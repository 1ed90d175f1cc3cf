import {ForgeError} from "./ForgeError.js";

/**
 * I mean the forge process was killed by a signal that nobody here sent: most often the system's
 * out-of-memory killer (SIGKILL), or someone's `kill`. That is the machine's doing, not a bug: the
 * message says so and what to try. Nothing was swapped, and no partial adapter is left (the forge
 * writes its artifacts under a temporary name and renames them only when complete).
 */
export class ForgeKilledError extends ForgeError {
    public readonly userError = true;
    override readonly name = "ForgeKilledError";

    constructor(options: {command: string, exitCode?: number | null, signal: string, stderrTail?: string}) {
        const hint = options.signal === "SIGKILL"
            ? "On Linux that is most often the out-of-memory killer (see `dmesg`): free some memory, or train with fewer --steps or a smaller model, and run it again."
            : "Run it again when nothing stops it.";
        super(`The forge (${options.command}) was killed by ${options.signal}, sent from outside Living Image. No adapter was produced or swapped in. ${hint}`,
            options);
    }
}
