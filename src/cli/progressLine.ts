import {clearLine, cursorTo} from "node:readline";

/** Where a command writes its progress: a terminal redraws one line in place, anything else gets whole lines. */
export type ProgressOut = {write(text: string): void, isTTY?: boolean, columns?: number};

/**
 * A progress line for `out`: on a terminal it is redrawn in place (and ended by `done`); in a log or a pipe
 * a line is written per tenth of the run, and the last one always, so a long run does not flood the log.
 */
export function progressLine(out: ProgressOut): {update(line: string, fraction: number): void, done(): void} {
    let shownTenth = -1;
    let drawn = false;
    let pending: string | null = null;
    return {
        update(line, fraction) {
            if (out.isTTY === true) {
                // Back to the start of the line, the new text, and the rest of the old line erased.
                cursorTo(out as NodeJS.WritableStream, 0);
                out.write(line);
                clearLine(out as NodeJS.WritableStream, 1);
                drawn = true;
                return;
            }
            const tenth = Math.floor(Math.min(1, Math.max(0, fraction)) * 10);
            if (tenth > shownTenth) {
                out.write(line + "\n");
                shownTenth = tenth;
                pending = null;
            } else pending = line;
        },
        done() {
            if (out.isTTY === true) {
                if (drawn) out.write("\n");
                drawn = false;
            } else if (pending != null) {
                out.write(pending + "\n");
                pending = null;
            }
        }
    };
}
