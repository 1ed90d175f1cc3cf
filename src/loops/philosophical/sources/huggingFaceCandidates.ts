import {downloadedModelFile, remoteModelFacts} from "../../../llm/index.js";
import type {Candidate, SourceResult} from "../Candidate.js";
import {templateFamily} from "../CandidateFacts.js";

export type HuggingFaceOptions = {
    /** `hf:` URIs (or URLs of GGUF files) to consider. */
    uris: readonly string[],
    /** A Hugging Face search (GGUF models whose name matches), or null. */
    search: string | null,
    /** The hub's address. The search needs it; `hf:` URIs default to node-llama-cpp's. */
    endpoint: string | null,
    /** Where downloaded models are looked for (a model already there is benchmarked from its file). */
    directory: string,
    /** Most search results (default 5). */
    limit?: number,
    signal?: AbortSignal,
    timeoutMs?: number
};

const offline = /fetch failed|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ECONNRESET|ETIMEDOUT|ENETUNREACH|getaddrinfo|timed? ?out|TimeoutError/i;

/**
 * Candidates from the network: the `hf:` URIs given and the GGUF models a Hugging Face search finds (its
 * `/api/models?search=…&filter=gguf` answer). Each one's header is read remotely (a few ranges, never the weights);
 * a model already downloaded into `directory` is a candidate with its file, the others are listed without one.
 * Offline, the source says so plainly instead of failing the scouting run.
 */
export async function huggingFaceCandidates(options: HuggingFaceOptions): Promise<SourceResult> {
    const origin = options.endpoint ?? "the default Hugging Face endpoint";
    const uris = [...options.uris];
    const problems: string[] = [];
    if (options.search != null) {
        if (options.endpoint == null) {
            problems.push("a Hugging Face search needs the hub's address: set HF_ENDPOINT (the variable node-llama-cpp and llama.cpp read) or the image setting scoutHubUrl");
        } else {
            const url = `${options.endpoint.replace(/\/+$/, "")}/api/models?search=${encodeURIComponent(options.search)}&filter=gguf&limit=${options.limit ?? 5}`;
            try {
                const signal = AbortSignal.any([AbortSignal.timeout(options.timeoutMs ?? 10_000), ...(options.signal == null ? [] : [options.signal])]);
                const response = await fetch(url, {signal});
                if (!response.ok) throw new Error(`the search answered ${response.status} ${response.statusText}`);
                const found = await response.json() as {id?: string, modelId?: string}[];
                for (const model of Array.isArray(found) ? found : []) {
                    const id = model.id ?? model.modelId;
                    if (typeof id === "string" && !uris.includes(`hf:${id}`)) uris.push(`hf:${id}`);
                }
            } catch (error) {
                options.signal?.throwIfAborted();
                problems.push(describe(error, options.endpoint));
            }
        }
    }
    const candidates: Candidate[] = [];
    for (const uri of uris) {
        options.signal?.throwIfAborted();
        const file = await downloadedModelFile(uri, {directory: options.directory, endpoint: options.endpoint});
        const candidate: Candidate = {id: `huggingface:${uri}`, source: "huggingface", locator: uri, label: uri, path: file, origin};
        if (file == null) {
            try {
                const facts = await remoteModelFacts(uri, {endpoint: options.endpoint, ...(options.signal == null ? {} : {signal: options.signal})});
                candidate.remote = {header: {...facts, chatTemplate: facts.chatTemplate == null ? null : templateFamily(facts.chatTemplate)}, problem: null};
            } catch (error) {
                options.signal?.throwIfAborted();
                candidate.remote = {header: null, problem: describe(error, origin)};
            }
        }
        candidates.push(candidate);
    }
    const unreachable = candidates.find((c) => c.remote?.problem?.startsWith("offline") === true)?.remote?.problem;
    if (unreachable != null && !problems.some((p) => p.startsWith("offline"))) problems.push(unreachable);
    const problem = problems.length === 0 ? null : problems.join("; ");
    return {candidates, report: {source: "huggingface", origin, found: candidates.length, problem}};
}

function describe(error: unknown, where: string): string {
    const parts: string[] = [];
    for (let e: unknown = error, depth = 0; e != null && depth < 4; depth++) {
        const item = e as {message?: unknown, code?: unknown, cause?: unknown};
        if (typeof item.message === "string") parts.push(item.message);
        if (typeof item.code === "string") parts.push(item.code);
        e = item.cause;
    }
    const message = parts.join(": ") || String(error);
    return offline.test(message)
        ? `offline: ${where} cannot be reached (${message}); download models elsewhere and copy them into a models folder`
        : `${where}: ${message}`;
}
