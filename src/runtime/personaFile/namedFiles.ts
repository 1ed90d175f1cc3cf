import {stat} from "node:fs/promises";
import path from "node:path";
import {checkAdapter, checkModelFile, readGgufHeader, sha256File} from "../../gguf/index.js";
import type {PersonaRecord} from "../../objects/index.js";
import type {ManifestFile} from "./PersonaManifest.js";

/**
 * The record's logs: every entry names the model and adapter that served it then, as a label of the past.
 * Those names are history, not files the persona needs; every other field (lineage, slots…) is searched
 * for the GGUF files it names.
 */
export const logFields: ReadonlySet<string> = new Set(["scrapbook", "goldenDataset", "performanceMetrics"]);

/** A stored path that is a URI (`hf:user/repo`, `https://…`) rather than a file: referenced, never read. */
export function isUri(stored: string): boolean {
    return /^[a-z][a-z0-9+.-]+:/i.test(stored) && !/^[a-z]:[\\/]/i.test(stored);
}

export type NamedFile = ManifestFile & {resolved: string | null};

export type NamedFiles = {model: NamedFile | null, adapters: NamedFile[], otherModels: NamedFile[]};

/**
 * The GGUF files a persona names, described for its manifest: its base model (with sha256, size, name and
 * source), its active adapter (which must be whole: a persona that cannot chat is not exported), and the
 * files other fields name (a lineage's earlier adapters and models) that still exist. `resolve` turns a
 * stored path into a file path.
 * @throws Error with `problem` for an active adapter that is missing or broken (the caller words it).
 */
export async function namedFiles(record: PersonaRecord, resolve: (stored: string) => string): Promise<NamedFiles> {
    const model = record.baseModelPath == null ? null : await describeModel(record.baseModelPath, resolve, true);
    const adapters: NamedFile[] = [];
    if (record.activeAdapterPath != null) {
        const file = resolve(record.activeAdapterPath);
        const facts = await checkAdapter(file);
        adapters.push({
            stored: record.activeAdapterPath, fileName: path.basename(file), bytes: facts.bytes, sha256: await sha256File(file),
            architecture: facts.architecture, member: null, resolved: file
        });
    }
    const otherModels: NamedFile[] = [];
    const seen = new Set<string>([record.baseModelPath ?? "", record.activeAdapterPath ?? ""]);
    for (const stored of ggufNames(record)) {
        if (seen.has(stored) || isUri(stored)) continue;
        seen.add(stored);
        const file = resolve(stored);
        const info = await stat(file).catch(() => null);
        if (info == null || !info.isFile()) continue;
        const type = await readGgufHeader(file, {maxArrayElements: 0}).then((h) => h.metadata.get("general.type"), () => null);
        if (type === "adapter") {
            const facts = await checkAdapter(file).catch(() => null);
            if (facts == null) continue;
            adapters.push({stored, fileName: path.basename(file), bytes: facts.bytes, sha256: await sha256File(file), architecture: facts.architecture, member: null, resolved: file});
        } else if (type !== null) {
            const described = await describeModel(stored, resolve, false);
            if (described != null) otherModels.push(described);
        }
    }
    return {model, adapters, otherModels};
}

/** A model as the manifest references it; a missing file is referenced by its stored path alone. */
async function describeModel(stored: string, resolve: (stored: string) => string, keepMissing: boolean): Promise<NamedFile | null> {
    if (isUri(stored)) return {stored, fileName: null, bytes: null, sha256: null, architecture: null, name: null, source: stored, member: null, resolved: null};
    const file = resolve(stored);
    const facts = await checkModelFile(file).catch(() => null);
    if (facts == null) return keepMissing ? {stored, fileName: path.basename(stored), bytes: null, sha256: null, architecture: null, name: null, source: null, member: null, resolved: null} : null;
    const source = facts.header.metadata.get("general.source.url") ?? facts.header.metadata.get("general.url");
    return {
        stored, fileName: path.basename(file), bytes: facts.bytes, sha256: await sha256File(file), architecture: facts.architecture,
        name: facts.name, source: typeof source === "string" ? source : null, member: null, resolved: file
    };
}

/** Every string ending in `.gguf` in the record's fields other than its logs. */
function ggufNames(record: PersonaRecord): string[] {
    return [...recordStrings(record)].filter((text) => /\.gguf$/i.test(text));
}

/**
 * Every string in the record's fields other than its logs (values and dictionary keys): where the persona
 * names files and other personas (its parent, a slot holding a persona, its lineage).
 */
export function recordStrings(record: PersonaRecord): Set<string> {
    const found = new Set<string>();
    const visit = (value: unknown, depth: number): void => {
        if (depth > 10_000) return;
        if (typeof value === "string") found.add(value);
        else if (Array.isArray(value)) {
            for (const item of value) visit(item, depth + 1);
        } else if (value instanceof Map) {
            for (const [k, v] of value) {
                visit(k, depth + 1);
                visit(v, depth + 1);
            }
        } else if (value instanceof Set) {
            for (const item of value) visit(item, depth + 1);
        } else if (typeof value === "object" && value !== null && !(value instanceof Date)) {
            for (const [k, v] of Object.entries(value)) {
                found.add(k);
                visit(v, depth + 1);
            }
        }
    };
    for (const [field, value] of Object.entries(record)) if (!logFields.has(field)) visit(value, 0);
    return found;
}
