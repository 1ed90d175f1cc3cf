import {stat} from "node:fs/promises";
import {GgufReadError} from "./GgufReadError.js";
import {ggmlTypeName, tensorBytes} from "./ggmlTypes.js";
import {readGgufHeader, type GgufHeader} from "./readGgufHeader.js";

/** A GGUF file whose header was read and whose every tensor lies inside the file. */
export type GgufFile = {path: string, bytes: number, header: GgufHeader};

/**
 * Reads a GGUF file's header and checks the whole file against it: every tensor of a type ggml's table
 * knows (see ggmlTypes) must end inside the file, so a file cut short anywhere is found before anything
 * loads it. Tensors of a type unknown here are not size-checked.
 * @throws GgufReadError when it is not a regular file, not a GGUF, or truncated; a system error (ENOENT…)
 *   when it cannot be opened.
 */
export async function readGgufFile(path: string, options: {maxArrayElements?: number} = {}): Promise<GgufFile> {
    const info = await stat(path);
    if (!info.isFile()) throw new GgufReadError(path, "it is not a regular file");
    const header = await readGgufHeader(path, {maxArrayElements: options.maxArrayElements ?? 0});
    let needed = header.dataOffset;
    for (const tensor of header.tensors) {
        const bytes = tensorBytes(tensor.ggmlType, tensor.dimensions);
        if (bytes == null) continue;
        const end = header.dataOffset + tensor.offset + bytes;
        if (end > needed) needed = end;
    }
    if (BigInt(info.size) < needed)
        throw new GgufReadError(path, `it is truncated: it has ${info.size} bytes and its tensors need ${needed}`);
    return {path, bytes: info.size, header};
}

/** The ggml type that holds most of a file's tensor bytes ("Q4_K"), for files that do not say their quantization. */
export function dominantType(header: GgufHeader): string | null {
    const byType = new Map<number, bigint>();
    for (const tensor of header.tensors) {
        const bytes = tensorBytes(tensor.ggmlType, tensor.dimensions) ?? 0n;
        byType.set(tensor.ggmlType, (byType.get(tensor.ggmlType) ?? 0n) + bytes);
    }
    let best: [number, bigint] | null = null;
    for (const entry of byType) if (best == null || entry[1] > best[1]) best = entry;
    return best == null ? null : ggmlTypeName(best[0]);
}
