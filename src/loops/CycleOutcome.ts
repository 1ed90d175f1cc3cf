import type {MetricPoint} from "../objects/index.js";

/** What an improvement cycle decided. */
export type CycleDecision = "swapped" | "kept";

/**
 * One completed improvement cycle: the adapter it trained, the metrics of the current adapter ("before")
 * and of the new one ("after") on the held-out samples, and the decision. Failed or cancelled runs have none.
 */
export type CycleOutcome = {
    cycleId: string,
    persona: string,
    at: Date,
    reason: "threshold" | "manual",
    decision: CycleDecision,
    /** Why the decision went as it did, in one sentence. */
    why: string,
    /** The adapter trained by this cycle (as stored in the image when swapped; absolute otherwise). */
    adapter: string,
    sha256: string,
    /** The adapter in use when the cycle started (null: the bare base model). */
    previousAdapter: string | null,
    /** Forge validation loss on the held-out samples, with the current adapter and with the new one. */
    lossBefore: number,
    lossAfter: number,
    /** The Oracle's mean golden score of replies to held-out prompts, current and new; null when none could be judged. */
    scoreBefore: number | null,
    scoreAfter: number | null,
    /** How many held-out prompts were replied to and judged on both sides. */
    judgedPrompts: number,
    datasetSize: number,
    trainSamples: number,
    heldOutSamples: number,
    steps: number,
    ms: number
};

/** The metric name of a cycle's summary point; its tags hold the whole outcome. */
export const cycleMetric = "improvementCycle";

/**
 * The performanceMetrics points of a cycle: one summary point (value 1 when swapped, 0 when kept) whose
 * tags hold the whole outcome, so `history` reads it back, and numeric points for charts.
 */
export function cycleMetrics(outcome: CycleOutcome): MetricPoint[] {
    const at = outcome.at;
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(outcome)) {
        if (key === "at" || value == null) continue;
        tags[key] = String(value);
    }
    const base = {cycle: outcome.cycleId, decision: outcome.decision};
    const points: MetricPoint[] = [
        {at, name: cycleMetric, value: outcome.decision === "swapped" ? 1 : 0, tags},
        {at, name: "heldOutLoss", value: outcome.lossBefore, tags: {...base, adapter: "before"}},
        {at, name: "heldOutLoss", value: outcome.lossAfter, tags: {...base, adapter: "after"}}
    ];
    if (outcome.scoreBefore != null) points.push({at, name: "heldOutOracleScore", value: outcome.scoreBefore, tags: {...base, adapter: "before"}});
    if (outcome.scoreAfter != null) points.push({at, name: "heldOutOracleScore", value: outcome.scoreAfter, tags: {...base, adapter: "after"}});
    return points;
}

/** The cycles recorded in a persona's performanceMetrics, oldest first. */
export function cycleHistory(metrics: readonly MetricPoint[]): CycleOutcome[] {
    return metrics.filter((p) => p.name === cycleMetric && p.tags != null).map((p) => {
        const t = p.tags!;
        const num = (key: string): number => Number(t[key]);
        const opt = (key: string): number | null => (t[key] == null ? null : Number(t[key]));
        return {
            cycleId: t["cycleId"] ?? "?", persona: t["persona"] ?? "?", at: p.at,
            reason: t["reason"] === "manual" ? "manual" : "threshold",
            decision: t["decision"] === "swapped" ? "swapped" : "kept",
            why: t["why"] ?? "",
            adapter: t["adapter"] ?? "", sha256: t["sha256"] ?? "",
            previousAdapter: t["previousAdapter"] ?? null,
            lossBefore: num("lossBefore"), lossAfter: num("lossAfter"),
            scoreBefore: opt("scoreBefore"), scoreAfter: opt("scoreAfter"),
            judgedPrompts: num("judgedPrompts"), datasetSize: num("datasetSize"),
            trainSamples: num("trainSamples"), heldOutSamples: num("heldOutSamples"),
            steps: num("steps"), ms: num("ms")
        };
    });
}

/** One line per cycle, for `BRICK history` in the Playground. */
export function describeCycle(c: CycleOutcome): string {
    const score = (n: number | null) => (n == null ? "n/a" : n.toFixed(2));
    return `${c.at.toISOString()} ${c.cycleId} ${c.decision.toUpperCase()} (${c.reason}): ` +
        `held-out loss ${c.lossBefore.toFixed(4)} → ${c.lossAfter.toFixed(4)}, Oracle ${score(c.scoreBefore)} → ${score(c.scoreAfter)} ` +
        `on ${c.judgedPrompts} prompt(s); ${c.trainSamples} train / ${c.heldOutSamples} held out, ${c.steps} steps; adapter ${c.adapter}. ${c.why}`;
}
