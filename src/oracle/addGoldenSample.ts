import type {Runtime} from "../runtime/index.js";
import type {ChatMessage, GoldenSample} from "../objects/index.js";
import {appendGoldenSamples} from "./appendGoldenSamples.js";
import {checkMessages} from "./checkMessages.js";
import {goldenIndex} from "./goldenIndex.js";
import {isHeldOut} from "./isHeldOut.js";
import {contentId} from "./normalizedContent.js";

export type AddedSample =
    | {added: true, sample: GoldenSample}
    | {added: false, reason: "duplicate", existing: GoldenSample};

/**
 * Adds a conversation to a persona's golden dataset, unless a sample with the same normalized content is
 * already there. The sample's id is its content hash, and whether it is held out follows from that id
 * (see isHeldOut), so both are the same in every process. Costs the same at any dataset size: the
 * duplicate check is an index lookup (goldenIndex) and the append is journalled as the sample alone.
 * @throws GoldenSampleError when the messages are not a trainable conversation.
 */
export function addGoldenSample(runtime: Runtime, personaId: string, messages: readonly ChatMessage[],
    provenance: GoldenSample["provenance"], heldOutFraction: number): AddedSample {
    const checked = checkMessages(messages);
    const record = runtime.manager.get(personaId).record;
    const id = contentId(checked);
    const at = goldenIndex(record.goldenDataset).get(id);
    if (at !== undefined) return {added: false, reason: "duplicate", existing: record.goldenDataset.at(at)!};
    const sample: GoldenSample = {id, messages: checked, provenance, heldOut: isHeldOut(id, heldOutFraction)};
    appendGoldenSamples(runtime, record.personaId, [sample], `${record.name} golden +${id}`);
    return {added: true, sample};
}
