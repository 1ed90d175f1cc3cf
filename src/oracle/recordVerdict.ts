import type {Runtime} from "../runtime/index.js";
import type {ChatMessage, JudgeScores, ScrapbookEntry} from "../objects/index.js";
import {addGoldenSample} from "./addGoldenSample.js";
import {checkMessages} from "./checkMessages.js";
import type {AddedSample} from "./addGoldenSample.js";
import {curationSettings} from "./curationSettings.js";
import {UnknownInteractionError} from "./UnknownInteractionError.js";

/** What became of one verdict. */
export type Curation = {
    interactionId: string,
    scores: JudgeScores,
    threshold: number,
    /** Null when the score was under the threshold. */
    sample: AddedSample | null
};

/** The personas of a dialogue entry (recorded by `recordDialogue:`), or none for a persona's own chat. */
export function participantsOf(entry: ScrapbookEntry): string[] {
    const participants = entry.meta?.["participants"];
    return Array.isArray(participants) ? participants.filter((p): p is string => typeof p === "string") : [];
}

/**
 * A conversation as `persona` lived it, for its golden dataset: in a dialogue, its own turns ("BRICK: …") are the
 * assistant's, without the name, and every other persona's turn is a user turn that keeps its name, joined with the
 * user turn before it; whatever follows its last turn is left out. Null when the persona never spoke.
 * A persona's own chat is unchanged.
 */
export function asSampleFor(persona: string, entry: ScrapbookEntry): ChatMessage[] | null {
    const speakers = participantsOf(entry);
    if (speakers.length === 0) return entry.messages;
    const own = `${persona}: `;
    const out: ChatMessage[] = [];
    for (const message of entry.messages) {
        const mine = message.role === "assistant" && message.content.startsWith(own);
        const turn: ChatMessage = mine ? {role: "assistant", content: message.content.slice(own.length)}
            : {role: message.role === "system" ? "system" : "user", content: message.content};
        const last = out.at(-1);
        if (turn.role === "user" && last?.role === "user") last.content = `${last.content}\n\n${turn.content}`;
        else out.push(turn);
    }
    while (out.length > 0 && out.at(-1)!.role !== "assistant") out.pop();
    return out.some((m) => m.role === "assistant") ? out : null;
}

/** The scrapbook entry of an interaction. @throws UnknownInteractionError */
export function findInteraction(runtime: Runtime, personaId: string, interactionId: string): ScrapbookEntry {
    const record = runtime.manager.get(personaId).record;
    const entry = record.scrapbook.find((e) => e.id === interactionId);
    if (entry == null) throw new UnknownInteractionError(record.name, interactionId);
    return entry;
}

/**
 * Records a verdict on an interaction and curates it: the scores go on the scrapbook entry
 * (`meta.judgements`, one per judge and time) and into `performanceMetrics` as a `goldenScore` point
 * tagged with the judge; at or above the persona's golden threshold the conversation becomes a golden
 * sample with its provenance (interaction, judge, model, adapter, scores, time), unless it is already there.
 */
export function recordVerdict(runtime: Runtime, personaId: string, interactionId: string, scores: JudgeScores,
    provenance: {model?: string | null, adapter?: string | null} = {}): Curation {
    const record = runtime.manager.get(personaId).record;
    const entry = findInteraction(runtime, personaId, interactionId);
    const settings = curationSettings(record, runtime.image.state.settings);
    const at = new Date();
    const conversation = asSampleFor(record.name, entry);
    const golden = scores.golden >= settings.goldenThreshold && conversation != null;
    // A conversation that cannot become a sample is refused before anything is recorded: all or nothing.
    if (golden) checkMessages(conversation, `${record.name}'s interaction ${interactionId}`);
    runtime.image.update((draft) => {
        const persona = draft.personas[record.personaId]!;
        const target = persona.scrapbook.find((e) => e.id === interactionId);
        if (target != null) {
            const previous = Array.isArray(target.meta?.["judgements"]) ? target.meta["judgements"] as unknown[] : [];
            target.meta = {...target.meta, judgements: [...previous, {...scores, at}]};
        }
        persona.performanceMetrics.push({at, name: "goldenScore", value: scores.golden, tags: {judge: scores.judge, interactionId}});
    }, `${record.name} judged by ${scores.judge}`);
    const sample = golden
        ? addGoldenSample(runtime, personaId, conversation!, {
            interactionId, judge: scores.judge,
            model: provenance.model !== undefined ? provenance.model : entry.model,
            adapter: provenance.adapter !== undefined ? provenance.adapter : entry.adapter,
            scores, at
        }, settings.heldOutFraction)
        : null;
    runtime.publish({type: "verdict", persona: record.name, interactionId, judge: scores.judge, golden: scores.golden,
        threshold: settings.goldenThreshold, curated: sample?.added === true, axes: scores.axes});
    return {interactionId, scores, threshold: settings.goldenThreshold, sample};
}
