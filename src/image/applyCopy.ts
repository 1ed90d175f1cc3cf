import {produce} from "./immerSetup.js";
import type {JournalCopy} from "./Journal.js";
import type {WorldState} from "./WorldState.js";

/**
 * Copies the subtree at `copy.from` to `copy.to`, overriding the fields in `copy.set`. The copy
 * shares every unchanged value with the original (immer's structural sharing), so it costs the
 * same whatever the subtree's size; a later change to either makes new arrays for that one only.
 */
export function applyCopy(state: WorldState, copy: JournalCopy): WorldState {
    return produce(state, (draft) => {
        const source = walk(state, copy.from);
        if (source === null || typeof source !== "object" || Array.isArray(source))
            throw new Error(`cannot copy ${copy.from.join(".")}: it is not a record`);
        const parent = walk(draft, copy.to.slice(0, -1)) as Record<string, unknown>;
        parent[copy.to.at(-1)!] = {...(source as Record<string, unknown>), ...copy.set};
    });
}

function walk(root: unknown, path: readonly string[]): unknown {
    let node = root;
    for (const key of path) {
        if (node === null || typeof node !== "object") throw new Error(`no value at ${path.join(".")}`);
        node = (node as Record<string, unknown>)[key];
    }
    return node;
}
