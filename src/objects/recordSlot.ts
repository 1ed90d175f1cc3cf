import {GoldenDataset} from "./GoldenDataset.js";
import type {PersonaRecord} from "./PersonaRecord.js";

/**
 * The value of a persona's record slot read by name, as plain image data: the golden dataset as the
 * array of its samples (see GoldenDataset), every other slot as it is. Whatever reads slots by name
 * (the Mirror, `at:`, the inspector, the finder, undo) reads them through me.
 */
export function recordSlot(record: PersonaRecord, name: string): unknown {
    const value = (record as Record<string, unknown>)[name];
    return value instanceof GoldenDataset ? value.toArray() : value;
}
