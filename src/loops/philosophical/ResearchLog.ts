import type {Runtime} from "../../runtime/index.js";
import type {PersonaRecord} from "../../objects/index.js";
import type {Candidate, SourceReport} from "./Candidate.js";
import type {CandidateFacts} from "./CandidateFacts.js";
import type {Comparison} from "./compareWithIncumbent.js";

/** One candidate as a scouting run saw it: its facts, whether it was set aside and why, its figures and its comparison. */
export type CandidateReport = {
    candidate: Candidate,
    facts: CandidateFacts | null,
    status: "incumbent" | "setAside" | "benchmarked" | "failed",
    /** Why it was set aside or failed. */
    reason: string | null,
    figures: {
        meanBitsPerByte: number | null,
        bitsPerByte: (number | null)[],
        oracleScores: (number | null)[],
        meanOracleScore: number | null,
        tokensPerSecond: number | null,
        evaluationTokensPerSecond: number,
        memoryBytes: number
    } | null,
    comparison: Comparison | null
};

/** One scouting run of BABS for a persona, as kept in BABS's research log. */
export type ScoutRun = {
    runId: string,
    at: Date,
    /** The persona scouted for. */
    persona: string,
    /** The persona's base model; `figures` its measures (absent in runs logged before they were kept here). */
    incumbent: {model: string, sha256: string | null, figures?: CandidateReport["figures"]},
    heldOutSamples: number,
    prompts: number,
    margin: number,
    resamples: number,
    sources: SourceReport[],
    candidates: CandidateReport[],
    /** Benchmarked candidate ids (the incumbent's included), best first by mean bits per byte. */
    ranking: string[],
    decision: {candidate: string | null, path: string | null, why: string},
    ms: number
};

/** The slot of BABS that holds the research log, and how many runs it keeps (oldest go first). */
export const researchLogSlot = "researchLog";
export const researchLogLimit = 50;

/** The runs in a persona's research log, oldest first (an empty list when it has none, or it is not a list). */
export function researchLog(record: PersonaRecord): ScoutRun[] {
    const log = record.slots[researchLogSlot];
    return Array.isArray(log) ? log as ScoutRun[] : [];
}

/** Appends a run to the research log of `researcher` (BABS), in one image update. */
export function recordScoutRun(runtime: Runtime, researcherId: string, run: ScoutRun): void {
    const name = runtime.manager.get(researcherId).name;
    runtime.image.update((draft) => {
        const slots = draft.personas[researcherId]!.slots as Record<string, unknown>;
        const log = Array.isArray(slots[researchLogSlot]) ? slots[researchLogSlot] as unknown[] : [];
        slots[researchLogSlot] = [...log, run].slice(-researchLogLimit);
    }, `${name} research log: scouted for ${run.persona}`);
    runtime.publish({type: "slotChanged", persona: name, slot: researchLogSlot});
}

/** A scouting run in a few lines: candidates, ranking with figures and intervals, what was set aside, the decision. */
export function describeScoutRun(run: ScoutRun): string {
    const byId = new Map(run.candidates.map((c) => [c.candidate.id, c]));
    const f = (n: number | null | undefined, digits = 3) => (n == null ? "n/a" : n.toFixed(digits));
    const ranking = run.ranking.map((id) => {
        const report = byId.get(id);
        const label = report?.candidate.label ?? `${id.replace(/^incumbent:/, "").split(/[\\/]/).at(-1)}`;
        const saved = report?.comparison?.bitsPerByte;
        return report?.status === "incumbent" || report == null ? `${label} ${f((report?.figures ?? run.incumbent.figures)?.meanBitsPerByte)} (incumbent)`
            : `${label} ${f(report.figures?.meanBitsPerByte)}${saved == null ? "" : ` (saves ${f(saved.mean)} [${f(saved.lower)}, ${f(saved.upper)}])`}`;
    });
    const aside = run.candidates.filter((c) => c.status === "setAside" || c.status === "failed").map((c) => `${c.candidate.label}: ${c.reason}`);
    const problems = run.sources.filter((s) => s.problem != null).map((s) => `${s.source} ${s.origin}: ${s.problem}`);
    return [
        `${run.at.toISOString()} run ${run.runId} for ${run.persona}: ${run.candidates.length} candidate(s) on ${run.heldOutSamples} held-out sample(s), margin ${run.margin} bits/byte, ${run.ms} ms`,
        `  ranking (bits per byte, lower is better): ${ranking.join(" > ") || "none"}`,
        ...aside.map((line) => `  set aside ${line}`),
        ...problems.map((line) => `  source ${line}`),
        `  decision: ${run.decision.candidate == null ? "stay" : (byId.get(run.decision.candidate)?.candidate.label ?? run.decision.candidate)}. ${run.decision.why}`
    ].join("\n");
}
