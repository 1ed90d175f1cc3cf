import {createHash} from "node:crypto";
import {decodeBody, encodeBody, type BodyMeta} from "./bodyCodec.js";
import {codec} from "./codec.js";
import {checkWorldShape} from "./checkWorldShape.js";
import {CorruptImageError} from "./CorruptImageError.js";
import {deepFreeze} from "./deepFreeze.js";
import {migrations} from "./migrations.js";
import {stringifyInPieces} from "./stringifyInPieces.js";
import type {WorldState} from "./WorldState.js";
import {wrapGoldenDatasets} from "./wrapGoldenDatasets.js";

/**
 * The version of the image file format this code writes. Older versions are migrated on load
 * (migrations.ts); newer ones are refused with a message to upgrade.
 */
export const imageFormatVersion = 3;

const formatName = "living-image";

/**
 * An image file is one JSON document whose header comes first and whose body comes last:
 *
 *     {"format":"living-image","version":3,"generation":7,"savedAt":"…","bodyBytes":N,
 *      "checksum":"<sha256 hex of the body>",   <spaces to 256 bytes>   "body":
 *      {"version":3,"generation":7,"savedAt":"…","json":…,"meta":…}}
 *
 * Any JSON tool can read it; this reader finds the header without parsing the body, checks the
 * length (truncation) and the sha256 of the raw body bytes, and parses the body once. The body
 * repeats version, generation and savedAt, and they must match the header: so the checksum covers
 * them too, and a flipped digit in `generation` cannot make the journal look stale.
 */
export type ImageHeader = {
    format: typeof formatName,
    version: number,
    /** Increases with every save of this image; journal lines carry the generation they follow. */
    generation: number,
    savedAt: string,
    bodyBytes?: number,
    checksum: string
};

/** A decoded image file: its header and its state, migrated to the current version and frozen. */
export type ImageDocument = {header: ImageHeader, state: WorldState};

/**
 * An encoded image whose bytes are not made yet: `body()` answers the text of the body (with its closing
 * brace) in pieces, to be written as UTF-8 at offset `headerBytes` and hashed on the way, then `tail`;
 * `header()`, given the body's length and sha256, answers the header for offset 0. A save streams the
 * body through small buffers (writeTextPieces) instead of holding the whole file in memory twice.
 * The state is captured when the image is encoded: it is immutable, so the pieces made later are its text.
 */
export type EncodedImage = {
    headerBytes: number,
    body: () => Iterable<string>,
    tail: string,
    header: (bodyBytes: number, checksum: string) => Buffer
};

const bodyMarker = Buffer.from(`,"body":`);
// The header is a few hundred bytes; a file whose marker is not in its first 4 KiB has none.
const headerLimit = 4096;

// The header is padded to this size (JSON allows the spaces), so it can be written last.
const paddedHeaderBytes = 256;

/** Encodes `state` as an image file to be streamed (sync: the state is captured as it is now). */
export function encodeImageParts(state: WorldState, generation: number, savedAt = new Date()): EncodedImage {
    const {json, meta} = encodeBody(state);
    const savedAtText = savedAt.toISOString();
    return {
        headerBytes: paddedHeaderBytes,
        body: function* () {
            yield `{"version":${imageFormatVersion},"generation":${generation},"savedAt":${JSON.stringify(savedAtText)},"json":`;
            yield* stringifyInPieces(json);
            yield `,"meta":${JSON.stringify(meta)}}`;
        },
        tail: "}\n",
        header: (bodyBytes, checksum) => {
            const header: ImageHeader = {format: formatName, version: imageFormatVersion, generation, savedAt: savedAtText, bodyBytes, checksum};
            const fields = JSON.stringify(header).slice(0, -1);
            // ~190 bytes with 16-digit numbers; the guard keeps a header from ever overwriting the body.
            if (fields.length > paddedHeaderBytes - bodyMarker.length) throw new RangeError(`image header too long: ${fields}`);
            return Buffer.from(`${fields.padEnd(paddedHeaderBytes - bodyMarker.length)},"body":`);
        }
    };
}

