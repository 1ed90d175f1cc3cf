import type {Runtime} from "../runtime/index.js";
import type {ChatMessage, GoldenSample} from "../objects/index.js";
import {appendGoldenSamples} from "./appendGoldenSamples.js";
import {checkMessages} from "./checkMessages.js";
import {curationSettings} from "./curationSettings.js";
import type {ImportedConversation} from "./goldenJsonl.js";
import {goldenIndex} from "./goldenIndex.js";
import {isHeldOut} from "./isHeldOut.js";
import {contentId} from "./normalizedContent.js";

/**
 * Adds conversations read from a file to a persona's golden dataset. Their provenance names the file as the
 * judge (`import:FILE`) and keeps the scores the file carried; duplicates of samples already there, or earlier
 * in the file, are counted, not added. Each counts toward the persona's forge threshold like any other golden
 * sample. Linear in the file and the dataset: one index of the dataset, one append.
 * @throws GoldenSampleError (before anything is added) when a conversation is not trainable.
 */
export function importGoldenSamples(runtime: Runtime, persona: string, conversations: readonly (ChatMessage[] | ImportedConversation)[], source: string): {added: number, duplicates: number} {
    const proto = runtime.manager.get(persona);
    const {heldOutFraction} = curationSettings(proto.record, runtime.image.state.settings);
    const index = goldenIndex(proto.record.goldenDataset);
    const seen = new Set<string>();
    const samples: GoldenSample[] = [];
    let duplicates = 0;
    for (const conversation of conversations) {
        const {messages, scores} = Array.isArray(conversation) ? {messages: conversation, scores: null} : conversation;
        const checked = checkMessages(messages);
        const id = contentId(checked);
        if (index.has(id) || seen.has(id)) {
            duplicates++;
            continue;
        }
        seen.add(id);
        samples.push({
            id, messages: checked, heldOut: isHeldOut(id, heldOutFraction),
            provenance: {interactionId: null, judge: `import:${source}`, model: null, adapter: null, scores, at: new Date()}
        });
    }
    appendGoldenSamples(runtime, proto.personaId, samples, `${proto.name} golden import ${samples.length} from ${source}`);
    return {added: samples.length, duplicates};
}
