import type {Rubric} from "./Rubric.js";

/** The golden score: the mean of the axis scores weighted by the codex's weights. Axes without a score count as missing, not as 0. */
export function goldenScore(rubric: Rubric, scores: Readonly<Record<string, {score: number}>>): number {
    let sum = 0;
    let weight = 0;
    for (const axis of rubric.axes) {
        const given = scores[axis.id];
        if (given == null) continue;
        sum += given.score * axis.normalizedWeight;
        weight += axis.normalizedWeight;
    }
    if (weight === 0) throw new RangeError(`No score was given on any axis of ${rubric.persona}'s rubric (${rubric.axes.map((a) => a.id).join(", ")}).`);
    // Rounded so that 4.5 computed from 4.5-worth of weights is not 4.499999: the threshold compares exactly.
    return Math.round((sum / weight) * 1e6) / 1e6;
}
