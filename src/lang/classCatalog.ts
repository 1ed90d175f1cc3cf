import {classes} from "./classes.js";
import {installProtocols} from "./protocol/installProtocols.js";
import type {StClass} from "./StClass.js";

/** One class of the language as the tools show it: its place in the hierarchy and its own selectors. */
export type ClassDescription = {
    name: string,
    superclass: string | null,
    /** Instance-side selectors defined in this class itself (not inherited), sorted. */
    selectors: string[],
    /** Class-side selectors defined in this class itself, sorted. */
    classSelectors: string[]
};

/**
 * The classes of the Playground language with their own selectors, read from their selector tables
 * (never from JavaScript properties), for the browser's finder and implementors. Their methods are
 * built in, so they have selectors but no Smalltalk source.
 */
export function classCatalog(): ClassDescription[] {
    installProtocols();
    return Object.values(classes).map((c: StClass) => ({
        name: c.name,
        superclass: c.superclass?.name ?? null,
        selectors: [...c.methods.keys()].sort(),
        classSelectors: [...c.classMethods.keys()].sort()
    }));
}
