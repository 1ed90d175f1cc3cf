import path from "node:path";

/**
 * I am raised when the journal of unsaved changes cannot be replayed as a whole: a complete line is
 * damaged, too large to read, or holds a change that does not fit the image. (A torn last line, cut
 * short by a crash before its update returned, is not me: it is dropped, and the user told.) Nothing
 * is changed or deleted. I name the line and offer the two ways out: keep the good lines before it
 * (`--recover journal`, which sets the whole journal aside in a named file first), or move the
 * journal aside and open the image as last saved.
 */
export class CorruptJournalError extends Error {
    public readonly userError = true;
    override name = "CorruptJournalError";
    readonly path: string;
    readonly imagePath: string;
    /** 1-based number of the first line that cannot be replayed. */
    readonly line: number;
    /** Good lines before it, which `--recover journal` replays. */
    readonly linesBefore: number;
    /** Lines after it, not replayed (they follow a change that is missing). */
    readonly linesAfter: number;

    constructor(init: {path: string, imagePath: string, line: number, detail: string, linesBefore: number, linesAfter: number}) {
        const journal = path.basename(init.path);
        const after = init.linesAfter > 0
            ? ` The ${plural(init.linesAfter, "line")} after it cannot be replayed without it either.`
            : "";
        super(`${journal} cannot be replayed onto ${path.basename(init.imagePath)}: line ${init.line}: ${init.detail}.${after} ` +
            "Nothing was changed. " +
            `To keep the ${plural(init.linesBefore, "good change")} before it, open the image with --recover journal (recover: "journal"): ` +
            `they are replayed, and the whole journal as it is now is kept in ${init.path}.set-aside-<time>. ` +
            `Or move ${init.path} aside to open the image as last saved.`);
        this.path = init.path;
        this.imagePath = init.imagePath;
        this.line = init.line;
        this.linesBefore = init.linesBefore;
        this.linesAfter = init.linesAfter;
    }
}

function plural(n: number, word: string): string {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
}
