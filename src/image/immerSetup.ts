/**
 * The one place immer is configured. Every module of image/ that drafts or patches state imports
 * immer through here, so the plugins are on before the first `produce` runs, whatever the import order.
 */
import {enableMapSet, enablePatches, setAutoFreeze} from "immer";

// Patches are the journal; Map and Set may live in a persona's free slots.
enablePatches();
enableMapSet();
// Frozen state is what lets every layer hold a reference to it without copying.
setAutoFreeze(true);

export {produce, produceWithPatches, applyPatches, freeze, isDraft} from "immer";
export type {Draft, Patch} from "immer";
