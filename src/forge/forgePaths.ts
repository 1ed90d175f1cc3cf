import {isAbsolute, resolve} from "node:path";
import {fileURLToPath} from "node:url";

/** The repository root: this file sits in src/forge/ (or dist/forge/ once built). */
export const repoRoot = fileURLToPath(new URL("../../", import.meta.url));

/** Where the Python forge package lives unless a caller says otherwise. */
export const defaultForgeDir = resolve(repoRoot, "forge-py");

/**
 * A path from a job made absolute against `base`, because the forge runs with forge-py/ as its working
 * directory. URIs such as `hf:owner/model` are left as they are.
 */
export function absolutePath(path: string, base = process.cwd()): string {
    if (/^[a-z][a-z0-9+.-]+:/i.test(path) && !/^[a-z]:[\\/]/i.test(path)) return path;
    return isAbsolute(path) ? path : resolve(base, path);
}
