/** A value a flat event holds: JSON carries each exactly (finite numbers other than -0). */
export type FlatValue = string | number | boolean | null;

/**
 * A flat event as the publisher queues it: its values in key order (`at` as milliseconds), and its key list,
 * the same array for every event encoded with the same keys in a row (see `encodeEvent`), so that a batch can
 * tell a run of such events by identity and write the key list once for the run (see `batchBody`).
 * `size` is the characters it takes in a batch body, near enough to cap a batch's size.
 */
export class FlatRow {
    public constructor(
        public readonly keys: readonly string[],
        public readonly values: readonly FlatValue[],
        public readonly size: number
    ) {}
}
