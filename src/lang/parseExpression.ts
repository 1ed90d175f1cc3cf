import type {DoItNode} from "./ast.js";
import {Parser} from "./Parser.js";

/** Parses Playground ("do it") code: `| temps | statements`. Throws ParseError with line and column. */
export function parseExpression(source: string): DoItNode {
    return new Parser(source).parseDoIt();
}
