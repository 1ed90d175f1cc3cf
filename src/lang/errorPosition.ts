import {describeContext} from "./describeContext.js";
import type {Frame} from "./Frame.js";
import {positionOf} from "./ParseError.js";
import {contextVariables} from "./contextVariables.js";
import type {ContextVariable} from "./contextVariables.js";

/** One context of a failed run, as a stack shows it. */
export type StackLine = {
    /** `BRICK>>greet:`, `[] in DoIt`… */
    where: string,
    line: number,
    column: number,
    /** The context's arguments and temporaries, each printed short (and the receiver when it is not a persona). */
    variables: ContextVariable[]
};

/** Where a run-time error happened: the send that failed, in the source it came from, and the chain of callers. */
export type ErrorPosition = {
    /** The method or do-it source. */
    source: string,
    offset: number,
    line: number,
    column: number,
    /** The line with a caret under the failing send. */
    snippet: string,
    /** The context that failed: `BRICK>>greet:`, `[] in DoIt`… */
    where: string,
    /** The failing context's arguments and temporaries, printed short. */
    variables: ContextVariable[],
    /** The contexts that called it, nearest first (at most 30; `omitted` says how many more). */
    callers: StackLine[],
    omitted: number,
    /** The context itself, for a debugger (it is dead once the run has ended). */
    context: Frame
};

type Recorded = {frame: Frame, lines: {where: string, source: string, offset: number, variables: ContextVariable[]}[], omitted: number};

const recorded = new WeakMap<object, Recorded>();
const maxLines = 31;

/** True once `error` has been recorded where it arose (it is on its way out of the run). */
export function wasRaised(error: object): boolean {
    return recorded.has(error);
}

/** Records where `error` arose: frame `f`, its position and its senders as they are now. */
export function recordErrorContext(error: object, f: Frame): void {
    const lines: Recorded["lines"] = [];
    let omitted = 0;
    for (let c: Frame | null = f; c != null; c = c.sender) {
        if (lines.length < maxLines) lines.push({where: describeContext(c), source: c.info.source, offset: c.at, variables: contextVariables(c)});
        else omitted++;
    }
    recorded.set(error, {frame: f, lines, omitted});
}

/**
 * The innermost send at which a Smalltalk evaluation failed (any error thrown while it ran:
 * MessageNotUnderstoodError, SmalltalkRuntimeError…) with the chain of its callers, or undefined
 * for errors that did not come out of running Smalltalk code. The Playground shows it the way
 * ParseError shows its spot.
 */
export function errorPosition(error: unknown): ErrorPosition | undefined {
    if (typeof error !== "object" || error === null) return undefined;
    const at = recorded.get(error);
    if (at == null || at.lines.length === 0) return undefined;
    const first = at.lines[0]!;
    const offset = Math.max(first.offset, 0);
    const {line, column} = positionOf(first.source, offset);
    const lines = first.source.split("\n");
    const text = lines[line - 1] ?? "";
    return {
        source: first.source, offset, line, column,
        snippet: `${text}\n${" ".repeat(Math.max(column - 1, 0))}^`,
        where: first.where,
        variables: first.variables,
        callers: at.lines.slice(1).map((c) => ({where: c.where, ...positionOf(c.source, Math.max(c.offset, 0)), variables: c.variables})),
        omitted: at.omitted,
        context: at.frame
    };
}
