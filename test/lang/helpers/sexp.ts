import type {AnyNode} from "../../../src/lang/index.js";
import {printString} from "../../../src/lang/index.js";

/** A compact, readable form of a syntax tree, for asserting on the parser's structure. */
export function sexp(node: AnyNode): string {
    switch (node.kind) {
        case "literal": return printString(node.value);
        case "variable": return node.name;
        case "assign": return `(${node.name} := ${sexp(node.value)})`;
        case "send": return `(${sexp(node.receiver)} ${node.selector}${node.args.map((a) => " " + sexp(a)).join("")})`;
        case "cascade": return `(cascade ${sexp(node.receiver)}${node.messages.map((m) => ` [${m.selector}${m.args.map((a) => " " + sexp(a)).join("")}]`).join("")})`;
        case "block": return `[${node.params.map((p) => ":" + p + " ").join("")}${node.temps.length > 0 ? `|${node.temps.join(" ")}| ` : ""}${node.statements.map(sexp).join(". ")}]`;
        case "array": return `{${node.elements.map(sexp).join(". ")}}`;
        case "return": return `^${sexp(node.value)}`;
        case "doit": return `${node.temps.length > 0 ? `|${node.temps.join(" ")}| ` : ""}${node.statements.map(sexp).join(". ")}`;
        case "method": return `<${node.selector}(${node.argNames.join(",")})${node.temps.length > 0 ? ` |${node.temps.join(" ")}|` : ""}> ${node.body.map(sexp).join(". ")}`;
        default: return node satisfies never;
    }
}
