import {positionOf} from "./ParseError.js";

/** Where a run-time error happened: the statement that failed, in the source it came from. */
export type ErrorPosition = {
    /** The method or do-it source. */
    source: string,
    offset: number,
    line: number,
    column: number,
    /** The line with a caret under the failing statement. */
    snippet: string
};

const positions = new WeakMap<object, {source: string, offset: number}>();

/** Records where `error` was raised, unless a more deeply nested statement already did. */
export function markErrorPosition(error: unknown, source: string, offset: number): void {
    if (offset >= 0 && error instanceof Error && !positions.has(error)) positions.set(error, {source, offset});
}

/**
 * The innermost statement in which a Smalltalk evaluation failed (any error thrown while it ran:
 * MessageNotUnderstoodError, SmalltalkRuntimeError…), or undefined for errors that did not come
 * out of running Smalltalk code. The Playground shows it the way ParseError shows its spot.
 */
export function errorPosition(error: unknown): ErrorPosition | undefined {
    if (typeof error !== "object" || error === null) return undefined;
    const at = positions.get(error);
    if (at == null) return undefined;
    const {line, column} = positionOf(at.source, at.offset);
    const lines = at.source.split("\n");
    const text = lines[line - 1] ?? "";
    return {...at, line, column, snippet: `${text}\n${" ".repeat(Math.max(column - 1, 0))}^`};
}
