import {ForgeError} from "./ForgeError.js";

/**
 * I mean the forge broke its JSON-lines protocol: a line on stdout that is not JSON, an unknown event
 * type, a field of the wrong shape, or an exit without the events a successful run must send. I quote
 * the offending line (`line`, null when the problem is a missing event).
 */
export class ForgeProtocolError extends ForgeError {
    override readonly name = "ForgeProtocolError";
    readonly line: string | null;
    readonly problem: string;

    constructor(problem: string, options: {command: string, line?: string | null, exitCode?: number | null,
        signal?: string | null, stderrTail?: string, cause?: unknown}) {
        const line = options.line ?? null;
        super(`The forge (${options.command}) broke its protocol: ${problem}` +
            (line == null ? "" : ` in stdout line ${JSON.stringify(quote(line))}`) +
            ". Every stdout line must be one JSON event (start, progress, eval, artifact, done, error); " +
            "human text belongs on stderr.", options);
        this.line = line;
        this.problem = problem;
    }
}

function quote(line: string): string {
    return line.length <= 300 ? line : line.slice(0, 300) + "…";
}
