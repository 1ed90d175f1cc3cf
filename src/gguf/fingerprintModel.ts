import {stat} from "node:fs/promises";
import {sha256File} from "./sha256File.js";

/** What identifies a model file whatever its name or folder: its sha256 and size, recorded in the image. */
export type ModelFingerprint = {sha256: string, bytes: number};

// Hashing a multi-gigabyte model takes seconds: once per file version and process is enough.
const cache = new Map<string, Promise<ModelFingerprint>>();

/** The fingerprint of a model file (sha256 of its bytes, and its size). Cached by path, size and modification time. */
export async function fingerprintModel(file: string): Promise<ModelFingerprint> {
    const info = await stat(file);
    const key = `${file}\0${info.size}\0${info.mtimeMs}`;
    let pending = cache.get(key);
    if (pending == null) {
        pending = sha256File(file).then((sha256) => ({sha256, bytes: info.size}));
        cache.set(key, pending);
        pending.catch(() => cache.delete(key));
    }
    return pending;
}
