import type {JudgeScores, ScrapbookEntry} from "../../index.js";

/** A judge's verdict on an interaction, as recorded on its scrapbook entry (`meta.judgements`). */
export type Verdict = JudgeScores & {at: Date | null};

/** The name the Architect's ratings are recorded under (provenance, metric tags, judgements). */
export const architectJudge = "Architect";

/** Every verdict on an entry, oldest first. */
export function verdictsOf(entry: ScrapbookEntry): Verdict[] {
    const judgements = entry.meta?.["judgements"];
    if (!Array.isArray(judgements)) return [];
    return judgements.filter((j): j is Verdict => {
        const v = j as Partial<Verdict> | null;
        return v != null && typeof v.judge === "string" && typeof v.golden === "number" && typeof v.axes === "object" && v.axes != null;
    }).map((v) => ({...v, at: v.at instanceof Date ? v.at : null}));
}

/** The newest verdict of each judge, the Oracle's (any judge but the Architect) and the Architect's. */
export function latestVerdicts(entry: ScrapbookEntry): {oracle: Verdict | null, architect: Verdict | null} {
    let oracle: Verdict | null = null;
    let architect: Verdict | null = null;
    for (const verdict of verdictsOf(entry)) {
        if (verdict.judge === architectJudge) architect = verdict;
        else oracle = verdict;
    }
    return {oracle, architect};
}

/** A short mark for lists: the Oracle's score, then ★ and the Architect's; "·" when nobody judged yet. */
export function verdictMark(entry: ScrapbookEntry): string {
    const {oracle, architect} = latestVerdicts(entry);
    const marks = [oracle == null ? null : oracle.golden.toFixed(1), architect == null ? null : `★${architect.golden.toFixed(1)}`].filter((m) => m != null);
    return marks.length === 0 ? "·" : marks.join(" ");
}
