import {printable} from "./printable.js";

/**
 * Wraps text into lines of at most `width` columns: at spaces where a line has one, hard inside a
 * word longer than a line. Line breaks in the text are kept (a blank line stays blank); tabs become
 * four spaces. Columns are counted in code points, which is exact for the text the models write.
 */
export function wrapText(text: string, width: number): string[] {
    const room = Math.max(1, Math.floor(width));
    const out: string[] = [];
    // What a model wrote may hold control characters: they are shown, not sent to the terminal.
    for (const raw of printable(text.replace(/\r\n?/g, "\n").replace(/\t/g, "    ")).split("\n")) {
        let line = Array.from(raw);
        if (line.length === 0) {
            out.push("");
            continue;
        }
        while (line.length > room) {
            // Break at the last space that fits, else in the middle of the word.
            let cut = -1;
            for (let i = room; i > 0; i--) {
                if (line[i] === " ") {
                    cut = i;
                    break;
                }
            }
            if (cut <= 0) {
                out.push(line.slice(0, room).join(""));
                line = line.slice(room);
            } else {
                out.push(line.slice(0, cut).join("").trimEnd());
                line = line.slice(cut + 1);
            }
        }
        out.push(line.join(""));
    }
    return out;
}

/**
 * The rows of `lines` to show in `rows` rows from `offset` (clamped so the last page is full), and a
 * position label ("12–20/57") when they do not all fit.
 */
export function textPage(lines: readonly string[], offset: number, rows: number): {start: number, lines: readonly string[], position: string | undefined} {
    const height = Math.max(1, rows);
    const start = Math.max(0, Math.min(offset, lines.length - height));
    const shown = lines.slice(start, start + height);
    const position = lines.length > height ? `${start + 1}–${start + shown.length}/${lines.length}` : undefined;
    return {start, lines: shown, position};
}

/** The largest offset at which `count` lines still fill `rows` rows. */
export function lastOffset(count: number, rows: number): number {
    return Math.max(0, count - Math.max(1, rows));
}
