import type {Runtime} from "../runtime/index.js";
import type {Judge} from "./Judge.js";
import {findInteraction, participantsOf, recordVerdict} from "./recordVerdict.js";
import type {Curation} from "./recordVerdict.js";
import {rubricFor} from "./Rubric.js";

/**
 * Judges one interaction of a persona with `judge` on the persona's rubric, records the verdict and
 * curates it (see recordVerdict). When the judge fails, nothing is recorded.
 * @throws JudgeFailedError, UnknownInteractionError
 */
export async function judgeInteraction(runtime: Runtime, judge: Judge, persona: string, interactionId: string): Promise<Curation & {attempts: number}> {
    const proto = runtime.manager.get(persona);
    const entry = findInteraction(runtime, proto.personaId, interactionId);
    const verdict = await judge.judge(rubricFor(proto.record.codex), entry.messages, {speakers: participantsOf(entry)});
    return {...recordVerdict(runtime, proto.personaId, interactionId, verdict.scores), attempts: verdict.attempts};
}
