import {ForgeError} from "./ForgeError.js";

/** I mean the run was cancelled (here, by `cancel()` or an AbortSignal, or by a signal from outside). Nothing was swapped. */
export class ForgeCancelledError extends ForgeError {
    public readonly userError = true;
    override readonly name = "ForgeCancelledError";
    /** True when the forge ignored SIGTERM for the whole grace period and had to be killed. */
    readonly killed: boolean;

    constructor(options: {command: string, exitCode?: number | null, signal?: string | null, stderrTail?: string,
        killed: boolean}) {
        super(`The forge (${options.command}) was cancelled` +
            (options.killed ? " and killed with SIGKILL after it ignored SIGTERM for the grace period" : "") +
            ". No adapter was produced; start it again to retrain.", options);
        this.killed = options.killed;
    }
}
