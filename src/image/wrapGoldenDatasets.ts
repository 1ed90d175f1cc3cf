import {GoldenDataset} from "../objects/index.js";
import type {GoldenSample, PersonaRecord} from "../objects/index.js";
import type {WorldState} from "./WorldState.js";

/**
 * The state with every persona's golden dataset as a GoldenDataset. The image file and the journal
 * hold a dataset as a plain array of samples (the format every version reads and writes); the live
 * state holds it as a GoldenDataset, which grows without copying. Called on every decoded image and
 * after every journal replay. Shallow: only the records on the way are copied; answers `state` itself
 * when every dataset is already wrapped.
 */
export function wrapGoldenDatasets(state: WorldState): WorldState {
    let personas: Record<string, PersonaRecord> | null = null;
    for (const [id, persona] of Object.entries(state.personas)) {
        const dataset: unknown = persona.goldenDataset;
        if (dataset instanceof GoldenDataset || !Array.isArray(dataset)) continue;
        (personas ??= {...state.personas})[id] = Object.freeze({...persona, goldenDataset: GoldenDataset.of(dataset as GoldenSample[])});
    }
    return personas == null ? state : Object.freeze({...state, personas: Object.freeze(personas)});
}

/**
 * The state with the golden dataset of persona `id` as a plain frozen array: what a journal line
 * written before datasets were GoldenDatasets expects when its patches reach into one
 * (`add personas/ID/goldenDataset/5`). Only such old lines need it; wrapGoldenDatasets undoes it.
 */
export function unwrapGoldenDataset(state: WorldState, id: string): WorldState {
    const persona = state.personas[id];
    const dataset: unknown = persona?.goldenDataset;
    if (persona === undefined || !(dataset instanceof GoldenDataset)) return state;
    const plain = {...persona, goldenDataset: dataset.toArray()} as unknown as PersonaRecord;
    return Object.freeze({...state, personas: Object.freeze({...state.personas, [id]: Object.freeze(plain)})});
}
