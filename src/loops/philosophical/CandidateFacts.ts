import os from "node:os";
import {checkModelFile, InvalidModelFileError, sha256File} from "../../gguf/index.js";
import type {GgufValue, HeaderFacts, ModelFacts} from "../../gguf/index.js";

/** What a candidate's GGUF header says, as the research log keeps it. */
export type CandidateFacts = HeaderFacts & {
    vocabulary: number | null,
    layers: number | null,
    bytes: number,
    /** Weights plus the KV cache of one 2048-token (or shorter) context, the least it takes to serve the persona. */
    memoryEstimateBytes: number,
    sha256: string | null
};

/** A candidate that can serve the persona, or the reason it cannot. */
export type Fitness = {fit: true} | {fit: false, reason: string};

/** The architectures the forge can train adapters for (it implements the llama forward and backward pass). */
export const trainableArchitectures = new Set(["llama"]);

/**
 * Reads a local candidate's header (never its weights) and says whether it can serve the persona: a whole GGUF
 * base model, with a chat template (the persona's conversations are laid out by it), of an architecture the
 * forge can train, small enough for this machine. The sha256 is computed only for fit candidates.
 */
export async function candidateFacts(file: string, options: {totalMemoryBytes?: number} = {}): Promise<{facts: CandidateFacts | null, fitness: Fitness}> {
    let model: ModelFacts;
    try {
        model = await checkModelFile(file);
    } catch (error) {
        if (error instanceof InvalidModelFileError) return {facts: null, fitness: {fit: false, reason: error.reason}};
        throw error;
    }
    const meta = model.header.metadata;
    const architecture = model.architecture;
    const num = (key: string) => count(architecture == null ? undefined : meta.get(`${architecture}.${key}`));
    const heads = num("attention.head_count");
    const kvHeads = num("attention.head_count_kv") ?? heads;
    const embedding = model.embeddingLength;
    const kvWidth = embedding != null && heads != null && kvHeads != null && heads > 0 ? embedding / heads * kvHeads : embedding ?? 0;
    const servedContext = Math.min(model.contextLength ?? 2048, 2048);
    // F16 keys and values for every layer of one served context, on top of the weights.
    const memoryEstimateBytes = model.bytes + 2 * (model.layers ?? 0) * servedContext * kvWidth * 2;
    const facts: CandidateFacts = {
        architecture, name: model.name, parameters: model.parameters, quantization: model.quantization, contextLength: model.contextLength,
        chatTemplate: model.chatTemplate == null ? null : templateFamily(model.chatTemplate), license: model.license, tokenizer: model.tokenizer,
        vocabulary: num("vocab_size"), layers: model.layers, bytes: model.bytes, memoryEstimateBytes, sha256: null
    };
    const total = options.totalMemoryBytes ?? os.totalmem();
    const reason = model.chatTemplate == null ? "it has no chat template, so the persona's conversations cannot be laid out the way it reads them"
        : architecture == null || !trainableArchitectures.has(architecture)
            ? `its architecture is ${architecture ?? "not given"}; the forge trains adapters for ${[...trainableArchitectures].join(", ")} models only, so the persona could not keep an adapter`
            : memoryEstimateBytes > total * 0.8
                ? `it needs about ${gib(memoryEstimateBytes)} GiB to serve, more than this machine's ${gib(total)} GiB allow`
                : null;
    if (reason != null) return {facts, fitness: {fit: false, reason}};
    facts.sha256 = await sha256File(file);
    return {facts, fitness: {fit: true}};
}

/** A short name for a chat template: the family its markers show, else "custom". */
export function templateFamily(template: string): string {
    if (template.includes("<|im_start|>")) return "chatml";
    if (template.includes("<|start_header_id|>")) return "llama3";
    if (template.includes("[INST]")) return "llama2/mistral";
    if (template.includes("<start_of_turn>")) return "gemma";
    return "custom";
}

function count(value: GgufValue | undefined): number | null {
    return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : null;
}

function gib(bytes: number): string {
    return (bytes / 2 ** 30).toFixed(1);
}
