import {stat} from "node:fs/promises";
import path from "node:path";
import type {Candidate, SourceResult} from "../Candidate.js";

type Tags = {models?: {name?: string, model?: string}[]};
type Show = {modelfile?: string};

/**
 * The models of a local Ollama server. Its API names each model's GGUF file: `/api/tags` lists the models and
 * `/api/show` gives each one's Modelfile, whose `FROM` line is the blob's path. A model whose blob is not on
 * this machine (a remote server) is a candidate without a file. A server that does not answer is a problem of
 * this source, not of the scouting run.
 */
export async function ollamaCandidates(baseUrl: string, options: {signal?: AbortSignal, timeoutMs?: number} = {}): Promise<SourceResult> {
    const origin = baseUrl.replace(/\/+$/, "");
    const ask = async <T>(method: "GET" | "POST", route: string, body?: unknown): Promise<T> => {
        const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 5000), ...(options.signal == null ? [] : [options.signal])]);
        const response = await fetch(origin + route, {
            method, signal,
            ...(body === undefined ? {} : {body: JSON.stringify(body), headers: {"content-type": "application/json"}})
        });
        if (!response.ok) throw new Error(`${method} ${route} answered ${response.status} ${response.statusText}`);
        return await response.json() as T;
    };
    const fail = (problem: string): SourceResult => ({candidates: [], report: {source: "ollama", origin, found: 0, problem}});
    let tags: Tags;
    try {
        tags = await ask<Tags>("GET", "/api/tags");
    } catch (error) {
        options.signal?.throwIfAborted();
        return fail(`Ollama does not answer at ${origin} (${describe(error)}); start it with \`ollama serve\`, or leave it out`);
    }
    const candidates: Candidate[] = [];
    for (const model of tags.models ?? []) {
        const tag = model.name ?? model.model;
        if (tag == null) continue;
        let file: string | null = null;
        try {
            const shown = await ask<Show>("POST", "/api/show", {model: tag});
            const from = blobPath(shown.modelfile ?? "");
            if (from != null && (await stat(from).then((s) => s.isFile(), () => false))) file = from;
        } catch {
            options.signal?.throwIfAborted();
            // Listed but not shown: still a candidate, set aside later for want of a file.
        }
        candidates.push({id: `ollama:${tag}`, source: "ollama", locator: tag, label: tag, path: file, origin});
    }
    return {candidates, report: {source: "ollama", origin, found: candidates.length, problem: null}};
}

/** The GGUF path in a Modelfile's FROM line (the first that is an absolute path), or null. */
export function blobPath(modelfile: string): string | null {
    for (const line of modelfile.split(/\r?\n/)) {
        const match = /^\s*FROM\s+(.+?)\s*$/i.exec(line);
        if (match != null && path.isAbsolute(match[1]!)) return match[1]!;
    }
    return null;
}

function describe(error: unknown): string {
    const cause = (error as {cause?: {code?: string, message?: string}}).cause;
    if (error instanceof Error && error.name === "TimeoutError") return "no answer within the timeout";
    return cause?.code ?? cause?.message ?? (error as Error).message;
}
