import * as crypto from "node:crypto";

/**
 * The sha256 of a string, as 64 hex digits. crypto.hash (Node 20.12 and later) does it in one call,
 * and answering hex (a string made in C++) is about four times cheaper than answering a Buffer on the
 * short strings of a golden sample, which an import of 100,000 samples hashes twice each; older Node
 * gets the Hash object.
 */
export const sha256Hex: (text: string) => string = typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text).digest("hex");

/**
 * The first four bytes of the sha256 of a string, read as a big-endian unsigned number (what
 * Buffer#readUInt32BE(0) reads from the digest). The digest is answered as "binary" (Latin-1)
 * text, whose character codes are its bytes: a 32-character string instead of 64 hex digits to slice and parse
 * (an import of 100,000 samples asks this of each).
 */
export const sha256First32: (text: string) => number = typeof crypto.hash === "function"
    ? (text) => first32(crypto.hash("sha256", text, "binary"))
    : (text) => first32(crypto.createHash("sha256").update(text).digest("binary"));

function first32(bytes: string): number {
    return bytes.charCodeAt(0) * 0x100_0000 + (bytes.charCodeAt(1) << 16 | bytes.charCodeAt(2) << 8 | bytes.charCodeAt(3));
}