/** Encodes `state` as the bytes of an image file, whole (small images, tests, tools; a save streams them). */
export function encodeImageBytes(state: WorldState, generation = 0, savedAt = new Date()): Buffer {
    const encoded = encodeImageParts(state, generation, savedAt);
    const body = Buffer.from([...encoded.body()].join(""), "utf8");
    const header = encoded.header(body.length, createHash("sha256").update(body).digest("hex"));
    return Buffer.concat([header, body, Buffer.from(encoded.tail)]);
}

/** Encodes `state` as the text of an image file. */
export function encodeImage(state: WorldState, generation = 0): string {
    return encodeImageBytes(state, generation).toString("utf8");
}

/**
 * Decodes the text of an image file: verifies the checksum, migrates older versions, and returns
 * the frozen state. Throws CorruptImageError (naming `path`) when the text cannot be trusted.
 */
export function decodeImage(text: string, path: string): WorldState {
    return readImageBytes(Buffer.from(text, "utf8"), path).state;
}

/** The sha256 of `bytes[start, end)`, computed while the file was read. */
export type BodyDigest = {start: number, end: number, hex: string};

/**
 * Verifies and decodes the bytes of an image file. `digest`, when it covers exactly the body that
 * the header announces, saves hashing it again.
 */
export function readImageBytes(bytes: Buffer, path: string, digest?: BodyDigest | null): ImageDocument {
    const located = locate(bytes, path);
    if (located.kind === "string") return finish(located.header, () => codec.parse(located.body), path);
    const start = located.body.byteOffset - bytes.byteOffset;
    const known = digest != null && digest.start === start && digest.end === start + located.body.length;
    checkDigest(located, known ? digest.hex : sha256(located.body), path);
    return decodeEmbedded(located, parseBody(located.body, path), path);
}

/**
 * Checks that bytes are a complete image whose checksum holds, without decoding the body.
 * What a save uses to decide whether the current file may become the `.bak`.
 */
export function verifyImageBytes(bytes: Buffer, path: string): ImageHeader {
    const located = locate(bytes, path);
    if (located.kind === "embedded") checkDigest(located, sha256(located.body), path);
    return located.header;
}

/**
 * Where the body of an image lies, from the first bytes of the file alone, or null when they do
 * not show it (an older layout, a damaged header: `readImageBytes` then says what is wrong).
 */
export function peekBodyRange(prefix: Buffer): {start: number, end: number} | null {
    const marker = prefix.subarray(0, headerLimit).indexOf(bodyMarker);
    if (marker < 0) return null;
    try {
        const header = JSON.parse(`${prefix.toString("utf8", 0, marker)}}`) as Partial<ImageHeader>;
        if (!Number.isInteger(header.bodyBytes)) return null;
        const start = marker + bodyMarker.length;
        return {start, end: start + header.bodyBytes!};
    } catch {
        return null;
    }
}

type Located =
    | {kind: "embedded", header: ImageHeader & {bodyBytes: number}, body: Buffer}
    | {kind: "string", header: ImageHeader, body: string};

function locate(bytes: Buffer, path: string): Located {
    if (bytes.length === 0) throw new CorruptImageError({path, reason: "empty"});
    const marker = bytes.subarray(0, headerLimit).indexOf(bodyMarker);
    if (marker < 0) return locateWhole(bytes, path);
    let header: ImageHeader;
    try {
        header = JSON.parse(`${bytes.toString("utf8", 0, marker)}}`) as ImageHeader;
    } catch (error) {
        throw new CorruptImageError({path, reason: "unreadable", detail: "the header is not JSON", cause: error});
    }
    checkHeader(header, path);
    if (header.bodyBytes === undefined) return locateWhole(bytes, path);
    const bodyStart = marker + bodyMarker.length;
    const bodyEnd = bodyStart + header.bodyBytes;
    if (bytes.length < bodyEnd + 1) {
        throw new CorruptImageError({
            path, reason: "truncated", detail: `${bytes.length} bytes of ${bodyEnd + 2} were written`
        });
    }
    if (bytes[bodyEnd] !== 0x7d /* } */ || bytes.subarray(bodyEnd + 1).toString("latin1").trim() !== "") {
        throw new CorruptImageError({path, reason: "checksum", detail: "the body is not where its length says"});
    }
    return {kind: "embedded", header: header as ImageHeader & {bodyBytes: number}, body: bytes.subarray(bodyStart, bodyEnd)};
}

