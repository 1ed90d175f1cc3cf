import {stat} from "node:fs/promises";
import {AdapterVerificationError} from "./AdapterVerificationError.js";
import {GgufReadError} from "./GgufReadError.js";
import {readGgufHeader} from "./readGgufHeader.js";
import {sha256File} from "./sha256File.js";

/** What a verified adapter is: the facts a swap may rely on. */
export type VerifiedAdapter = {path: string, sha256: string, bytes: number, architecture: string | null,
    alpha: number | null, rank: number | null, pairs: number};

/** Bytes per element of ggml types F32 (0) and F16 (1); other types are not size-checked. */
const elementBytes = new Map<number, bigint>([[0, 4n], [1, 2n]]);

/**
 * Checks a forged artifact before anything may swap to it: the file exists, is a GGUF whose metadata says
 * `general.type = "adapter"` (and `adapter.type = "lora"` when present), holds `.lora_a`/`.lora_b` pairs,
 * is not truncated, and its sha256 is `expectedSha256` (what the forge announced in its `artifact` event).
 * Whether the adapter fits a given base model is llm/'s check (`validateAdapter`), done at swap time.
 * @throws AdapterVerificationError naming the first check that failed.
 */
export async function verifyAdapter(path: string, expectedSha256: string): Promise<VerifiedAdapter> {
    const reject = (reason: string, cause?: unknown): never => {
        throw new AdapterVerificationError(path, reason, cause === undefined ? undefined : {cause});
    };
    const file = await stat(path).catch(() => null);
    if (file == null) return reject("the file does not exist");
    if (!file.isFile()) return reject("it is not a regular file");

    const header = await readGgufHeader(path).catch((error: unknown) =>
        error instanceof GgufReadError ? reject(error.reason, error) : reject(`it cannot be read (${String(error)})`, error));
    const type = header.metadata.get("general.type");
    if (type !== "adapter")
        reject(`general.type is ${JSON.stringify(type ?? null)}, expected "adapter" (a full model or another GGUF, not a LoRA adapter)`);
    const adapterType = header.metadata.get("adapter.type");
    if (adapterType !== undefined && adapterType !== "lora") reject(`adapter.type is ${JSON.stringify(adapterType)}, expected "lora"`);

    if (header.tensors.length === 0) reject("it holds no tensors");
    const names = new Set(header.tensors.map((t) => t.name));
    let needed = header.dataOffset;
    let rank: number | null = null;
    for (const tensor of header.tensors) {
        const half = tensor.name.endsWith(".lora_a") ? "a" : tensor.name.endsWith(".lora_b") ? "b" : null;
        if (half == null) reject(`tensor ${tensor.name} is neither a .lora_a nor a .lora_b`);
        const partner = tensor.name.slice(0, -1) + (half === "a" ? "b" : "a");
        if (!names.has(partner)) reject(`tensor ${tensor.name} has no ${partner.slice(partner.lastIndexOf("."))} partner`);
        // ggml order: lora_a is ne [in, rank], so its second dimension is the rank.
        if (half === "a" && tensor.dimensions.length === 2) rank ??= Number(tensor.dimensions[1]);
        const bytes = elementBytes.get(tensor.ggmlType);
        if (bytes != null) {
            const end = header.dataOffset + tensor.offset + bytes * tensor.dimensions.reduce((n, d) => n * d, 1n);
            if (end > needed) needed = end;
        }
    }
    if (BigInt(file.size) < needed) reject(`it is truncated: ${file.size} bytes, its tensors need ${needed}`);

    const sha256 = await sha256File(path);
    if (sha256 !== expectedSha256.toLowerCase())
        reject(`its sha256 is ${sha256}, but the forge announced ${expectedSha256} (the file changed after it was written)`);

    const architecture = header.metadata.get("general.architecture");
    const alpha = header.metadata.get("adapter.lora.alpha");
    return {path, sha256, bytes: file.size, architecture: typeof architecture === "string" ? architecture : null,
        alpha: typeof alpha === "number" ? alpha : null, rank, pairs: header.tensors.length / 2};
}
