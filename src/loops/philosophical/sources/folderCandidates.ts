import {readdir} from "node:fs/promises";
import path from "node:path";
import type {SourceResult} from "../Candidate.js";

/**
 * The `.gguf` files of a folder (not recursive), sorted by name. A folder that does not exist gives none and no
 * problem (the user models folder often does not); one that cannot be read says why.
 */
export async function folderCandidates(folder: string): Promise<SourceResult> {
    const origin = path.resolve(folder);
    let names: string[];
    try {
        const entries = await readdir(origin, {withFileTypes: true});
        names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.toLowerCase().endsWith(".gguf")).map((e) => e.name).sort();
    } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        if (code === "ENOENT" || code === "ENOTDIR") return {candidates: [], report: {source: "folder", origin, found: 0, problem: null}};
        return {candidates: [], report: {source: "folder", origin, found: 0, problem: `the folder cannot be read (${code ?? (error as Error).message})`}};
    }
    const candidates = names.map((name) => {
        const file = path.join(origin, name);
        return {id: `folder:${file}`, source: "folder" as const, locator: file, label: name, path: file, origin};
    });
    return {candidates, report: {source: "folder", origin, found: candidates.length, problem: null}};
}