type ParsedBody = {version?: unknown, generation?: unknown, savedAt?: unknown, json?: unknown, meta?: BodyMeta | null};

function parseBody(body: Buffer, path: string): ParsedBody {
    try {
        return JSON.parse(body.toString("utf8")) as ParsedBody;
    } catch (error) {
        throw new CorruptImageError({path, reason: "malformed", detail: "the body is not JSON", cause: error});
    }
}

function checkDigest(located: {header: ImageHeader}, hash: string, path: string): void {
    const expected = located.header.checksum;
    if (hash !== expected) {
        throw new CorruptImageError({path, reason: "checksum", detail: `sha256 ${hash.slice(0, 12)}…, header says ${expected.slice(0, 12)}…`});
    }
}

function decodeEmbedded(located: {header: ImageHeader}, parsed: ParsedBody, path: string): ImageDocument {
    const {header} = located;
    if (parsed.version !== header.version || parsed.generation !== header.generation || parsed.savedAt !== header.savedAt) {
        throw new CorruptImageError({path, reason: "checksum", detail: "the header does not match the checksummed copy in the body"});
    }
    return finish(header, () => decodeBody(parsed.json, parsed.meta ?? null), path);
}

function sha256(bytes: Buffer | string): string {
    return createHash("sha256").update(bytes).digest("hex");
}

/** The layout of version 0 (and of a hand-made document): parse it whole, the body is a string. */
function locateWhole(bytes: Buffer, path: string): Located {
    const text = bytes.toString("utf8");
    let document: Record<string, unknown>;
    try {
        document = JSON.parse(text) as Record<string, unknown>;
    } catch (error) {
        const looksLikeImage = text.startsWith(`{"format":"${formatName}"`);
        throw new CorruptImageError({
            path, reason: looksLikeImage ? "truncated" : "unreadable",
            detail: looksLikeImage ? "the document ends early" : "not a Living Image document", cause: error
        });
    }
    const {body, ...header} = document;
    checkHeader(header, path);
    if (typeof body !== "string") throw new CorruptImageError({path, reason: "unreadable", detail: "the body is missing"});
    checkDigest({header}, sha256(body), path);
    return {kind: "string", header, body};
}

function checkHeader(header: unknown, path: string): asserts header is ImageHeader {
    const h = header as Partial<ImageHeader> | null;
    if (typeof h !== "object" || h === null || h.format !== formatName) {
        throw new CorruptImageError({path, reason: "unreadable", detail: `format is not "${formatName}"`});
    }
    if (!Number.isInteger(h.version) || !Number.isInteger(h.generation) || typeof h.savedAt !== "string" ||
        typeof h.checksum !== "string" || (h.bodyBytes !== undefined && !Number.isInteger(h.bodyBytes))) {
        throw new CorruptImageError({path, reason: "unreadable", detail: "the header fields are damaged"});
    }
    if (h.version! > imageFormatVersion) {
        throw new CorruptImageError({
            path, reason: "unsupported-version", detail: `format v${h.version}; this version reads up to v${imageFormatVersion}`
        });
    }
}

function finish(header: ImageHeader, decode: () => unknown, path: string): ImageDocument {
    let state: unknown;
    try {
        state = decode();
        for (let version = header.version; version < imageFormatVersion; version++) {
            const migrate = migrations[version];
            if (migrate === undefined) throw new Error(`no migration from format v${version}`);
            state = migrate(state);
        }
    } catch (error) {
        if (error instanceof CorruptImageError) throw error;
        throw new CorruptImageError({path, reason: "malformed", detail: (error as Error).message, cause: error});
    }
    checkShape(state, path);
    return {header, state: wrapGoldenDatasets(deepFreeze(state))};
}

function checkShape(state: unknown, path: string): asserts state is WorldState {
    const problem = checkWorldShape(state);
    if (problem !== null) throw new CorruptImageError({path, reason: "malformed", detail: problem});
}
