/**
 * Orders two Redis stream ids ("<ms>-<seq>"). Ids are compared as number pairs, never as strings:
 * "9-0" comes before "10-0".
 */
export function compareStreamIds(a: string, b: string): number {
    const [aMs = 0n, aSeq = 0n] = a.split("-").map((part) => BigInt(part));
    const [bMs = 0n, bSeq = 0n] = b.split("-").map((part) => BigInt(part));
    if (aMs !== bMs) return aMs < bMs ? -1 : 1;
    if (aSeq !== bSeq) return aSeq < bSeq ? -1 : 1;
    return 0;
}
