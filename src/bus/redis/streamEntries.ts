/** One stream entry as ioredis returns it: the entry id and its flat field/value list. */
export type StreamEntry = [id: string, fields: string[]];

/** The entries of the one stream in an XREAD/XREADGROUP reply (null when the block timed out). */
export function entriesOf(reply: unknown): StreamEntry[] {
    if (!Array.isArray(reply)) return [];
    const first: unknown = reply[0];
    if (!Array.isArray(first) || !Array.isArray(first[1])) return [];
    return (first[1] as unknown[]).filter(isEntry);
}

/** Like `entriesOf`, keeping entries whose fields are nil (trimmed from the stream while pending). */
export function rawEntriesOf(reply: unknown): unknown[][] {
    if (!Array.isArray(reply)) return [];
    const first: unknown = reply[0];
    if (!Array.isArray(first) || !Array.isArray(first[1])) return [];
    return (first[1] as unknown[]).filter((row): row is unknown[] => Array.isArray(row) && typeof row[0] === "string");
}

/** Redis 6.2 answers XAUTOCLAIM with nil for entries deleted by trimming; those are skipped. */
export function isEntry(value: unknown): value is StreamEntry {
    return Array.isArray(value) && typeof value[0] === "string" && Array.isArray(value[1]);
}

export function fieldValue(fields: string[], name: string): string | undefined {
    for (let index = 0; index + 1 < fields.length; index += 2) if (fields[index] === name) return fields[index + 1];
    return undefined;
}
