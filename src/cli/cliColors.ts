import {Chalk} from "chalk";

/** A stream the command line writes to: what decides whether it gets colours. */
export type ColorStream = {isTTY?: boolean, getColorDepth?(env?: Record<string, string | undefined>): number};

/**
 * The command line's colours, by meaning rather than by hue, as the browser's theme (src/ui/theme.ts) has
 * them. Each is a function that wraps text; with colours off, each answers the text unchanged.
 */
export type CliColors = {
    /** Errors, a missing file, a failed or cancelled cycle. */
    error(text: string): string,
    /** A success: a swapped adapter, a saved image, the done part of a progress bar. */
    ok(text: string): string,
    /** Something to look at: a kept adapter, a warning. */
    warn(text: string): string,
    /** Persona names and selectors. */
    accent(text: string): string,
    /** Secondary text: ids, paths, labels, the rest of a progress bar. */
    muted(text: string): string,
    /** Titles. */
    strong(text: string): string,
    /** False when every function above answers its text unchanged. */
    enabled: boolean
};

/**
 * How many colours `stream` gets (chalk's levels: 0 none, 1 basic, 2 256, 3 true colour).
 * NO_COLOR (https://no-color.org), when set and not empty, turns colours off whatever else is set: chalk
 * does not read it. FORCE_COLOR (0-3, or true/false) forces a level, e.g. for a pipe to `less -R`.
 * Otherwise a stream that is not a terminal (a pipe, a file, a test) gets plain text, and a terminal what
 * it says it can show (TERM=dumb: none).
 */
export function colorLevel(stream: ColorStream, env: Readonly<Record<string, string | undefined>> = process.env): 0 | 1 | 2 | 3 {
    if (env["NO_COLOR"] != null && env["NO_COLOR"] !== "") return 0;
    const force = env["FORCE_COLOR"];
    if (force != null) {
        if (force === "false" || force === "0") return 0;
        const level = Number.parseInt(force, 10);
        return Number.isNaN(level) ? 1 : Math.max(0, Math.min(3, level)) as 0 | 1 | 2 | 3;
    }
    if (stream.isTTY !== true || env["TERM"] === "dumb") return 0;
    const depth = stream.getColorDepth?.(env as Record<string, string>) ?? 4;
    return depth >= 24 ? 3 : depth >= 8 ? 2 : depth >= 4 ? 1 : 0;
}

const same = (text: string) => text;

/** No colours: every function answers its text unchanged. */
export const plainColors: CliColors = {error: same, ok: same, warn: same, accent: same, muted: same, strong: same, enabled: false};

/** The colours for text written to `stream` (process.stdout for output, process.stderr for errors). */
export function colorsFor(stream: ColorStream, env: Readonly<Record<string, string | undefined>> = process.env): CliColors {
    const chalk = new Chalk({level: colorLevel(stream, env)});
    return {
        error: (text) => chalk.red(text),
        ok: (text) => chalk.green(text),
        warn: (text) => chalk.yellow(text),
        accent: (text) => chalk.bold.cyan(text),
        muted: (text) => chalk.gray(text),
        strong: (text) => chalk.bold(text),
        enabled: chalk.level > 0
    };
}
