import type {BlockNode, StatementNode} from "./ast.js";

/**
 * True when a block uses nothing of the code around it: no variable of an enclosing method or
 * block (`resolvesOutside` says which names would), no self, super, thisContext, and no `^`.
 * Such a block means the same anywhere, so it can be stored as its source (Pharo calls it clean).
 * Walks the tree with an explicit stack.
 */
export function isCleanBlock(block: BlockNode, resolvesOutside: (name: string) => boolean): boolean {
    type Item = {node: StatementNode, declared: ReadonlySet<string>};
    const own = (b: BlockNode, outer: ReadonlySet<string>): ReadonlySet<string> => new Set([...outer, ...b.params, ...b.temps]);
    const start = own(block, new Set());
    const stack: Item[] = block.statements.map((node) => ({node, declared: start}));
    const outside = (name: string, declared: ReadonlySet<string>) =>
        name === "self" || name === "super" || name === "thisContext" || (!declared.has(name) && resolvesOutside(name));
    while (stack.length > 0) {
        const {node, declared} = stack.pop()!;
        switch (node.kind) {
            case "literal": break;
            case "variable":
                if (outside(node.name, declared)) return false;
                break;
            case "assign":
                if (outside(node.name, declared)) return false;
                stack.push({node: node.value, declared});
                break;
            case "return": return false;
            case "array": for (const e of node.elements) stack.push({node: e, declared}); break;
            case "cascade":
                stack.push({node: node.receiver, declared});
                for (const m of node.messages) for (const a of m.args) stack.push({node: a, declared});
                break;
            case "block": {
                const inner = own(node, declared);
                for (const st of node.statements) stack.push({node: st, declared: inner});
                break;
            }
            case "send":
                stack.push({node: node.receiver, declared});
                for (const a of node.args) stack.push({node: a, declared});
                break;
            default: return node satisfies never;
        }
    }
    return true;
}
