import type {Runtime} from "../runtime/index.js";
import type {ChatMessage} from "../objects/index.js";
import {addGoldenSample} from "./addGoldenSample.js";
import {curationSettings} from "./curationSettings.js";

/**
 * Adds conversations read from a file to a persona's golden dataset. Their provenance names the file as
 * the judge (`import:FILE`), with no scores; duplicates of samples already there are counted, not added.
 */
export function importGoldenSamples(runtime: Runtime, persona: string, conversations: readonly ChatMessage[][], source: string): {added: number, duplicates: number} {
    const proto = runtime.manager.get(persona);
    const {heldOutFraction} = curationSettings(proto.record, runtime.image.state.settings);
    let added = 0;
    let duplicates = 0;
    for (const messages of conversations) {
        const result = addGoldenSample(runtime, proto.personaId, messages,
            {interactionId: null, judge: `import:${source}`, model: null, adapter: null, scores: null, at: new Date()}, heldOutFraction);
        if (result.added) added++;
        else duplicates++;
    }
    return {added, duplicates};
}
