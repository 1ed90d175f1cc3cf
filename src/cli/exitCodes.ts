import {errorPosition} from "../index.js";

/**
 * The exit code of an error, derived from the error itself: a class whose message tells the user what to
 * fix declares `userError = true` (the convention of every layer's error classes); what the environment says
 * through a system error code the user can act on (a missing file, no permission, a full or read-only disk)
 * is 1 too. Anything else is a bug of ours: 2.
 */
export function exitCodeFor(error: unknown): number {
    if (!(error instanceof Error)) return 2;
    if ((error as {userError?: unknown}).userError === true) return 1;
    const code = (error as NodeJS.ErrnoException).code;
    if (code != null && (userSystemErrors.has(code) || code.startsWith("ERR_PARSE_ARGS_"))) return 1;
    return 2;
}

/** System error codes that name a problem of the user's files or machine, not of this program. */
const userSystemErrors = new Set(["ENOENT", "EACCES", "EPERM", "ENOSPC", "EDQUOT", "EROFS", "EISDIR", "ENOTDIR", "EEXIST", "EMFILE", "ENAMETOOLONG"]);

export function formatError(error: unknown, code: number): string {
    if (!(error instanceof Error)) return `living-image: ${String(error)}`;
    const position = errorPosition(error);
    const snippet = typeof (error as {snippet?: unknown}).snippet === "function"
        ? "\n" + (error as unknown as {snippet(): string}).snippet()
        : position != null ? `\n(line ${position.line}, column ${position.column})\n${position.snippet}` : "";
    if (code === 1) {
        if ((error as NodeJS.ErrnoException).code?.startsWith("ERR_PARSE_ARGS_") === true)
            return `living-image: ${error.message.split(". ")[0]!.replace(/\.$/, "")}. Run living-image --help for the options.`;
        return `living-image: ${error.message}${snippet}`;
    }
    return `living-image: internal error: ${error.stack ?? error.message}\nThis is a bug in Living Image; the image and its journal are unchanged by this error.`;
}
