import {realpath} from "node:fs/promises";
import type {Candidate, SourceReport, SourceResult} from "../Candidate.js";
import {folderCandidates} from "./folderCandidates.js";
import {ollamaCandidates} from "./ollamaCandidates.js";

/** Where BABS looks for candidate base models. */
export type ScoutSources = {
    /** Folders whose `.gguf` files are candidates (the project's models/, the user models folder, node-llama-cpp's). */
    folders: string[],
    /** An Ollama server whose local models are candidates (null: none). */
    ollama: string | null,
    /** Network sources (Hugging Face `hf:` URIs and a search), or null when none are asked for. */
    network: NetworkSource | null
};

/** A source that needs the network; offline it reports why it found nothing. */
export type NetworkSource = (signal?: AbortSignal) => Promise<SourceResult>;

/**
 * Every candidate of every source, once: a file reached through two folders (or a folder and Ollama) counts once,
 * under the first source that found it. A source that fails reports its problem and the others go on.
 */
export async function gatherCandidates(sources: ScoutSources, options: {signal?: AbortSignal} = {}): Promise<{candidates: Candidate[], reports: SourceReport[]}> {
    const results: SourceResult[] = [];
    for (const folder of sources.folders) results.push(await folderCandidates(folder));
    if (sources.ollama != null) results.push(await ollamaCandidates(sources.ollama, options));
    if (sources.network != null) results.push(await sources.network(options.signal));
    const seen = new Set<string>();
    const candidates: Candidate[] = [];
    for (const result of results) {
        for (const candidate of result.candidates) {
            const key = candidate.path == null ? candidate.id : await realpath(candidate.path).catch(() => candidate.path!);
            if (seen.has(key)) continue;
            seen.add(key);
            candidates.push(candidate);
        }
    }
    return {candidates, reports: results.map((r) => r.report)};
}
