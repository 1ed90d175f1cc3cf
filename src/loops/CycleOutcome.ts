import type {MetricPoint} from "../objects/index.js";

/** What a completed improvement cycle decided. */
export type CycleDecision = "swapped" | "kept";

/** Where a cycle was when it stopped, or what it was doing. */
export type CycleStage = "prepare" | "forge" | "validate" | "swap";

/** Why a cycle ran: its persona's golden dataset crossed the forge threshold, or someone asked (`improve`, `forge`). */
export type CycleReason = "threshold" | "manual";

/**
 * One completed improvement cycle: the adapter it trained, the metrics of the current adapter ("before")
 * and of the new one ("after") on the held-out samples, and the decision.
 */
export type CycleOutcome = {
    cycleId: string,
    persona: string,
    at: Date,
    reason: CycleReason,
    decision: CycleDecision,
    /** Why the decision went as it did, in one sentence. */
    why: string,
    /** The adapter trained by this cycle (as stored in the image when swapped; absolute, and deleted, otherwise). */
    adapter: string,
    sha256: string,
    /** The adapter in use when the cycle started, which the new one was compared with (null: the bare base model). */
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
    /** The trainer: numpy (the CPU forge), unsloth or peft. */
    backend: string,
    ms: number
};

/** A cycle that did not complete: it failed at `stage`, or was cancelled there. Nothing was changed but its record in history. */
export type StoppedCycle = {
    cycleId: string,
    persona: string,
    at: Date,
    reason: CycleReason,
    decision: "failed" | "cancelled",
    stage: CycleStage,
    /** What went wrong, as the CycleError said it. */
    why: string,
    previousAdapter: string | null,
    datasetSize: number,
    ms: number
};

/** A persona's history holds both. */
export type CycleRecord = CycleOutcome | StoppedCycle;

/** The metric name of a cycle's summary point; its tags hold the whole record. */
export const cycleMetric = "improvementCycle";

function tagsOf(record: CycleRecord): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const [key, value] of Object.entries(record)) {
        if (key === "at" || value == null) continue;
        tags[key] = String(value);
    }
    return tags;
}

/**
 * The performanceMetrics points of a cycle: one summary point (value 1 when swapped, 0 otherwise) whose
 * tags hold the whole record, so `history` reads it back, and, for a completed cycle, numeric points for charts.
 */
export function cycleMetrics(record: CycleRecord): MetricPoint[] {
    const at = record.at;
    const points: MetricPoint[] = [{at, name: cycleMetric, value: record.decision === "swapped" ? 1 : 0, tags: tagsOf(record)}];
    if (!isCompleted(record)) return points;
    const base = {cycle: record.cycleId, decision: record.decision};
    points.push(
        {at, name: "heldOutLoss", value: record.lossBefore, tags: {...base, adapter: "before"}},
        {at, name: "heldOutLoss", value: record.lossAfter, tags: {...base, adapter: "after"}}
    );
    if (record.scoreBefore != null) points.push({at, name: "heldOutOracleScore", value: record.scoreBefore, tags: {...base, adapter: "before"}});
    if (record.scoreAfter != null) points.push({at, name: "heldOutOracleScore", value: record.scoreAfter, tags: {...base, adapter: "after"}});
    return points;
}

/** The cycles recorded in a persona's performanceMetrics, oldest first: completed, failed and cancelled ones. */
export function cycleHistory(metrics: readonly MetricPoint[]): CycleRecord[] {
    return metrics.filter((p) => p.name === cycleMetric && p.tags != null).map((p): CycleRecord => {
        const t = p.tags!;
        const num = (key: string): number => Number(t[key]);
        const opt = (key: string): number | null => (t[key] == null ? null : Number(t[key]));
        const common = {
            cycleId: t["cycleId"] ?? "?", persona: t["persona"] ?? "?", at: p.at,
            reason: t["reason"] === "manual" ? "manual" as const : "threshold" as const,
            why: t["why"] ?? "", previousAdapter: t["previousAdapter"] ?? null, datasetSize: num("datasetSize"), ms: num("ms")
        };
        const decision = t["decision"];
        if (decision === "failed" || decision === "cancelled") {
            const stage = t["stage"];
            return {...common, decision, stage: stage === "forge" || stage === "validate" || stage === "swap" ? stage : "prepare"};
        }
        return {
            ...common, decision: decision === "swapped" ? "swapped" : "kept",
            adapter: t["adapter"] ?? "", sha256: t["sha256"] ?? "",
            lossBefore: num("lossBefore"), lossAfter: num("lossAfter"),
            scoreBefore: opt("scoreBefore"), scoreAfter: opt("scoreAfter"),
            judgedPrompts: num("judgedPrompts"), trainSamples: num("trainSamples"), heldOutSamples: num("heldOutSamples"),
            steps: num("steps"), backend: t["backend"] ?? "numpy"
        };
    });
}

/** Whether a history record is a completed cycle. */
export function isCompleted(record: CycleRecord): record is CycleOutcome {
    return record.decision === "swapped" || record.decision === "kept";
}

const stageWords: Record<CycleStage, string> = {
    prepare: "before training", forge: "while training", validate: "while validating the new adapter", swap: "while swapping the new adapter in"
};

/** One cycle as sentences, for `BRICK history`, `living-image forge` and the Transcript. */
export function describeCycle(c: CycleRecord): string {
    const when = `${c.at.toISOString().replace("T", " ").slice(0, 19)} cycle ${c.cycleId} (${c.reason === "threshold" ? "started by the forge threshold" : "asked for"}):`;
    const current = c.previousAdapter == null ? "the bare base model" : `the current adapter ${c.previousAdapter}`;
    switch (c.decision) {
        case "failed":
            return `${when} ${c.persona}'s cycle failed ${stageWords[c.stage]}: ${c.why} Nothing changed.`;
        case "cancelled":
            return `${when} ${c.persona}'s cycle was cancelled ${stageWords[c.stage]}. Nothing changed.`;
        case "swapped":
        case "kept": {
            const change = (before: number, after: number) => `${percent(before, after)}`;
            const loss = `held-out loss ${c.lossBefore.toFixed(4)} with ${current}, ${c.lossAfter.toFixed(4)} with the new one (${change(c.lossBefore, c.lossAfter)})`;
            const oracle = c.scoreBefore == null || c.scoreAfter == null ? "the Oracle judged no held-out reply"
                : `the Oracle scored replies to ${c.judgedPrompts} held-out prompt${c.judgedPrompts === 1 ? "" : "s"} ${c.scoreBefore.toFixed(2)} before and ${c.scoreAfter.toFixed(2)} after`;
            const trained = `${c.persona} trained a new adapter on ${c.trainSamples} golden sample${c.trainSamples === 1 ? "" : "s"} (${c.heldOutSamples} held out) for ${c.steps} step${c.steps === 1 ? "" : "s"}`;
            return c.decision === "swapped"
                ? `${when} ${trained} and swapped it in: ${loss}; ${oracle}. Now in use: ${c.adapter}.`
                : `${when} ${trained} and kept ${current}: ${c.why} (${loss}; ${oracle}). The new adapter was deleted.`;
        }
        default:
            return c satisfies never;
    }
}

function percent(before: number, after: number): string {
    if (!(before > 0)) return "no change measurable";
    const p = ((after - before) / before) * 100;
    return `${p <= 0 ? "−" : "+"}${Math.abs(p).toFixed(1)}%`;
}

