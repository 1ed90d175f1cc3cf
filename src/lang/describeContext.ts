import {Proto} from "../objects/index.js";
import {classOf} from "./classes.js";
import type {Frame} from "./Frame.js";
import {StClass} from "./StClass.js";

/** The name a stack shows for the class of a receiver or holder: a persona's name, a class's name. */
function nameOf(value: unknown): string {
    if (value instanceof Proto) return value.toString();
    if (value instanceof StClass) return `${value.name} class`;
    return classOf(value).name;
}

/**
 * How a context is shown in a stack, as Pharo does: `BRICK>>greet:`, `ROBIN(BRICK)>>greet:`
 * when ROBIN runs a method it inherits from BRICK, `[] in BRICK>>greet:`, `DoIt`, and
 * `BlockClosure>>on:do:` for a context-making builtin.
 */
export function describeContext(frame: Frame): string {
    const home = frame.home;
    let where: string;
    if (home.info.kind === "doit") where = "DoIt";
    else {
        const receiver = nameOf(home.self);
        const holder = home.holder == null ? receiver : nameOf(home.holder);
        where = `${receiver === holder ? receiver : `${receiver}(${holder})`}>>${home.info.selector ?? "?"}`;
    }
    return frame.info.kind === "block" ? `[] in ${where}` : where;
}
