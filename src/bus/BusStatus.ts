/**
 * What a bus back end says about itself through `onStatus`: the connection, the publish buffer,
 * and consumers that had to skip or set aside an event. The CLI prints these with `describeBusStatus`.
 */
export type BusStatus =
    | {state: "connected", url: string}
    | {state: "disconnected", url: string, error: string}
    /** Publishing failed; `buffered` events wait in memory and are retried in order. */
    | {state: "buffering", buffered: number, error: string, retryInMs: number}
    /** The buffer was drained after a failure: `resent` events reached Redis late, none lost. */
    | {state: "drained", resent: number}
    /** The buffer was full: the oldest `dropped` events were given up (in all, since the bus started). */
    | {state: "dropped", dropped: number, limit: number}
    | {state: "consumerError", group: string | null, consumer: string, error: string, retryInMs: number}
    | {state: "deadLettered", group: string, streamId: string, reason: string}
    /** `publish` was given an event the image codec cannot encode; it was not sent. */
    | {state: "unencodable", eventId: string, type: string, error: string}
    /** A subscription could not start: the server refused to create its group or read the stream. */
    | {state: "subscribeFailed", group: string | null, error: string}
    /** A broadcast (non-group) subscriber skipped an event it could not decode. */
    | {state: "invalidEvent", streamId: string, reason: string};
