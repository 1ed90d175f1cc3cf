import type {MethodNode} from "./ast.js";
import {Parser} from "./Parser.js";

/**
 * Parses a persona method's source: its pattern, temporaries and body
 * (`greet: name  ^ 'Hello, ', name`). Throws ParseError with line and column.
 */
export function parseMethod(source: string): MethodNode {
    return new Parser(source).parseMethod();
}
