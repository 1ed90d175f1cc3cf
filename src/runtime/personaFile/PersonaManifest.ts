/**
 * The manifest of a persona file (docs/persona-file.md): the first member of the archive, `manifest.json`.
 * It says what every other member is, with its size and sha256, so a reader checks the whole file
 * before it changes anything.
 */
export const personaFileFormat = "living-image-persona";

/** The version this code writes and the only one it reads. A newer file asks for a newer Living Image. */
export const personaFileVersion = 1;

/** Where the non-JSON values of a member are (the image's body meta: Dates, Maps…), or null. */
export type MemberMeta = unknown;

export type ManifestMember = {
    path: string,
    bytes: number,
    sha256: string,
    kind: "record" | "records" | "adapter" | "model",
    /** records: the persona field this JSONL member holds, one element a line. */
    field?: string,
    /** records: how many lines (elements). */
    records?: number,
    /** record and records: where the values JSON cannot carry are (image body meta), null when none. */
    meta?: MemberMeta
};

/** A GGUF file the persona names: its base model, or an adapter. */
export type ManifestFile = {
    /** The path as the persona's record holds it (relative to its image), or a URI. */
    stored: string,
    fileName: string | null,
    bytes: number | null,
    sha256: string | null,
    architecture: string | null,
    /** `general.name` of the file, when it has one. */
    name?: string | null,
    /** Where the model came from (`general.source.url` or the stored URI), when known. */
    source?: string | null,
    /** The member holding the file's bytes, or null when only referenced. */
    member: string | null
};

export type PersonaManifest = {
    format: typeof personaFileFormat,
    version: number,
    exportedAt: string,
    /** The Living Image version that wrote the file. */
    writer: string,
    persona: {
        name: string,
        personaId: string,
        /** The record's fields, in order: each is in `persona.json` or is a `records` member. */
        fields: string[]
    },
    /** The persona it delegated to in its image (that persona is not in the file). */
    parent: {personaId: string, name: string | null} | null,
    /**
     * The other personas of its image that it names by id (its parent, a slot holding a persona, its lineage):
     * an import points each at the persona of the same name in the new image, when there is one.
     */
    personas: {personaId: string, name: string}[],
    /** The base model: referenced, copied only with --with-model. */
    model: ManifestFile | null,
    /** Other models the persona names (its lineage): referenced, never copied. */
    otherModels: ManifestFile[],
    adapters: ManifestFile[],
    members: ManifestMember[],
    /** sha256 of this manifest's JSON (2-space indent) without this field: the manifest is checked too. */
    checksum: string
};

/** Member paths the writer uses and the reader accepts: short, ASCII, no climbing, no absolute path. */
export const memberPathPattern = /^(?:[A-Za-z0-9][A-Za-z0-9._-]{0,80})(?:\/[A-Za-z0-9][A-Za-z0-9._-]{0,80})?$/;

/** Limits a reader holds a file to, before anything is decoded or written. */
export const personaFileLimits = {
    /** The manifest is small: a megabyte holds thousands of members. */
    manifestBytes: 64 * 1024 * 1024,
    /** Members of one archive. */
    members: 10_000,
    /** persona.json is parsed as one string: below V8's limit on a string's length (about 512 MiB). */
    personaBytes: 256 * 1024 * 1024,
    /** One JSONL member (read whole, decoded in slices below V8's string limit). */
    recordBytes: 1024 * 1024 * 1024,
    /** All JSON members together: what is held in memory at once while they are checked and decoded. */
    totalRecordBytes: 2 * 1024 * 1024 * 1024,
    /** One line of a JSONL member (one scrapbook entry, one sample). */
    lineBytes: 256 * 1024 * 1024
} as const;
