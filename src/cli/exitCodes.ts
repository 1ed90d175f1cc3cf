import {describeFileError} from "../image/index.js";
import {errorPosition} from "../index.js";
import {escapeTerminal} from "./escapeTerminal.js";
import {plainColors, type CliColors} from "./cliColors.js";

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

type Position = NonNullable<ReturnType<typeof errorPosition>>;

/** A context's arguments and temporaries on its stack line: `x = 6, t = nil`. */
function variablesOf(variables: Position["variables"]): string {
    return variables.length === 0 ? "" : "  " + variables.map((v) => `${v.name} = ${v.value}`).join(", ");
}

/**
 * The Smalltalk stack of a run that failed, innermost first, as a debugger lists it: each context
 * (receiver>>method) with its arguments and temporaries and where it was; the failing send is shown
 * in its source with a caret.
 */
function stackOf(position: Position): string {
    const lines = [`\nSmalltalk stack (innermost first):`,
        `\n  ${position.where}${variablesOf(position.variables)}  (line ${position.line}, column ${position.column})`,
        ...position.snippet.split("\n").map((line) => `\n      ${line}`),
        ...position.callers.map((c) => `\n  ${c.where}${variablesOf(c.variables)}  (line ${c.line}, column ${c.column})`)];
    if (position.omitted > 0) lines.push(`\n  … and ${position.omitted} more callers`);
    return lines.join("");
}

/** System error codes that name a problem of the user's files or machine, not of this program. */
const userSystemErrors = new Set([
    "ENOENT", "EACCES", "EPERM", "ENOSPC", "EDQUOT", "EROFS", "EISDIR", "ENOTDIR", "EEXIST", "EMFILE", "ENFILE", "ENAMETOOLONG", "EIO", "EFBIG", "ELOOP"
]);

/** What to do about a system error, by its code. */
const advice: Record<string, string> = {
    ENOSPC: "Free some space on that disk and try again.",
    EDQUOT: "Free some of your disk quota and try again.",
    EROFS: "Use a writable place, or pass --read-only to only look.",
    EACCES: "Check the permissions of the file and its folder.",
    EPERM: "Check the permissions of the file and its folder.",
    ENOENT: "Check the path.",
    ENOTDIR: "Check the path: a part of it is a file.",
    EISDIR: "Name a file, not a folder.",
    EEXIST: "Choose another name, or move the existing file away.",
    EIO: "The disk may be failing: copy your work elsewhere (living-image save-as FILE).",
    EMFILE: "Close some programs and try again.",
    ENFILE: "Close some programs and try again."
};

/**
 * The line printed for an error: for exit 1 its message (which says what to do), for a system
 * error what failed and what to do; for exit 2 the stack, marked as a bug. Everything is escaped
 * for the terminal: a message may name a file or persona that holds control characters. `colors`
 * (default none) marks the prefix, and an internal error's stack frames as secondary.
 */
export function formatError(error: unknown, code: number, colors: CliColors = plainColors): string {
    const prefix = colors.error(colors.strong("living-image:"));
    const bug = (text: string) => {
        const [headline, ...frames] = escapeTerminal(text).split("\n");
        return `${prefix} ${colors.error("internal error:")} ${headline}${frames.length > 0 ? "\n" + colors.muted(frames.join("\n")) : ""}`;
    };
    if (!(error instanceof Error)) return `${bug(String(error))}\nThis is a bug in Living Image.`;
    const position = errorPosition(error);
    const own = typeof (error as {snippet?: unknown}).snippet === "function"
        ? "\n" + (error as unknown as {snippet(): string}).snippet()
        : position != null ? stackOf(position) : "";
    // A parse error's message already ends with its line and caret: once is enough.
    const snippet = own !== "" && error.message.endsWith(own) ? "" : own;
    if (code === 1) {
        const errno = error as NodeJS.ErrnoException;
        if (errno.code?.startsWith("ERR_PARSE_ARGS_") === true)
            return `${prefix} ${escapeTerminal(`${error.message.split(". ")[0]!.replace(/\.$/, "")}. Run living-image --help for the options.`)}`;
        if ((error as {userError?: unknown}).userError !== true && errno.code != null) return `${prefix} ${escapeTerminal(systemErrorText(errno))}`;
        return `${prefix} ${escapeTerminal(`${error.message}${snippet}`)}`;
    }
    return `${bug(error.stack ?? error.message)}\nThis is a bug in Living Image; the image and its journal are unchanged by this error.`;
}

function systemErrorText(error: NodeJS.ErrnoException & {dest?: string}): string {
    const what = describeFileError(error) ?? error.code;
    const where = error.path != null ? ` ${error.path}${error.dest != null ? ` to ${error.dest}` : ""}` : "";
    const action = error.syscall != null ? `${error.syscall}${where}` : `use${where}`;
    return `could not ${action}: ${what}. ${advice[error.code!] ?? ""}`.trim();
}
