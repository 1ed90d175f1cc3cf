import type {GoldenSample, PersonaRecord} from "../../objects/index.js";

/** A persona's base, adapter and dataset version at one moment of its lineage. */
export type LineagePoint = {
    model: string | null,
    sha256: string | null,
    adapter: string | null,
    adapterSha256: string | null,
    datasetVersion: string,
    datasetSize: number
};

/** One ascension or descent, as the persona's `lineage` slot keeps it. */
export type LineageEntry = {
    id: string,
    at: Date,
    kind: "ascension" | "descent",
    from: LineagePoint,
    to: LineagePoint,
    /** Why: the scouting run's comparison (ascension by request), or the Architect's command. */
    evidence: {scoutRun: string | null, why: string, lowerBound: number | null} | null,
    sandbox: {runId: string, confirmed: boolean, why: string} | null,
    /** The full adapter trained for the new base before anything changed. */
    training: {trainSamples: number, validationSamples: number, steps: number, lossBefore: number | null, lossAfter: number | null} | null,
    /** The re-curation of the scrapbook by the ascended persona. */
    recuration: {interactions: number, answered: number, judged: number, golden: number, replaced: number, added: number} | null,
    /** For an ascension: when a descent undid it. */
    undoneAt: Date | null,
    ms: number
};

/** An archived version of the golden dataset, kept so that a descent can restore it. */
export type DatasetVersion = {version: string, at: Date, reason: string, samples: GoldenSample[]};

export const lineageSlot = "lineage";
/** The ascension a confirmed sandbox left waiting for the Architect's approval (evolutionMode "ask"). */
export const pendingAscensionSlot = "pendingAscension";
export const datasetVersionsSlot = "goldenDatasetVersions";
export const datasetVersionSlot = "goldenDatasetVersion";
/** The version of a dataset no ascension has replaced yet. */
export const firstDatasetVersion = "v1";

/** A persona's lineage, oldest first. */
export function lineageOf(record: PersonaRecord): LineageEntry[] {
    const value = record.slots[lineageSlot];
    return Array.isArray(value) ? value as LineageEntry[] : [];
}

/** The archived (not current) versions of a persona's golden dataset, oldest first. */
export function datasetVersions(record: PersonaRecord): DatasetVersion[] {
    const value = record.slots[datasetVersionsSlot];
    return Array.isArray(value) ? value as DatasetVersion[] : [];
}

/** The version name of the persona's current golden dataset. */
export function currentDatasetVersion(record: PersonaRecord): string {
    const value = record.slots[datasetVersionSlot];
    return typeof value === "string" ? value : firstDatasetVersion;
}

/** The next version name after those a persona has used (v2, v3, …). */
export function nextDatasetVersion(record: PersonaRecord): string {
    const used = [currentDatasetVersion(record), ...datasetVersions(record).map((v) => v.version)];
    const highest = Math.max(1, ...used.map((v) => Number(/^v(\d+)$/.exec(v)?.[1] ?? 0)));
    return `v${highest + 1}`;
}

/** The ascension a descent would undo: the latest not undone yet, or null. */
export function lastAscension(record: PersonaRecord): LineageEntry | null {
    return lineageOf(record).findLast((e) => e.kind === "ascension" && e.undoneAt == null) ?? null;
}

/** One line per lineage entry, for `BRICK lineage` and `living-image lineage`. */
export function describeLineage(entry: LineageEntry): string {
    const name = (file: string | null) => (file == null ? "none" : file.split(/[\\/]/).at(-1)!);
    const sha = (s: string | null) => (s == null ? "" : ` (${s.slice(0, 12)})`);
    const head = `${entry.at.toISOString()} ${entry.kind.toUpperCase()} ${entry.id}: ${name(entry.from.model)}${sha(entry.from.sha256)} + ${name(entry.from.adapter)}` +
        ` → ${name(entry.to.model)}${sha(entry.to.sha256)} + ${name(entry.to.adapter)}; dataset ${entry.from.datasetVersion} (${entry.from.datasetSize}) → ${entry.to.datasetVersion} (${entry.to.datasetSize})`;
    const parts = [head];
    if (entry.evidence != null) parts.push(`evidence: ${entry.evidence.why}`);
    if (entry.sandbox != null) parts.push(`sandbox ${entry.sandbox.runId}: ${entry.sandbox.confirmed ? "confirmed" : "not confirmed"}`);
    if (entry.recuration != null) parts.push(`re-curated ${entry.recuration.answered} of ${entry.recuration.interactions} interactions: ${entry.recuration.golden} golden, ${entry.recuration.replaced} replaced, ${entry.recuration.added} added`);
    if (entry.undoneAt != null) parts.push(`undone ${entry.undoneAt.toISOString()}`);
    return parts.join("; ");
}
