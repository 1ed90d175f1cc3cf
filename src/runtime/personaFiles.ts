import {stat} from "node:fs/promises";
import path from "node:path";
import {fingerprintModel, isModelUri, locateModelFile} from "../gguf/index.js";
import type {ModelFingerprint} from "../gguf/index.js";
import type {PersonaRecord} from "../objects/index.js";
import {PersonaFileMissingError} from "./PersonaFileMissingError.js";

/** Where a runtime looks for files its image names: the image itself, and the `--models` folders. */
export type FileContext = {imagePath: string, modelDirs: readonly string[]};

/**
 * The file a persona's base model or adapter is in: where the image says, else found by name on the
 * models search path (the base model only if its recorded size matches). A URI or engine tag is answered
 * as it is. Null when the persona has none. Throws PersonaFileMissingError when the file is nowhere.
 */
export function locatePersonaFile(record: PersonaRecord, what: "model" | "adapter", context: FileContext): string | null {
    const stored = what === "model" ? record.baseModelPath : record.activeAdapterPath;
    if (stored == null || isModelUri(stored)) return stored;
    const fingerprint = what === "model" ? record.baseModelFingerprint : null;
    const search = locateModelFile(stored, {imageDir: path.dirname(context.imagePath), extraDirs: context.modelDirs, fingerprint});
    if (search.found != null) return search.found.path;
    throw new PersonaFileMissingError({persona: record.name, what, stored, fingerprint, searched: search.searched, imagePath: context.imagePath});
}

/** A stored path, located if it can be; otherwise resolved against the image's folder as it stands. */
export function resolveStoredPath(stored: string, context: FileContext): string {
    if (isModelUri(stored)) return stored;
    const imageDir = path.dirname(context.imagePath);
    return locateModelFile(stored, {imageDir, extraDirs: context.modelDirs}).found?.path ?? path.resolve(imageDir, stored);
}

/** The fingerprint of a local model file, or null for a URI, a tag or a file that cannot be found. */
export async function fingerprintIfLocal(stored: string, context: FileContext): Promise<ModelFingerprint | null> {
    if (isModelUri(stored)) return null;
    const file = resolveStoredPath(stored, context);
    if ((await stat(file).catch(() => null))?.isFile() !== true) return null;
    return fingerprintModel(file);
}

/** How the image stores a file chosen by the user: relative to the image when it is inside the image's folder, else absolute. */
export function storedPathFor(file: string, imagePath: string): string {
    const relative = path.relative(path.dirname(path.resolve(imagePath)), path.resolve(file));
    return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative.split(path.sep).join("/");
}
