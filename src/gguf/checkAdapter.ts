import {GgufReadError} from "./GgufReadError.js";
import {InvalidAdapterError} from "./InvalidAdapterError.js";
import {readGgufFile} from "./readGgufFile.js";
import type {GgufHeader} from "./readGgufHeader.js";
import {sha256File} from "./sha256File.js";

/** What an adapter must fit: the base model's architecture and its tensors' ggml dimensions by name. */
export type BaseShapes = {architecture: string, tensors: ReadonlyMap<string, readonly number[]>};

/** What a checked adapter is: the facts a swap may rely on. */
export type AdapterFacts = {path: string, bytes: number, sha256: string | null, architecture: string | null,
    alpha: number | null, rank: number | null, pairs: number};

/** The shapes an adapter is checked against, from a base model's header. */
export function baseShapesOf(header: GgufHeader): BaseShapes {
    return {
        architecture: String(header.metadata.get("general.architecture") ?? ""),
        tensors: new Map(header.tensors.map((t) => [t.name, t.dimensions.map(Number)]))
    };
}

/**
 * The one adapter check, used by the forge (before it reports an artifact), the engines (before a swap) and
 * the ProtoManager (before the image changes): the file is a whole GGUF (every tensor's bytes inside the file,
 * whatever its ggml type), `general.type = "adapter"` (and `adapter.type = "lora"` when present), made of
 * `.lora_a`/`.lora_b` pairs of one rank; with `base`, the same architecture and for every `<t>.lora_a` (ggml
 * ne [in, rank]) a `<t>.lora_b` (ne [rank, out]) where `<t>` is a base tensor of ne [in, out]; with `sha256`,
 * exactly those bytes.
 * @throws InvalidAdapterError naming the first check that failed (never quoting the file's bytes).
 */
export async function checkAdapter(path: string, options: {base?: BaseShapes | null, sha256?: string} = {}): Promise<AdapterFacts> {
    const reject = (reason: string, cause?: unknown): never => {
        throw new InvalidAdapterError(path, reason, cause === undefined ? undefined : {cause});
    };
    const file = await readGgufFile(path).catch((error: unknown) => {
        if (error instanceof GgufReadError) return reject(error.reason, error);
        const code = (error as NodeJS.ErrnoException).code;
        return reject(code === "ENOENT" ? "the file does not exist" : `it cannot be read (${code ?? String(error)})`, error);
    });
    const meta = file.header.metadata;
    const type = meta.get("general.type");
    if (type !== "adapter")
        reject(`general.type is ${JSON.stringify(typeof type === "string" ? type : null)}, expected "adapter" (a full model or another GGUF, not a LoRA adapter)`);
    const adapterType = meta.get("adapter.type");
    if (adapterType !== undefined && adapterType !== "lora") reject(`adapter.type is ${JSON.stringify(String(adapterType))}, expected "lora"`);
    const architectureValue = meta.get("general.architecture");
    const architecture = typeof architectureValue === "string" ? architectureValue : null;
    const base = options.base;
    if (base != null && architecture !== base.architecture)
        reject(`its architecture is ${JSON.stringify(architecture)} but the base model's is ${JSON.stringify(base.architecture)}`);

    const tensors = file.header.tensors;
    if (tensors.length === 0) reject("it holds no tensors");
    const byName = new Map(tensors.map((t) => [t.name, t.dimensions.map(Number)]));
    let rank: number | null = null;
    let pairs = 0;
    for (const tensor of tensors) {
        const isA = tensor.name.endsWith(".lora_a");
        if (!isA && !tensor.name.endsWith(".lora_b")) reject(`tensor ${tensor.name} is neither a .lora_a nor a .lora_b`);
        const target = tensor.name.slice(0, -".lora_a".length);
        const partner = byName.get(target + (isA ? ".lora_b" : ".lora_a"));
        if (partner == null) reject(`tensor ${tensor.name} has no ${isA ? ".lora_b" : ".lora_a"} partner`);
        if (!isA) continue;
        const a = tensor.dimensions.map(Number);
        const b = partner!;
        if (a.length !== 2 || b.length !== 2 || a[1] !== b[0]) reject(`the pair of ${target} does not share one rank: lora_a [${a.join(", ")}], lora_b [${b.join(", ")}]`);
        if (rank != null && a[1] !== rank) reject(`it mixes ranks (${rank} and ${a[1]})`);
        rank = a[1]!;
        pairs++;
        if (base == null) continue;
        const baseShape = base.tensors.get(target);
        if (baseShape == null) reject(`${target} is not a tensor of the base model (it was trained for another base)`);
        const [inFeatures, outFeatures] = baseShape!;
        if (baseShape!.length !== 2 || a[0] !== inFeatures || b[1] !== outFeatures)
            reject(`its shapes do not fit the base model's ${target} [${baseShape!.join(", ")}]: lora_a [${a.join(", ")}], lora_b [${b.join(", ")}] ` +
                `(ggml order; expected lora_a [${inFeatures}, r] and lora_b [r, ${outFeatures}]): it was trained for another base`);
    }
    let sha256: string | null = null;
    if (options.sha256 != null) {
        sha256 = await sha256File(path);
        if (sha256 !== options.sha256.toLowerCase())
            reject(`its sha256 is ${sha256}, but ${options.sha256} was expected (the file changed after it was written)`);
    }
    const alpha = meta.get("adapter.lora.alpha");
    return {path, bytes: file.bytes, sha256, architecture, alpha: typeof alpha === "number" ? alpha : null, rank, pairs};
}
