import type {CandidateReport, PendingAscension, ScoutRun, WorldState} from "../../../index.js";
import {describeLineage, lineageOf, researchLog, sandboxVerdicts} from "../../../index.js";

const f = (n: number | null | undefined, digits = 3) => (n == null ? "—" : n.toFixed(digits));
const file = (p: string | null | undefined) => (p == null ? "none" : p.split(/[\\/]/).at(-1)!);
const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;

/**
 * What the evolution tool shows for a persona, as lines: where it stands (base, adapter, dataset version), the
 * ascension waiting for approval, BABS's latest scouting runs for it as a comparison table with the intervals,
 * the sandbox verdicts, and the lineage. Read from the image only, so it follows every change.
 */
export function evolutionText(world: WorldState, persona: string, researcher = "BABS"): string[] {
    const record = Object.values(world.personas).find((p) => p.name === persona);
    if (record == null) return [`No persona ${persona} in this image.`];
    const babs = Object.values(world.personas).find((p) => p.name === researcher);
    const version = typeof record.slots["goldenDatasetVersion"] === "string" ? record.slots["goldenDatasetVersion"] : "v1";
    const lines = [`${persona}: base ${file(record.baseModelPath)}, adapter ${file(record.activeAdapterPath)}, golden dataset ${version} (${record.goldenDataset.length} samples, ${record.goldenDataset.filter((s) => s.heldOut).length} held out)`, ""];
    const pending = record.slots["pendingAscension"] as PendingAscension | undefined;
    if (pending != null) {
        lines.push(`★ Waiting for your approval: ascend to ${file(pending.candidate)}.`, `  ${pending.why}`, `  ${pending.verdict.why}`, "  a: ascend · x: decline", "");
    }
    const runs = babs == null ? [] : researchLog(babs).filter((r) => r.persona === persona);
    if (runs.length === 0) lines.push(`${researcher} has not scouted for ${persona} yet (s: scout now).`, "");
    for (const run of runs.slice(-2).reverse()) lines.push(...runTable(run), "");
    const verdicts = sandboxVerdicts(record.slots);
    if (verdicts.length > 0) {
        lines.push("Sandbox verdicts (newest first):");
        for (const v of verdicts.slice(-3).reverse()) {
            lines.push(`  ${v.at.toISOString().slice(0, 16)} ${v.clone} on ${file(v.candidate.model)}: ${v.confirmed ? "CONFIRMED" : "not confirmed"} — ` +
                `clone ${f(v.figures.clone.meanBitsPerByte)} vs production ${f(v.figures.production.meanBitsPerByte)} bits/byte, ` +
                `Oracle ${f(v.figures.clone.meanOracleScore, 2)} vs ${f(v.figures.production.meanOracleScore, 2)}; adapter on ${v.adapter.trainSamples} samples`);
        }
        lines.push("");
    }
    const lineage = lineageOf(record);
    lines.push(lineage.length === 0 ? `Lineage: ${persona} is on its first base model.` : "Lineage:");
    for (const entry of lineage) lines.push(`  ${describeLineage(entry)}`);
    return lines;
}

/** One scouting run as a table: every candidate, its figures and its comparison with the incumbent. */
function runTable(run: ScoutRun): string[] {
    const rows: string[][] = [["candidate", "status", "bits/byte", "saved [95% interval]", "Oracle", "gained [interval]", "pairwise +/−/=", "tok/s", "memory"]];
    // The incumbent is ranked even when no source offered it as a candidate: it then has a row of its own.
    const incumbentRow = (id: string): CandidateReport => ({
        candidate: {id, source: "folder", locator: run.incumbent.model, label: file(run.incumbent.model), path: run.incumbent.model, origin: "the persona's base model"},
        facts: null, status: "incumbent", reason: null, figures: run.incumbent.figures ?? null, comparison: null
    });
    const ordered = [...run.ranking.map((id) => run.candidates.find((c) => c.candidate.id === id) ?? (id.startsWith("incumbent:") ? incumbentRow(id) : null))
        .filter((c): c is CandidateReport => c != null),
    ...run.candidates.filter((c) => !run.ranking.includes(c.candidate.id))];
    for (const c of ordered) {
        const comparison = c.comparison;
        const saved = comparison?.bitsPerByte;
        const gained = comparison?.oracle;
        const pairwise = comparison?.pairwise;
        rows.push([
            c.candidate.label, c.status === "benchmarked" && comparison?.stepChange === true ? "STEP CHANGE" : c.status,
            f(c.figures?.meanBitsPerByte), saved == null ? "—" : `${f(saved.mean)} [${f(saved.lower)}, ${f(saved.upper)}]`,
            f(c.figures?.meanOracleScore, 2), gained == null ? "—" : `${f(gained.mean, 2)} [${f(gained.lower, 2)}, ${f(gained.upper, 2)}]`,
            pairwise == null ? "—" : `${pairwise.candidateWins}/${pairwise.incumbentWins}/${pairwise.ties}`,
            c.figures?.tokensPerSecond == null ? "—" : c.figures.tokensPerSecond.toFixed(0), c.figures == null ? "—" : mb(c.figures.memoryBytes)
        ]);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
    const lines = [
        `Scouting ${run.runId}, ${run.at.toISOString().slice(0, 16)}: ${run.candidates.length} candidates on ${run.heldOutSamples} held-out samples, ` +
            `margin ${run.margin} bits/byte, ${run.resamples} resamples`,
        ...rows.map((r) => "  " + r.map((cell, i) => cell.padEnd(widths[i]!)).join("  ").trimEnd())
    ];
    for (const c of run.candidates.filter((c) => c.reason != null && c.status !== "incumbent")) lines.push(`  ${c.candidate.label}: ${c.reason}`);
    for (const s of run.sources.filter((s) => s.problem != null)) lines.push(`  source ${s.source} ${s.origin}: ${s.problem}`);
    lines.push(`  Decision: ${run.decision.why}`);
    return lines;
}
