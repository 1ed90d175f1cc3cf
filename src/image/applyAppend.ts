import {GoldenDataset, type GoldenSample} from "../objects/index.js";
import {deepFreeze} from "./deepFreeze.js";
import type {JournalAppend} from "./Journal.js";
import type {WorldState} from "./WorldState.js";

/**
 * Pushes `append.items` onto the end of the array at `append.path`, without immer: the records on
 * the path are copied shallowly (a few keys each) and the array once, by the engine's own copy;
 * the new items are frozen, the old ones are shared. Immer would also draft, walk and diff every
 * element of the array to produce the same result. A GoldenDataset grows in place of an array, in O(1)
 * amortised (only the records on the path are copied).
 */
export function applyAppend(state: WorldState, append: JournalAppend): WorldState {
    if (append.path.length === 0) throw new Error("cannot append to the image itself");
    return copyPath(state, append.path, 0, append.items) as WorldState;
}

function copyPath(node: unknown, path: readonly string[], depth: number, items: readonly unknown[]): unknown {
    const at = path.slice(0, depth).join(".") || "the image";
    if (depth === path.length) {
        if (node instanceof GoldenDataset) return node.append(items as readonly GoldenSample[]);
        if (!Array.isArray(node)) throw new Error(`cannot append to ${at}: it is not a list`);
        for (const item of items) deepFreeze(item);
        return Object.freeze(node.concat(items));
    }
    if (typeof node !== "object" || node === null || Array.isArray(node) || !isPlain(node))
        throw new Error(`cannot append under ${at}: it is not a record`);
    const key = path[depth]!;
    if (!Object.hasOwn(node, key)) throw new Error(`cannot append to ${path.slice(0, depth + 1).join(".")}: there is nothing there`);
    const record = node as Record<string, unknown>;
    return Object.freeze({...record, [key]: copyPath(record[key], path, depth + 1, items)});
}

function isPlain(value: object): boolean {
    const proto: unknown = Object.getPrototypeOf(value);
    return proto === Object.prototype || proto === null;
}
