import type {Codex, RubricAxis} from "../objects/index.js";

/** The four axes of the seed, in the order a verdict lists them. */
export const rubricAxisIds = ["logical_rigor", "creative_synthesis", "dissonance_resolution", "task_efficacy"] as const;

export type RubricAxisId = typeof rubricAxisIds[number];

/**
 * I am the rubric a judge scores one persona's interactions against: the four axes of the seed with
 * the persona's own descriptors of a 1, a 3 and a 5, and its weights normalised to sum to 1.
 */
export type Rubric = {
    persona: string,
    axes: readonly (RubricAxis & {normalizedWeight: number})[]
};

/** I mean a codex's rubric cannot be judged against; `axis` names the offending axis when there is one. */
export class RubricError extends Error {
    public readonly userError = true;
    public override readonly name = "RubricError";

    public constructor(public readonly persona: string, public readonly axis: string | null, public readonly reason: string) {
        super(`${persona}'s codex rubric ${reason}. Fix the rubric in the persona's codex (codices/${persona.toLowerCase()}.json): ` +
            `it needs the axes ${rubricAxisIds.join(", ")}, each with a weight ≥ 0 and descriptors "1", "3", "5".`);
    }
}

/** The rubric of a persona, from its codex. @throws RubricError when an axis is missing or all weights are 0. */
export function rubricFor(codex: Codex): Rubric {
    const byId = new Map(codex.rubric.map((axis) => [axis.id, axis]));
    const axes = rubricAxisIds.map((id) => {
        const axis = byId.get(id);
        if (axis == null) throw new RubricError(codex.name, id, `has no ${id} axis`);
        if (!(axis.weight >= 0) || !Number.isFinite(axis.weight)) throw new RubricError(codex.name, id, `gives ${id} the weight ${axis.weight}`);
        return axis;
    });
    const total = axes.reduce((sum, axis) => sum + axis.weight, 0);
    if (total <= 0) throw new RubricError(codex.name, null, "has only zero weights");
    return {persona: codex.name, axes: axes.map((axis) => ({...axis, normalizedWeight: axis.weight / total}))};
}
