import type {Runtime} from "../runtime/index.js";
import type {ChatMessage, GoldenSample, JudgeScores} from "../objects/index.js";
import {appendGoldenSamples, saveGoldenSamples} from "./appendGoldenSamples.js";
import {checkMessages} from "./checkMessages.js";
import {curationSettings} from "./curationSettings.js";
import {idOfReadConversation, type ImportedConversation} from "./goldenJsonl.js";
import {goldenIndex} from "./goldenIndex.js";
import {isHeldOut} from "./isHeldOut.js";
import {contentId} from "./normalizedContent.js";

/**
 * Adds conversations read from a file to a persona's golden dataset. Their provenance names the file as the
 * judge (`import:FILE`) and keeps the scores the file carried; duplicates of samples already there, or earlier
 * in the file, are counted, not added. Each counts toward the persona's forge threshold like any other golden
 * sample. Linear in the file and the dataset: one index of the dataset, one append, journalled.
 * @throws GoldenSampleError (before anything is added) when a conversation is not trainable.
 */
export function importGoldenSamples(runtime: Runtime, persona: string, conversations: readonly (ChatMessage[] | ImportedConversation)[], source: string): {added: number, duplicates: number} {
    const {personaId, samples, duplicates, label} = goldenImport(runtime, persona, conversations, source);
    appendGoldenSamples(runtime, personaId, samples, label);
    return {added: samples.length, duplicates};
}

/**
 * `importGoldenSamples`, then a save, with the samples written once: into the saved image, not into the
 * journal as well (`golden import`: 100,000 samples would otherwise be written twice). A crash before the
 * save completes leaves the image as it was, without any of them; after, with all of them.
 * @throws GoldenSampleError (before anything is added) when a conversation is not trainable; the save's error.
 */
export async function importGoldenSamplesAndSave(runtime: Runtime, persona: string, conversations: readonly (ChatMessage[] | ImportedConversation)[],
    source: string): Promise<{added: number, duplicates: number}> {
    const {personaId, samples, duplicates, label, ids} = goldenImport(runtime, persona, conversations, source);
    await saveGoldenSamples(runtime, personaId, samples, label, ids);
    return {added: samples.length, duplicates};
}

function goldenImport(runtime: Runtime, persona: string, conversations: readonly (ChatMessage[] | ImportedConversation)[], source: string):
    {personaId: string, samples: GoldenSample[], duplicates: number, label: string, ids: Map<string, number>} {
    const proto = runtime.manager.get(persona);
    const {heldOutFraction} = curationSettings(proto.record, runtime.image.state.settings);
    const index = goldenIndex(proto.record.goldenDataset);
    // Where each new sample will be, by its id: the duplicates within the file, then the index's new entries.
    const ids = new Map<string, number>();
    const base = proto.record.goldenDataset.length;
    const samples: GoldenSample[] = [];
    let duplicates = 0;
    const judge = `import:${source}`;
    // One time for the whole import, which is one act: a Date made for each sample cost 100,000 samples
    // 50 to 100 ms (measured apart), and the save wrote the same text for each anyway.
    const at = new Date();
    for (const conversation of conversations) {
        // A conversation parseGoldenJsonl read is checked, frozen and has its id already; any other is checked here.
        const readId = idOfReadConversation(conversation);
        const {messages, scores} = Array.isArray(conversation) ? {messages: conversation, scores: null} : conversation;
        const checked = readId === null ? checkMessages(messages) : messages;
        const id = readId ?? contentId(checked);
        if (index.has(id) || ids.has(id)) {
            duplicates++;
            continue;
        }
        ids.set(id, base + samples.length);
        // Frozen here, field by field, as the image would freeze them (its generic walk over 100,000 samples costs more).
        samples.push(Object.freeze({
            id, messages: checked, heldOut: isHeldOut(id, heldOutFraction),
            provenance: Object.freeze({interactionId: null, judge, model: null, adapter: null, scores: frozenScores(scores), at})
        }));
    }
    return {personaId: proto.personaId, samples, duplicates, label: `${proto.name} golden import ${samples.length} from ${source}`, ids};
}

function frozenScores(scores: JudgeScores | null): JudgeScores | null {
    if (scores === null || Object.isFrozen(scores)) return scores;
    for (const axis of Object.values(scores.axes)) Object.freeze(axis);
    Object.freeze(scores.axes);
    return Object.freeze(scores);
}
