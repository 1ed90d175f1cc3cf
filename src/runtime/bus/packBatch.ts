/** The value of field `f` in a batch entry: the batch format and its version. */
export const batchFormat = "b1";

/**
 * The fields of one stream entry holding a batch of encoded events (lines from `encodeEvent`):
 * `f` the format, `id` the batch's own id, `n` how many events, `b` the lines joined by "\n".
 * The id lets a consumer group recognise a batch appended twice (a publisher resends a batch
 * whose reply it lost, byte for byte) and mark a batch, or events of it, as handled.
 */
export function packBatch(batchId: string, lines: readonly string[]): string[] {
    return ["f", batchFormat, "id", batchId, "n", String(lines.length), "b", lines.join("\n")];
}
