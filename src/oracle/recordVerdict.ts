import type {Runtime} from "../runtime/index.js";
import type {JudgeScores, ScrapbookEntry} from "../objects/index.js";
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
    const golden = scores.golden >= settings.goldenThreshold;
    // A conversation that cannot become a sample is refused before anything is recorded: all or nothing.
    if (golden) checkMessages(entry.messages, `${record.name}'s interaction ${interactionId}`);
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
        ? addGoldenSample(runtime, personaId, entry.messages, {
            interactionId, judge: scores.judge,
            model: provenance.model !== undefined ? provenance.model : entry.model,
            adapter: provenance.adapter !== undefined ? provenance.adapter : entry.adapter,
            scores, at
        }, settings.heldOutFraction)
        : null;
    return {interactionId, scores, threshold: settings.goldenThreshold, sample};
}
