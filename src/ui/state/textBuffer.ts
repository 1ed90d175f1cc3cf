/**
 * A multi-line text being edited: its lines and a cursor. Pure values; every edit answers a
 * new buffer. The Playground and both editors (slot, method) use it.
 */
export type TextBuffer = {
    readonly lines: readonly string[],
    /** 0-based line of the cursor. */
    readonly row: number,
    /** 0-based column of the cursor, at most the line's length. */
    readonly col: number
};

export const emptyBuffer: TextBuffer = {lines: [""], row: 0, col: 0};

/** A buffer holding `text`, with the cursor at its end. */
export function bufferOf(text: string): TextBuffer {
    const lines = normalize(text).split("\n");
    const row = lines.length - 1;
    return {lines, row, col: lines[row]!.length};
}

export function textOf(buffer: TextBuffer): string {
    return buffer.lines.join("\n");
}

export function isBlank(buffer: TextBuffer): boolean {
    return textOf(buffer).trim() === "";
}

/** Inserts typed or pasted text at the cursor (a paste may hold newlines). */
export function insertText(buffer: TextBuffer, text: string): TextBuffer {
    const pieces = normalize(text).split("\n");
    const line = buffer.lines[buffer.row]!;
    const before = line.slice(0, buffer.col);
    const after = line.slice(buffer.col);
    const inserted = pieces.length === 1
        ? [before + pieces[0]! + after]
        : [before + pieces[0]!, ...pieces.slice(1, -1), pieces[pieces.length - 1]! + after];
    const lines = [...buffer.lines.slice(0, buffer.row), ...inserted, ...buffer.lines.slice(buffer.row + 1)];
    const row = buffer.row + pieces.length - 1;
    const col = pieces.length === 1 ? buffer.col + pieces[0]!.length : pieces[pieces.length - 1]!.length;
    return {lines, row, col};
}

export function insertNewline(buffer: TextBuffer): TextBuffer {
    return insertText(buffer, "\n");
}

/** Deletes the character before the cursor, joining lines at a line's start. */
export function backspace(buffer: TextBuffer): TextBuffer {
    const {lines, row, col} = buffer;
    if (col > 0) {
        const line = lines[row]!;
        return {lines: replaceLine(lines, row, line.slice(0, col - 1) + line.slice(col)), row, col: col - 1};
    }
    if (row === 0) return buffer;
    const previous = lines[row - 1]!;
    const joined = [...lines.slice(0, row - 1), previous + lines[row]!, ...lines.slice(row + 1)];
    return {lines: joined, row: row - 1, col: previous.length};
}

export type CursorMove = "left" | "right" | "up" | "down" | "home" | "end";

export function moveCursor(buffer: TextBuffer, move: CursorMove): TextBuffer {
    const {lines, row, col} = buffer;
    switch (move) {
        case "left":
            if (col > 0) return {...buffer, col: col - 1};
            return row > 0 ? {...buffer, row: row - 1, col: lines[row - 1]!.length} : buffer;
        case "right":
            if (col < lines[row]!.length) return {...buffer, col: col + 1};
            return row < lines.length - 1 ? {...buffer, row: row + 1, col: 0} : buffer;
        case "up":
            return row > 0 ? {...buffer, row: row - 1, col: Math.min(col, lines[row - 1]!.length)} : buffer;
        case "down":
            return row < lines.length - 1 ? {...buffer, row: row + 1, col: Math.min(col, lines[row + 1]!.length)} : buffer;
        case "home":
            return {...buffer, col: 0};
        case "end":
            return {...buffer, col: lines[row]!.length};
        default:
            return move satisfies never;
    }
}

export function onFirstLine(buffer: TextBuffer): boolean {
    return buffer.row === 0;
}

export function onLastLine(buffer: TextBuffer): boolean {
    return buffer.row === buffer.lines.length - 1;
}

function replaceLine(lines: readonly string[], row: number, line: string): string[] {
    return [...lines.slice(0, row), line, ...lines.slice(row + 1)];
}

// Terminals send CR for Enter and pastes may carry CRLF; tabs would break column arithmetic.
function normalize(text: string): string {
    return text.replace(/\r\n?/g, "\n").replace(/\t/g, "    ");
}
