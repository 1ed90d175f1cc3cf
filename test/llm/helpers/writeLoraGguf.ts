import {writeFile} from "node:fs/promises";
import {mulberry32} from "../../helpers/mulberry32.js";

/** A metadata value: strings, f32 numbers (use {u32} for an integer), booleans. */
export type GgufValue = string | number | boolean | {u32: number};

/** A tensor in numpy order: `shape` is [rows, cols]; the file stores ggml ne = shape reversed. */
export type F32Tensor = {name: string, shape: number[], data: Float32Array};

const alignment = 32;

/**
 * Writes a GGUF v3 file: header, metadata, tensor infos, F32 data aligned to 32 bytes
 * (the default alignment, so `general.alignment` is not written).
 * `truncateTo` cuts the file to that many bytes, to make a broken one.
 */
export async function writeGguf(file: string, metadata: Record<string, GgufValue>, tensors: F32Tensor[], options: {truncateTo?: number} = {}): Promise<void> {
    const parts: Buffer[] = [];
    const u32 = (n: number) => { const b = Buffer.alloc(4); b.writeUInt32LE(n); parts.push(b); };
    const u64 = (n: number) => { const b = Buffer.alloc(8); b.writeBigUInt64LE(BigInt(n)); parts.push(b); };
    const str = (s: string) => { const bytes = Buffer.from(s, "utf8"); u64(bytes.length); parts.push(bytes); };

    parts.push(Buffer.from("GGUF", "ascii"));
    u32(3);
    u64(tensors.length);
    u64(Object.keys(metadata).length);
    for (const [key, value] of Object.entries(metadata)) {
        str(key);
        if (typeof value === "string") { u32(8); str(value); }
        else if (typeof value === "boolean") { u32(7); parts.push(Buffer.from([value ? 1 : 0])); }
        else if (typeof value === "number") { u32(6); const b = Buffer.alloc(4); b.writeFloatLE(value); parts.push(b); }
        else { u32(4); u32(value.u32); }
    }
    let offset = 0;
    const offsets: number[] = [];
    for (const tensor of tensors) {
        if (tensor.data.length !== tensor.shape.reduce((a, b) => a * b, 1)) throw new Error(`${tensor.name}: data does not fit shape ${tensor.shape}`);
        str(tensor.name);
        u32(tensor.shape.length);
        for (const n of [...tensor.shape].reverse()) u64(n);
        u32(0); // F32
        u64(offset);
        offsets.push(offset);
        offset += align(tensor.data.byteLength);
    }
    const head = Buffer.concat(parts);
    const dataStart = align(head.length);
    const out = Buffer.alloc(dataStart + offset);
    head.copy(out, 0);
    tensors.forEach((tensor, i) => Buffer.from(tensor.data.buffer, tensor.data.byteOffset, tensor.data.byteLength).copy(out, dataStart + offsets[i]!));
    await writeFile(file, options.truncateTo == null ? out : out.subarray(0, options.truncateTo));
}

function align(n: number): number {
    return Math.ceil(n / alignment) * alignment;
}

/** A small deterministic random number generator, so adapters are reproducible. */
export const rng = mulberry32;

/** A base tensor the adapter targets: its name and numpy shape [out, in]. */
export type LoraTarget = {name: string, out: number, in: number};

/**
 * Writes a LoRA adapter for `targets` as llama.cpp and PEFT lay it out: `<t>.lora_a` (rank, in) and
 * `<t>.lora_b` (out, rank), uniform random in ±`scale` (B all zeros with `zeroB`).
 */
export async function writeLoraGguf(file: string, options: {
    targets: LoraTarget[], rank?: number, seed?: number, scale?: number, zeroB?: boolean, alpha?: number,
    architecture?: string, type?: string, truncateTo?: number
}): Promise<void> {
    const rank = options.rank ?? 4;
    const random = rng(options.seed ?? 1);
    const scale = options.scale ?? 0.5;
    const fill = (n: number, zero: boolean) => Float32Array.from({length: n}, () => zero ? 0 : (random() * 2 - 1) * scale);
    const tensors: F32Tensor[] = options.targets.flatMap((t) => [
        {name: `${t.name}.lora_a`, shape: [rank, t.in], data: fill(rank * t.in, false)},
        {name: `${t.name}.lora_b`, shape: [t.out, rank], data: fill(t.out * rank, options.zeroB ?? false)}
    ]);
    await writeGguf(file, {
        "general.architecture": options.architecture ?? "llama",
        "general.type": options.type ?? "adapter",
        "adapter.type": "lora",
        "adapter.lora.alpha": options.alpha ?? rank
    }, tensors, options.truncateTo == null ? {} : {truncateTo: options.truncateTo});
}

/** stories260K's attention and output projections, as LoRA targets (n_embd 64, 4 KV heads of 8 = 32). */
export function stories260KTargets(layers: number[] = [0, 1, 2, 3, 4]): LoraTarget[] {
    return [
        {name: "output.weight", out: 512, in: 64},
        ...layers.flatMap((l) => [
            {name: `blk.${l}.attn_q.weight`, out: 64, in: 64},
            {name: `blk.${l}.attn_v.weight`, out: 32, in: 64},
            {name: `blk.${l}.ffn_down.weight`, out: 64, in: 172}
        ])
    ];
}
