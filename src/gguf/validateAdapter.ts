import {stat} from "node:fs/promises";
import type {GgufFileInfo} from "node-llama-cpp";
import {readGgufHeader, type GgufHeader} from "../forge/index.js";
import {AdapterRejectedError} from "./AdapterRejectedError.js";

/** Bytes per element of the tensor types an adapter may use here; others are accepted without a size check. */
// ggml's type numbers: 0 is F32, 1 is F16 (node-llama-cpp's GgmlType, not imported so it loads lazily).
const elementBytes: Partial<Record<number, number>> = {0: 4, 1: 2};

/** What a validated adapter looks like. */
export type AdapterFacts = {path: string, architecture: string, rank: number, alpha: number | null, pairs: number};

/**
 * Checks that `adapterPath` is a LoRA adapter llama.cpp will apply to the base model described by `base`:
 * a complete GGUF (not truncated), `general.type = adapter`, the same architecture, and for every
 * `<t>.lora_a` (ggml ne [in, rank]) a `<t>.lora_b` (ne [rank, out]) where `<t>` is a base tensor of ne [in, out].
 * @throws AdapterRejectedError with the reason.
 */
export async function validateAdapter(adapterPath: string, base: GgufFileInfo, context: {engine: string, personaId?: string}): Promise<AdapterFacts> {
    const reject = (reason: string, cause?: unknown): never => {
        throw new AdapterRejectedError(adapterPath, reason, {...context, cause});
    };
    const file = await stat(adapterPath).catch(() => null);
    if (file == null || !file.isFile()) reject("the file does not exist");
    const size = file!.size;

    let header: GgufHeader;
    try {
        // The forge's own reader: one open, a few buffered reads, no node-llama-cpp on a swap's path.
        header = await readGgufHeader(adapterPath, {maxArrayElements: 0});
    } catch (error) {
        const message = (error as Error).message;
        return reject(/magic/i.test(message) ? `not a GGUF file (${message})` : `unreadable GGUF (${message})`, error);
    }
    const meta = header.metadata;
    if (meta.get("general.type") !== "adapter")
        reject(`general.type is ${JSON.stringify(meta.get("general.type") ?? null)}, expected "adapter" (this looks like a full model, not a LoRA adapter)`);
    const adapterType = meta.get("adapter.type");
    if (adapterType != null && adapterType !== "lora") reject(`adapter.type is ${JSON.stringify(adapterType)}, expected "lora"`);
    const architecture = String(meta.get("general.architecture") ?? "");
    const baseArchitecture = String(base.metadata.general.architecture);
    if (architecture !== baseArchitecture) reject(`its architecture is "${architecture}" but the base model's is "${baseArchitecture}"`);

    const tensors = header.tensors;
    if (tensors.length === 0) reject("it has no tensors");
    let needed = Number(header.dataOffset);
    for (const tensor of tensors) {
        const bytes = elementBytes[tensor.ggmlType];
        if (bytes != null) needed = Math.max(needed, Number(header.dataOffset + tensor.offset) + bytes * elementCount(tensor.dimensions));
    }
    if (size < needed) reject(`it is truncated: ${size} bytes, its tensors need ${needed}`);

    const baseTensors = new Map((base.tensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number)]));
    const byName = new Map(tensors.map((t) => [t.name, t.dimensions.map(Number)]));
    let rank = -1;
    let pairs = 0;
    for (const tensor of tensors) {
        const isA = tensor.name.endsWith(".lora_a");
        const isB = tensor.name.endsWith(".lora_b");
        if (!isA && !isB) reject(`tensor ${tensor.name} is neither a .lora_a nor a .lora_b`);
        const target = tensor.name.slice(0, -".lora_a".length);
        const partner = byName.get(target + (isA ? ".lora_b" : ".lora_a"));
        if (partner == null) reject(`tensor ${tensor.name} has no ${isA ? ".lora_b" : ".lora_a"} partner`);
        if (isB) continue;
        const baseShape = baseTensors.get(target);
        if (baseShape == null) reject(`${target} is not a tensor of the base model`);
        const a = tensor.dimensions.map(Number);
        const b = partner!;
        const [inFeatures, outFeatures] = baseShape!;
        if (baseShape!.length !== 2 || a.length !== 2 || b.length !== 2 || a[0] !== inFeatures || b[1] !== outFeatures || a[1] !== b[0])
            reject(`shapes do not match ${target} [${baseShape!.join(", ")}]: lora_a [${a.join(", ")}], lora_b [${b.join(", ")}] (ggml ne order; expected lora_a [${inFeatures}, r] and lora_b [r, ${outFeatures}])`);
        if (rank !== -1 && a[1] !== rank) reject(`mixed ranks (${rank} and ${a[1]})`);
        rank = a[1]!;
        pairs++;
    }
    const alpha = meta.get("adapter.lora.alpha");
    return {path: adapterPath, architecture, rank, alpha: typeof alpha === "number" ? alpha : null, pairs};
}

function elementCount(dimensions: readonly (number | bigint)[]): number {
    return dimensions.reduce<number>((n, d) => n * Number(d), 1);
}
