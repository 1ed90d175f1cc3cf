import type {Runtime} from "../runtime/index.js";
import type {ChatMessage, GoldenSample} from "../objects/index.js";
import {checkMessages} from "./checkMessages.js";
import {isHeldOut} from "./isHeldOut.js";
import {contentId, normalizedContent} from "./normalizedContent.js";

export type AddedSample =
    | {added: true, sample: GoldenSample}
    | {added: false, reason: "duplicate", existing: GoldenSample};

/**
 * Adds a conversation to a persona's golden dataset, unless a sample with the same normalized content is
 * already there. The sample's id is its content hash, and whether it is held out follows from that id
 * (see isHeldOut), so both are the same in every process.
 * @throws GoldenSampleError when the messages are not a trainable conversation.
 */
export function addGoldenSample(runtime: Runtime, personaId: string, messages: readonly ChatMessage[],
    provenance: GoldenSample["provenance"], heldOutFraction: number): AddedSample {
    const checked = checkMessages(messages);
    const record = runtime.manager.get(personaId).record;
    const id = contentId(checked);
    const key = normalizedContent(checked);
    const existing = record.goldenDataset.find((s) => s.id === id || normalizedContent(s.messages) === key);
    if (existing != null) return {added: false, reason: "duplicate", existing};
    const sample: GoldenSample = {id, messages: checked, provenance, heldOut: isHeldOut(id, heldOutFraction)};
    runtime.image.update((draft) => {
        draft.personas[record.personaId]!.goldenDataset.push(sample);
    }, `${record.name} golden +${id}`);
    runtime.publish({type: "slotChanged", persona: record.name, slot: "goldenDataset"});
    return {added: true, sample};
}
