import {StSymbol} from "../../lang/index.js";
import type {AnyNode, ExprNode, MethodNode, StatementNode} from "../../lang/index.js";
import {deniedPersonaSelectors} from "./SandboxWorld.js";

/** Selectors a draft may not send to anything: they save, name files or change the host. */
const deniedSelectors: Readonly<Record<string, string>> = {
    ...deniedPersonaSelectors,
    "save": "save the image", "saveAs:": "save the image to a file", "newPersona:codex:model:": "make personas or read codex files",
    "changes": "read the image's journal", "fileNamed:": "name files", "readFile:": "read files", "writeFile:": "write files"
};
/** Globals a draft may not name: the image and the system. */
const deniedGlobals: Readonly<Record<string, string>> = {Image: "reach the image", Smalltalk: "reach the system"};

/** One reach past the clone that a draft's source names. */
export type CapabilityUse = {what: string, detail: string};

/**
 * The capability check's static half: what a draft's source names that it may not use (the image, the system,
 * other personas by name, selectors that save, swap, chat or name files). The run on the clone is the other half:
 * whatever gets past this (a `perform:` of a computed selector) is refused by the clone's world.
 */
export function checkCapabilities(method: MethodNode, persona: string, otherPersonas: readonly string[]): CapabilityUse[] {
    const uses: CapabilityUse[] = [];
    const others = new Set(otherPersonas.filter((name) => name !== persona));
    const visit = (node: AnyNode | ExprNode | StatementNode): void => {
        switch (node.kind) {
            case "variable": {
                const global = deniedGlobals[node.name];
                if (global != null) uses.push({what: node.name, detail: global});
                else if (others.has(node.name)) uses.push({what: node.name, detail: `reach ${node.name}, another persona`});
                return;
            }
            case "literal": {
                // A selector held as a Symbol, to be performed.
                const value = node.value;
                if (value instanceof StSymbol && deniedSelectors[value.name] != null) uses.push({what: `#${value.name}`, detail: deniedSelectors[value.name]!});
                return;
            }
            case "send":
                visit(node.receiver);
                if (deniedSelectors[node.selector] != null) uses.push({what: `#${node.selector}`, detail: deniedSelectors[node.selector]!});
                node.args.forEach(visit);
                return;
            case "cascade":
                visit(node.receiver);
                for (const m of node.messages) {
                    if (deniedSelectors[m.selector] != null) uses.push({what: `#${m.selector}`, detail: deniedSelectors[m.selector]!});
                    m.args.forEach(visit);
                }
                return;
            case "assign": visit(node.value); return;
            case "return": visit(node.value); return;
            case "block": node.statements.forEach(visit); return;
            case "array": node.elements.forEach(visit); return;
            case "method": node.body.forEach(visit); return;
            case "doit": node.statements.forEach(visit); return;
        }
    };
    visit(method);
    return uses;
}
