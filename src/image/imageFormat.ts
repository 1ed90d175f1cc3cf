import {createHash} from "node:crypto";
import {decodeBody, encodeBody, type BodyMeta} from "./bodyCodec.js";
import {codec} from "./codec.js";
import {CorruptImageError} from "./CorruptImageError.js";
import {deepFreeze} from "./deepFreeze.js";
import {migrations} from "./migrations.js";
import type {WorldState} from "./WorldState.js";

/**
 * The version of the image file format this code writes. Older versions are migrated on load
 * (migrations.ts); newer ones are refused with a message to upgrade.
 */
export const imageFormatVersion = 1;

const formatName = "living-image";

/**
 * An image file is one JSON document whose header comes first and whose body comes last:
 *
 *     {"format":"living-image","version":1,"generation":7,"savedAt":"…","bodyBytes":N,
 *      "checksum":"<sha256 hex>","body":{"json":…,"meta":…}}
 *
 * Any JSON tool can read it; this reader finds the header without parsing the body, checks the
 * length (truncation) and the checksum over the raw bytes, and parses the body once.
 * The checksum covers the header fields as well as the body, so a flipped digit in
 * `generation` cannot silently make the journal look stale.
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

/** An encoded image, as the buffers to write in order. */
export type EncodedImage = {buffers: Buffer[], bytes: number, header: ImageHeader};

const bodyMarker = Buffer.from(`,"body":`);
// The header is a few hundred bytes; a file whose marker is not in its first 4 KiB has none.
const headerLimit = 4096;

/** Encodes `state` as the buffers of an image file (sync: the state is captured as it is now). */
export function encodeImageBuffers(state: WorldState, generation: number, savedAt = new Date()): EncodedImage {
    const {json, meta} = encodeBody(state);
    const body = [
        Buffer.from(`{"json":`),
        Buffer.from(JSON.stringify(json)),
        Buffer.from(`,"meta":${JSON.stringify(meta)}}`)
    ];
    const bodyBytes = body.reduce((sum, b) => sum + b.length, 0);
    const savedAtText = savedAt.toISOString();
    const hash = createHash("sha256").update(checksumPrefix(imageFormatVersion, generation, savedAtText));
    for (const b of body) hash.update(b);
    const header: ImageHeader = {
        format: formatName, version: imageFormatVersion, generation, savedAt: savedAtText, bodyBytes, checksum: hash.digest("hex")
    };
    const head = Buffer.from(`${JSON.stringify(header).slice(0, -1)},"body":`);
    const tail = Buffer.from("}\n");
    return {buffers: [head, ...body, tail], bytes: head.length + bodyBytes + tail.length, header};
}

/** Encodes `state` as the text of an image file. */
export function encodeImage(state: WorldState, generation = 0): string {
    return Buffer.concat(encodeImageBuffers(state, generation).buffers).toString("utf8");
}

/**
 * Decodes the text of an image file: verifies the checksum, migrates older versions, and returns
 * the frozen state. Throws CorruptImageError (naming `path`) when the text cannot be trusted.
 */
export function decodeImage(text: string, path: string): WorldState {
    return readImageBytes(Buffer.from(text, "utf8"), path).state;
}

/** Verifies and decodes the bytes of an image file. */
export function readImageBytes(bytes: Buffer, path: string): ImageDocument {
    const located = locate(bytes, path);
    if (located.kind === "embedded") {
        const {header, bodyStart} = located;
        const body = bytes.subarray(bodyStart, bodyStart + header.bodyBytes!);
        let parsed: {json?: unknown, meta?: BodyMeta | null};
        try {
            parsed = JSON.parse(body.toString("utf8")) as typeof parsed;
        } catch (error) {
            throw new CorruptImageError({path, reason: "malformed", detail: "the body is not JSON", cause: error});
        }
        return finish(header, () => decodeBody(parsed.json, parsed.meta ?? null), path);
    }
    const {header, body} = located;
    return finish(header, () => codec.parse(body), path);
}

/**
 * Checks that bytes are a complete image whose checksum holds, without decoding the body.
 * What a save uses to decide whether the current file may become the `.bak`.
 */
export function verifyImageBytes(bytes: Buffer, path: string): ImageHeader {
    return locate(bytes, path).header;
}

type Located =
    | {kind: "embedded", header: ImageHeader & {bodyBytes: number}, bodyStart: number}
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
    const hash = createHash("sha256")
        .update(checksumPrefix(header.version, header.generation, header.savedAt))
        .update(bytes.subarray(bodyStart, bodyEnd))
        .digest("hex");
    if (hash !== header.checksum) throw new CorruptImageError({path, reason: "checksum", detail: `sha256 ${hash.slice(0, 12)}…, header says ${header.checksum.slice(0, 12)}…`});
    return {kind: "embedded", header: header as ImageHeader & {bodyBytes: number}, bodyStart};
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
    const hash = createHash("sha256").update(body).digest("hex");
    if (hash !== header.checksum) throw new CorruptImageError({path, reason: "checksum"});
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
    return {header, state: deepFreeze(state)};
}

function checkShape(state: unknown, path: string): asserts state is WorldState {
    const s = state as Partial<Record<keyof WorldState, unknown>> | null;
    const isRecord = (v: unknown) => typeof v === "object" && v !== null && !Array.isArray(v);
    if (!isRecord(s) || !isRecord(s!.personas) || !isRecord(s!.settings) || !Array.isArray(s!.playgroundHistory)) {
        throw new CorruptImageError({path, reason: "malformed", detail: "expected {personas, settings, playgroundHistory}"});
    }
}

function checksumPrefix(version: number, generation: number, savedAt: string): string {
    return version === 0 ? "" : `${formatName}\n${version}\n${generation}\n${savedAt}\n`;
}
