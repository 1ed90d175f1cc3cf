import {randomUUID} from "node:crypto";
import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import {GoldenDataset} from "../../objects/index.js";
import {EvolutionError} from "./EvolutionError.js";
import {currentDatasetVersion, datasetVersions, datasetVersionSlot, datasetVersionsSlot, lastAscension, lineageOf, lineageSlot} from "./Lineage.js";
import type {DatasetVersion, LineageEntry} from "./Lineage.js";

/**
 * Undoes the persona's latest ascension: the previous base model, adapter and golden dataset version come back
 * together, in one engine swap and one image update (the ascended dataset is archived in turn). The ascension
 * stays in the lineage, marked undone, followed by the descent. The seed calls the swap irreversible; this one is not.
 * @throws EvolutionError (stage "descend") when there is nothing to undo or the old files are gone.
 */
export async function descend(runtime: Runtime, personaName: string): Promise<LineageEntry> {
    const started = Date.now();
    const runId = randomUUID().slice(0, 8);
    const record = runtime.manager.get(personaName).record;
    const fail = (reason: string, cause?: unknown): never => {
        throw new EvolutionError(record.name, "descend", reason, cause === undefined ? undefined : {cause});
    };
    if (runtime.image.readOnly) fail("the image is open read-only.");
    const ascension = lastAscension(record);
    if (ascension == null) fail("it has not ascended (or every ascension was already undone), so there is nothing to descend to.");
    const back = ascension!.from;
    if (back.model == null) fail("its lineage does not say which base model it had before.");
    const archive = datasetVersions(record);
    const restored = archive.find((v) => v.version === back.datasetVersion);
    if (restored == null) fail(`the golden dataset version ${back.datasetVersion} it had before is no longer archived.`);
    const current = currentDatasetVersion(record);
    const entry: LineageEntry = {
        id: runId, at: new Date(), kind: "descent",
        from: {...ascension!.to, model: record.baseModelPath, adapter: record.activeAdapterPath, datasetVersion: current, datasetSize: record.goldenDataset.length},
        to: {...back},
        evidence: {scoutRun: null, why: `Undoes the ascension ${ascension!.id}.`, lowerBound: null},
        sandbox: null, training: null, recuration: null, undoneAt: null, ms: 0
    };
    const archived: DatasetVersion = {version: current, at: new Date(), reason: `set aside when ${record.name} descended (${runId})`, samples: [...record.goldenDataset]};
    runtime.publish({type: "evolutionProgress", persona: record.name, runId, stage: "descend", step: 1, total: 1,
        message: `restoring ${path.basename(back.model!)}, ${back.adapter == null ? "no adapter" : path.basename(back.adapter)} and dataset ${back.datasetVersion}`});
    try {
        await runtime.manager.atomicSwapModel(record.personaId, back.model!, {
            adapter: back.adapter,
            label: `${record.name} descends to ${path.basename(back.model!)} (${runId})`,
            alsoUpdate: (persona) => {
                entry.ms = Date.now() - started;
                persona.goldenDataset = GoldenDataset.of(restored!.samples);
                const slots = persona.slots as Record<string, unknown>;
                slots[datasetVersionsSlot] = [...datasetVersions(persona).filter((v) => v.version !== back.datasetVersion), archived];
                slots[datasetVersionSlot] = back.datasetVersion;
                slots[lineageSlot] = [...lineageOf(persona).map((e) => (e.id === ascension!.id && e.kind === "ascension" ? {...e, undoneAt: entry.at} : e)), entry];
            }
        });
    } catch (error) {
        runtime.publish({type: "evolutionFinished", persona: record.name, runId, stage: "descend", ok: false, outcome: "failed", message: (error as Error).message});
        return fail((error as Error).message, error);
    }
    runtime.publish({type: "slotChanged", persona: record.name, slot: "goldenDataset"});
    runtime.publish({type: "evolutionFinished", persona: record.name, runId, stage: "descend", ok: true, outcome: "descended",
        message: `${record.name} descended to ${path.basename(back.model!)} with dataset ${back.datasetVersion}.`});
    return entry;
}
