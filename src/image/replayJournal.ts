import {applyAppend} from "./applyAppend.js";
import {applyCopy} from "./applyCopy.js";
import {checkWorldShape} from "./checkWorldShape.js";
import {applyPatches, type Patch} from "./immerSetup.js";
import type {JournalEntry} from "./Journal.js";
import type {WorldState} from "./WorldState.js";
import {unwrapGoldenDataset, wrapGoldenDatasets} from "./wrapGoldenDatasets.js";

/** The result of a replay: the state after the entries that fit, and the first one that did not. */
export type Replay = {
    state: WorldState,
    /** How many of the entries were applied (all of them unless `failure`). */
    applied: number,
    /** The index (in `entries`) of the first entry that does not fit, and why; null when all fit. */
    failure: {index: number, detail: string} | null
};

/**
 * Applies journal entries to a state. Fast path: one applyPatches per run of patch lines (one draft,
 * not one per line), then one shape check at the end. When that fails, which line is to blame is
 * found by applying them again one at a time, checking the shape after each: the answer names the
 * line, and the state is exactly the one before it, so nothing the user did is lost or half-applied.
 * The answered state holds every golden dataset as a GoldenDataset (wrapGoldenDatasets).
 */
export function replayJournal(base: WorldState, entries: readonly JournalEntry[]): Replay {
    try {
        let state = base;
        let run: Patch[] = [];
        for (const entry of entries) {
            if (entry.copy === undefined && entry.append === undefined) {
                run.push(...entry.patches);
                continue;
            }
            state = applyPatchRun(state, run);
            run = [];
            state = applyEntry(state, entry);
        }
        state = applyPatchRun(state, run);
        if (checkWorldShape(state) === null) return {state: wrapGoldenDatasets(state), applied: entries.length, failure: null};
    } catch {
        // Found below, line by line.
    }
    let state = base;
    for (let index = 0; index < entries.length; index++) {
        let next: WorldState;
        try {
            next = applyEntry(state, entries[index]!);
        } catch (error) {
            return {state: wrapGoldenDatasets(state), applied: index, failure: {index, detail: `its change does not fit the image (${describe(error)})`}};
        }
        const problem = checkWorldShape(next);
        if (problem !== null) return {state: wrapGoldenDatasets(state), applied: index, failure: {index, detail: `its change would break the image: ${problem}`}};
        state = next;
    }
    return {state: wrapGoldenDatasets(state), applied: entries.length, failure: null};
}

function applyEntry(state: WorldState, entry: JournalEntry): WorldState {
    if (entry.copy !== undefined) return applyCopy(state, entry.copy);
    if (entry.append !== undefined) return applyAppend(state, entry.append);
    return applyPatchRun(state, entry.patches);
}

/**
 * Immer patches. A patch that reaches into a golden dataset (`personas/ID/goldenDataset/5`: written
 * before datasets were GoldenDatasets, which no recipe can reach into) gets that dataset as the plain
 * array it was written against.
 */
function applyPatchRun(state: WorldState, patches: readonly Patch[]): WorldState {
    let base = state;
    for (const patch of patches) {
        if (patch.path.length > 3 && patch.path[0] === "personas" && patch.path[2] === "goldenDataset")
            base = unwrapGoldenDataset(base, String(patch.path[1]));
    }
    return patches.length === 0 ? base : applyPatches(base, patches as Patch[]);
}

function describe(error: unknown): string {
    // immer's messages name the patch path, never a value.
    const message = error instanceof Error ? error.message : String(error);
    return message.length > 200 ? `${message.slice(0, 200)}…` : message;
}
