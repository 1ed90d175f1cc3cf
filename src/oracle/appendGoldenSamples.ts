import type {Runtime} from "../runtime/index.js";
import type {GoldenSample} from "../objects/index.js";
import {carryGoldenIndex} from "./goldenIndex.js";

// One journal line holds at most this many samples: a line stays far below the longest string a replay can read.
const samplesPerLine = 10_000;

/**
 * Appends samples to a persona's golden dataset through the image's append (journalled as the
 * samples alone, so the cost does not grow with the dataset), keeps the duplicate index with the
 * new array, and tells the bus once.
 */
export function appendGoldenSamples(runtime: Runtime, personaId: string, samples: readonly GoldenSample[], label: string): void {
    if (samples.length === 0) return;
    const path = ["personas", personaId, "goldenDataset"];
    for (let start = 0; start < samples.length; start += samplesPerLine) {
        const chunk = samples.slice(start, start + samplesPerLine);
        const before = runtime.image.state.personas[personaId]!.goldenDataset;
        runtime.image.append(path, chunk, label);
        carryGoldenIndex(before, runtime.image.state.personas[personaId]!.goldenDataset, chunk);
    }
    runtime.publish({type: "slotChanged", persona: runtime.image.state.personas[personaId]!.name, slot: "goldenDataset"});
}

/**
 * Appends samples to a persona's golden dataset and saves the image with them, written once (into the
 * image, not the journal: Runtime.appendAndSave); keeps the duplicate index with the new dataset and
 * tells the bus. As crash-safe as a save: a crash before it completes leaves none of the samples.
 * `ids`: where each sample will be by its id, when the caller made that map (see carryGoldenIndex).
 */
export async function saveGoldenSamples(runtime: Runtime, personaId: string, samples: readonly GoldenSample[], label: string,
    ids?: Map<string, number>): Promise<void> {
    const path = ["personas", personaId, "goldenDataset"];
    const before = runtime.image.state.personas[personaId]!.goldenDataset;
    await runtime.appendAndSave(path, samples, label);
    const after = runtime.image.state.personas[personaId]!.goldenDataset;
    if (after.length === before.length + samples.length) carryGoldenIndex(before, after, samples, ids);
    if (samples.length > 0) runtime.publish({type: "slotChanged", persona: runtime.image.state.personas[personaId]!.name, slot: "goldenDataset"});
}
