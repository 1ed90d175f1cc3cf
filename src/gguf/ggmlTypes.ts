/**
 * ggml's tensor types as GGUF numbers them, with the block layout llama.cpp uses: a tensor of `n`
 * elements of a type takes `n / blockSize * typeSize` bytes. From ggml's `type_traits` table; a type
 * added to ggml later is unknown here, and a file using it is checked without its size.
 */
export type GgmlTypeInfo = {name: string, blockSize: number, typeSize: number};

const table: [number, string, number, number][] = [
    [0, "F32", 1, 4], [1, "F16", 1, 2], [2, "Q4_0", 32, 18], [3, "Q4_1", 32, 20], [6, "Q5_0", 32, 22], [7, "Q5_1", 32, 24],
    [8, "Q8_0", 32, 34], [9, "Q8_1", 32, 36], [10, "Q2_K", 256, 84], [11, "Q3_K", 256, 110], [12, "Q4_K", 256, 144],
    [13, "Q5_K", 256, 176], [14, "Q6_K", 256, 210], [15, "Q8_K", 256, 292], [16, "IQ2_XXS", 256, 66], [17, "IQ2_XS", 256, 74],
    [18, "IQ3_XXS", 256, 98], [19, "IQ1_S", 256, 50], [20, "IQ4_NL", 32, 18], [21, "IQ3_S", 256, 110], [22, "IQ2_S", 256, 82],
    [23, "IQ4_XS", 256, 136], [24, "I8", 1, 1], [25, "I16", 1, 2], [26, "I32", 1, 4], [27, "I64", 1, 8], [28, "F64", 1, 8],
    [29, "IQ1_M", 256, 56], [30, "BF16", 1, 2], [34, "TQ1_0", 256, 54], [35, "TQ2_0", 256, 66], [39, "MXFP4", 32, 17]
];

export const ggmlTypes: ReadonlyMap<number, GgmlTypeInfo> = new Map(table.map(([id, name, blockSize, typeSize]) => [id, {name, blockSize, typeSize}]));

/** The name of a ggml type number ("Q4_K"), or `type N` for one this table does not know. */
export function ggmlTypeName(type: number): string {
    return ggmlTypes.get(type)?.name ?? `type ${type}`;
}

/**
 * The bytes a tensor of `type` and ggml dimensions `dimensions` takes, or null for a type this table does
 * not know. A first dimension that is not a whole number of blocks cannot be stored: that answers null too.
 */
export function tensorBytes(type: number, dimensions: readonly bigint[]): bigint | null {
    const info = ggmlTypes.get(type);
    if (info == null) return null;
    const first = dimensions[0] ?? 1n;
    if (first % BigInt(info.blockSize) !== 0n) return null;
    const elements = dimensions.reduce((n, d) => n * d, 1n);
    return elements / BigInt(info.blockSize) * BigInt(info.typeSize);
}
