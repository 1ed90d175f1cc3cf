import {OrderedCollection, parseExpression} from "../../lang/index.js";
import type {ExprNode, StatementNode} from "../../lang/index.js";
import type {ArgumentType} from "./synthesisPrompt.js";
import {exampleBody} from "./gateDraft.js";

/** What an argument value is, for naming it in the pattern. */
export function typeOfValue(value: unknown): ArgumentType {
    if (typeof value === "number" || typeof value === "bigint") return "int";
    if (typeof value === "string") return "str";
    if (Array.isArray(value) || value instanceof OrderedCollection) return "list";
    return "any";
}

function typeOfNode(node: ExprNode): ArgumentType {
    if (node.kind === "literal") return typeOfValue(node.value);
    if (node.kind === "array") return "list";
    return "any";
}

/**
 * The type of each argument of `selector`, read from the first send of it in the examples (`(p double: 3) = 6`
 * says a number), else from the failing send's values, else "any".
 */
export function argumentTypes(selector: string, exampleSources: readonly string[], failingArgs: readonly unknown[] | null): ArgumentType[] {
    const arity = selector.endsWith(":") ? selector.split(":").length - 1 : /^[a-zA-Z_]/.test(selector) ? 0 : 1;
    if (arity === 0) return [];
    if (failingArgs != null && failingArgs.length === arity) return failingArgs.map(typeOfValue);
    for (const source of exampleSources) {
        let found: ArgumentType[] | null = null;
        const visit = (node: ExprNode | StatementNode): void => {
            if (found != null) return;
            switch (node.kind) {
                case "send":
                    if (node.selector === selector && node.args.length === arity) {
                        found = node.args.map(typeOfNode);
                        return;
                    }
                    visit(node.receiver);
                    node.args.forEach(visit);
                    return;
                case "cascade":
                    for (const m of node.messages) if (m.selector === selector && m.args.length === arity && found == null) found = m.args.map(typeOfNode);
                    visit(node.receiver);
                    return;
                case "assign": case "return": visit(node.value); return;
                case "block": node.statements.forEach(visit); return;
                case "array": node.elements.forEach(visit); return;
                default: return;
            }
        };
        try {
            parseExpression(exampleBody(source)).statements.forEach(visit);
        } catch {
            // An example that does not parse says nothing about types; the gates report it.
        }
        if (found != null) return found;
    }
    return new Array<ArgumentType>(arity).fill("any");
}
