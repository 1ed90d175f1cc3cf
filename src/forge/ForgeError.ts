/**
 * I am a failure of a forge run. Every forge failure carries the last few KB of the process's stderr
 * (`stderrTail`, where Python puts its traceback and human text) and its exit code, so that a message
 * can show why it failed without anyone digging for a log.
 */
export class ForgeError extends Error {
    override readonly name: string = "ForgeError";
    readonly command: string;
    readonly exitCode: number | null;
    readonly signal: string | null;
    readonly stderrTail: string;

    constructor(message: string, options: {command: string, exitCode?: number | null, signal?: string | null,
        stderrTail?: string, cause?: unknown}) {
        const tail = (options.stderrTail ?? "").trimEnd();
        super(tail === "" ? message : `${message}\n--- end of the forge's stderr ---\n${tail}`,
            options.cause === undefined ? undefined : {cause: options.cause});
        this.command = options.command;
        this.exitCode = options.exitCode ?? null;
        this.signal = options.signal ?? null;
        this.stderrTail = options.stderrTail ?? "";
    }
}
