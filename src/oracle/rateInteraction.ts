import type {Runtime} from "../runtime/index.js";
import {goldenScore} from "./goldenScore.js";
import type {Curation} from "./recordVerdict.js";
import {recordVerdict} from "./recordVerdict.js";
import {rubricFor} from "./Rubric.js";
import type {RubricAxisId} from "./Rubric.js";

/** A human's rating: one overall score for every axis, or scores for some axes. */
export type Rating = number | Partial<Record<RubricAxisId, number>>;

/** I mean a rating is not a whole number from 1 to 5, or names an axis the rubric does not have. */
export class RatingError extends Error {
    public readonly userError = true;
    public override readonly name = "RatingError";

    public constructor(public readonly axis: string | null, public readonly value: unknown) {
        super(`${axis == null ? "The overall rating" : `The rating of ${axis}`} is ${JSON.stringify(value)}; ` +
            "rate with a whole number from 1 to 5, overall or per axis (logical_rigor, creative_synthesis, dissonance_resolution, task_efficacy).");
    }
}

/**
 * The Architect is a judge too: records a rating given in the TUI on one interaction, under the judge's
 * own name (e.g. "Architect"), and curates it exactly as a model's verdict is curated. An overall rating
 * scores every axis; a per-axis rating scores the axes given, and the golden score is the weighted mean of those.
 * @throws RatingError, UnknownInteractionError
 */
export function rateInteraction(runtime: Runtime, persona: string, interactionId: string, scores: Rating, judgeName: string): Curation {
    const proto = runtime.manager.get(persona);
    const rubric = rubricFor(proto.record.codex);
    const check = (axis: string | null, value: unknown): number => {
        if (typeof value !== "number" || !Number.isInteger(value) || value < 1 || value > 5) throw new RatingError(axis, value);
        return value;
    };
    const axes: Record<string, {score: number, rationale: string}> = {};
    if (typeof scores === "number") {
        const score = check(null, scores);
        for (const axis of rubric.axes) axes[axis.id] = {score, rationale: `Overall rating by ${judgeName}.`};
    } else {
        const known = new Set(rubric.axes.map((a) => a.id as string));
        for (const [axis, value] of Object.entries(scores)) {
            if (!known.has(axis)) throw new RatingError(axis, value);
            axes[axis] = {score: check(axis, value), rationale: `Rated by ${judgeName}.`};
        }
        if (Object.keys(axes).length === 0) throw new RatingError(null, scores);
    }
    return recordVerdict(runtime, proto.personaId, interactionId, {judge: judgeName, axes, golden: goldenScore(rubric, axes)});
}
