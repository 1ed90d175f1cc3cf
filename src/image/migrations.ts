/**
 * Image format migrations: entry `n` turns the decoded state of a version-`n` image into the state
 * of version `n + 1`. They run in order from the file's version to `imageFormatVersion`, on plain
 * data, before the state is frozen. A migration throws to refuse (the image is then reported as
 * malformed, never half-migrated).
 *
 * Version history
 * - 0: the envelope's `body` was the codec string of the whole state (slow to save: SuperJSON walks
 *      every sample) and its checksum the sha256 of that string; there was no `playgroundHistory`.
 * - 1: the body is embedded JSON with a meta tree (see bodyCodec.ts) that repeats the header fields,
 *      the checksum is the sha256 of that body, and the image keeps the Playground history.
 * - 2: every persona has `subscriptions` (bus event name → handler block source).
 * - 3: every persona has `baseModelFingerprint` ({sha256, bytes} of its base model file, or null), so a model
 *      that moved can be recognised in the models search path and a missing one named by its sha256.
 */
export const migrations: Readonly<Record<number, (old: unknown) => unknown>> = {
    0: (old) => {
        const state = asRecord(old, "the v0 state");
        // v0 images never had a Playground history; an empty one is what a fresh v1 image starts with.
        return {...state, playgroundHistory: Array.isArray(state["playgroundHistory"]) ? state["playgroundHistory"] : []};
    },
    1: (old) => {
        const state = asRecord(old, "the v1 state");
        const personas = asRecord(state["personas"], "the v1 personas");
        // v1 personas could not subscribe to bus events; they start with none.
        return {
            ...state,
            personas: Object.fromEntries(Object.entries(personas).map(([id, persona]) =>
                [id, {subscriptions: {}, ...asRecord(persona, `persona ${id}`)}]))
        };
    },
    2: (old) => {
        const state = asRecord(old, "the v2 state");
        const personas = asRecord(state["personas"], "the v2 personas");
        // A migration cannot read the model files (they may be elsewhere, or absent): the fingerprint is
        // recorded when the runtime first finds the file.
        return {
            ...state,
            personas: Object.fromEntries(Object.entries(personas).map(([id, persona]) =>
                [id, {baseModelFingerprint: null, ...asRecord(persona, `persona ${id}`)}]))
        };
    }
};

function asRecord(value: unknown, what: string): Record<string, unknown> {
    if (typeof value !== "object" || value === null || Array.isArray(value)) throw new TypeError(`${what} is not an object`);
    return value as Record<string, unknown>;
}
