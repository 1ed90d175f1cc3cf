import {dominantType, readGgufFile} from "./readGgufFile.js";
import {fileTypeName} from "./fileTypes.js";
import {GgufReadError} from "./GgufReadError.js";
import {InvalidModelFileError} from "./InvalidModelFileError.js";
import type {GgufHeader, GgufValue} from "./readGgufHeader.js";

/**
 * What any GGUF header says about its model, wherever it was read (a local file, byte ranges of a remote one):
 * the facts a user chooses a model by. Local files, remote headers and scouting candidates add their own.
 */
export type HeaderFacts = {
    architecture: string | null,
    /** `general.name`, when the file has one. */
    name: string | null,
    /** Elements of every tensor together. */
    parameters: number,
    /** The file type llama.cpp recorded ("Q4_K_M"), or the type holding most of the tensor bytes. */
    quantization: string | null,
    contextLength: number | null,
    /** The Jinja chat template (or, where only that is kept, the chat template family), when the file has one. */
    chatTemplate: string | null,
    license: string | null,
    /** `tokenizer.ggml.model` ("llama", "gpt2"…). */
    tokenizer: string | null
};

/** What a model file's header says, for choosing, listing and scouting models. */
export type ModelFacts = HeaderFacts & {
    path: string,
    bytes: number,
    layers: number | null,
    embeddingLength: number | null,
    header: GgufHeader
};

/**
 * Checks that `path` is a whole GGUF base model and answers what its header says. Reads the header and the
 * tensor table only (milliseconds, whatever the model's size).
 * @throws InvalidModelFileError naming the file and what is wrong with it (missing, not a GGUF, truncated,
 *   a LoRA adapter, no tensors); its message never quotes the file's bytes.
 */
export async function checkModelFile(path: string): Promise<ModelFacts> {
    const refuse = (reason: string, cause?: unknown): never => {
        throw new InvalidModelFileError(path, reason, cause === undefined ? undefined : {cause});
    };
    let file;
    try {
        file = await readGgufFile(path);
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (error instanceof GgufReadError) return refuse(error.reason, error);
        return refuse(code === "ENOENT" ? "there is no such file" : `it cannot be read (${code ?? (error as Error).message})`, error);
    }
    const {header} = file;
    const meta = header.metadata;
    if (meta.get("general.type") === "adapter") refuse("it is a LoRA adapter, not a base model (swap it in with swapAdapter:)");
    if (header.tensors.length === 0) refuse("it holds no tensors");
    const architecture = text(meta.get("general.architecture"));
    const arch = (key: string) => architecture == null ? null : count(meta.get(`${architecture}.${key}`));
    const fileType = count(meta.get("general.file_type"));
    let parameters = 0;
    for (const tensor of header.tensors) parameters += Number(tensor.dimensions.reduce((n, d) => n * d, 1n));
    return {
        path, bytes: file.bytes, architecture, name: text(meta.get("general.name")), parameters,
        quantization: (fileType == null ? null : fileTypeName(fileType)) ?? dominantType(header),
        contextLength: arch("context_length"), chatTemplate: text(meta.get("tokenizer.chat_template")),
        license: text(meta.get("general.license")), layers: arch("block_count"), embeddingLength: arch("embedding_length"),
        tokenizer: text(meta.get("tokenizer.ggml.model")), header
    };
}

function text(value: GgufValue | undefined): string | null {
    return typeof value === "string" ? value : null;
}

function count(value: GgufValue | undefined): number | null {
    return typeof value === "number" ? value : typeof value === "bigint" ? Number(value) : null;
}
