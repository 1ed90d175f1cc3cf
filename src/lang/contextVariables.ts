import {Proto} from "../objects/index.js";
import type {Frame} from "./Frame.js";
import {printString} from "./printString.js";

/** One variable of a context as a stack shows it: its name and its value printed short. */
export type ContextVariable = {name: string, value: string};

const maxValueChars = 60;

/** A value printed for a stack line: short, on one line, and never failing (a broken printOn: shows as such). */
export function shortPrint(value: unknown): string {
    let text: string;
    try {
        text = printString(value);
    } catch {
        text = "(a value that could not be printed)";
    }
    text = text.replace(/\s+/g, " ");
    return text.length > maxValueChars ? text.slice(0, maxValueChars - 1) + "…" : text;
}

/**
 * The arguments and temporaries of a context, printed short, after `self` when the receiver is not a
 * persona (a persona's name is already in the context's name). Read when the error is recorded, since
 * the context goes on changing (or dies) after it.
 */
export function contextVariables(frame: Frame): ContextVariable[] {
    const variables: ContextVariable[] = [];
    if (frame.info.kind === "builtin") return variables;
    const self = frame.home.self;
    if (frame.home.info.kind !== "doit" && !(self instanceof Proto) && self != null) variables.push({name: "self", value: shortPrint(self)});
    frame.info.names.forEach((name, i) => {
        if (i < frame.vars.length) variables.push({name, value: shortPrint(frame.vars[i])});
    });
    return variables;
}
