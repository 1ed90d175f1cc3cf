import {statSync} from "node:fs";
import path from "node:path";
import type {ModelFingerprint} from "./fingerprintModel.js";
import {modelSearchPath, type ModelSearchOptions, type ModelSearchSource} from "./modelSearchPath.js";

/** Where a stored model path was found: as stored, or in a search folder. */
export type LocatedModelFile = {path: string, via: "as stored" | ModelSearchSource};

/** One place looked at, and why it did not do. */
export type SearchedPlace = {path: string, via: LocatedModelFile["via"], outcome: "absent" | "not a file" | "a different file (size differs)"};

export type ModelFileSearch = {found: LocatedModelFile | null, searched: SearchedPlace[]};

/**
 * True when a stored model reference is a URI or engine tag (`hf:…`, `https://…`, `llama3:8b`) rather than a
 * file path: such a reference is handed to the engine as it is, never searched for.
 */
export function isModelUri(stored: string): boolean {
    return /^[a-z][a-z0-9+.-]+:/i.test(stored) && !/^[a-z]:[\\/]/i.test(stored);
}

/**
 * Finds the file an image names. First where the image says (a relative path is relative to the image's
 * folder), then by file name in each folder of the models search path (modelSearchPath). When the image
 * recorded the file's fingerprint, a file of the same name but another size is passed over: it is another
 * model. Synchronous (a few stat calls) so every layer that resolves a path can use it.
 */
export function locateModelFile(stored: string, options: ModelSearchOptions & {fingerprint?: ModelFingerprint | null} = {}): ModelFileSearch {
    const searched: SearchedPlace[] = [];
    const asStored = path.resolve(options.imageDir ?? process.cwd(), stored);
    const kind = kindOf(asStored);
    if (kind === "file") return {found: {path: asStored, via: "as stored"}, searched};
    searched.push({path: asStored, via: "as stored", outcome: kind === "absent" ? "absent" : "not a file"});
    const name = path.basename(stored);
    for (const {dir, source} of modelSearchPath(options)) {
        const candidate = path.join(dir, name);
        if (candidate === asStored) continue;
        const found = kindOf(candidate);
        if (found === "file" && options.fingerprint != null && statSync(candidate).size !== options.fingerprint.bytes) {
            searched.push({path: candidate, via: source, outcome: "a different file (size differs)"});
            continue;
        }
        if (found === "file") return {found: {path: candidate, via: source}, searched};
        searched.push({path: candidate, via: source, outcome: found === "absent" ? "absent" : "not a file"});
    }
    return {found: null, searched};
}

function kindOf(file: string): "file" | "absent" | "other" {
    const info = statSync(file, {throwIfNoEntry: false});
    return info == null ? "absent" : info.isFile() ? "file" : "other";
}
