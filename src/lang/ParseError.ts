/**
 * I am a syntax error in Smalltalk source, with where it happened. `snippet()` shows the
 * offending line with a caret under the spot, for the Playground and for `compile:` replies.
 */
export class ParseError extends Error {
    public readonly userError = true;
    public override readonly name = "ParseError";
    /** 1-based line of the error. */
    public readonly line: number;
    /** 1-based column of the error. */
    public readonly column: number;

    public constructor(
        /** What was expected and what was found, without the position. */
        public readonly reason: string,
        /** 0-based offset into `source`. */
        public readonly offset: number,
        public readonly source: string
    ) {
        const {line, column} = positionOf(source, offset);
        super(`${reason} (line ${line}, column ${column})\n${snippetAt(source, offset)}`);
        this.line = line;
        this.column = column;
    }

    /** The source line of the error with a caret under the offending character. */
    public snippet(): string {
        return snippetAt(this.source, this.offset);
    }
}

/** 1-based line and column of a 0-based offset. */
export function positionOf(source: string, offset: number): {line: number, column: number} {
    let line = 1;
    let lineStart = 0;
    const end = Math.min(Math.max(offset, 0), source.length);
    for (let i = 0; i < end; i++) {
        if (source.charCodeAt(i) === 10) {
            line++;
            lineStart = i + 1;
        }
    }
    return {line, column: end - lineStart + 1};
}

function snippetAt(source: string, offset: number): string {
    const at = Math.min(Math.max(offset, 0), source.length);
    const lineStart = source.lastIndexOf("\n", at - 1) + 1;
    let lineEnd = source.indexOf("\n", at);
    if (lineEnd < 0) lineEnd = source.length;
    // Long lines are cut around the spot so the caret stays readable.
    let from = lineStart;
    let to = lineEnd;
    if (to - from > 100) {
        from = Math.max(lineStart, at - 50);
        to = Math.min(lineEnd, from + 100);
    }
    const text = source.slice(from, to).replace(/\t/g, " ");
    return `${text}\n${" ".repeat(at - from)}^`;
}
