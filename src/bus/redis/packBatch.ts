import {batchBody} from "./batchBody.js";
import type {EncodedEvent} from "./encodeEvent.js";

/** The value of field `f` in a batch entry: the batch format and its version (`b2`: runs of flat events, see `batchBody`). */
export const batchFormat = "b2";

/** The first batch format, an element per event and no runs: still read, so that a stream written before `b2` is consumed. */
export const firstBatchFormat = "b1";

/**
 * The fields of one stream entry holding a batch of events: `f` the format, `id` the batch's own id,
 * `n` how many events, `b` the events (see `batchBody`). The id lets a consumer group recognise a batch
 * appended twice (a publisher resends a batch whose reply it lost, byte for byte) and record a batch, or
 * the events of it already handled, as done.
 */
export function packBatch(batchId: string, events: readonly EncodedEvent[]): string[] {
    return ["f", batchFormat, "id", batchId, "n", String(events.length), "b", batchBody(events)];
}
