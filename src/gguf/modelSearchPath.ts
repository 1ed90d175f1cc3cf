import {homedir} from "node:os";
import path from "node:path";
import {fileURLToPath} from "node:url";

/** The environment variable that adds folders to the models search path: a path list, `:`-separated (`;` on Windows). */
export const modelsPathVariable = "LIVING_IMAGE_MODELS";

/** The project's own models/ folder: this file sits in src/gguf/ (or dist/gguf/ once built). */
export const projectModelsDir = fileURLToPath(new URL("../../models", import.meta.url));

/** The embedded model, made by `forge genesis` and shipped in the project's models/: always on the search path. */
export const embeddedModelName = "living-image-genesis.gguf";

/** Why a folder is on the search path, as the error and `model locate` show it. */
export type ModelSearchSource = "--models" | typeof modelsPathVariable | "the image's folder" | "the image's models/"
    | "the user models folder" | "the project's models/";

export type ModelSearchDir = {dir: string, source: ModelSearchSource};

export type ModelSearchOptions = {
    /** The folder of the image that names the file; relative stored paths are relative to it. */
    imageDir?: string | null,
    /** Folders given on the command line (`--models DIR`), searched first. */
    extraDirs?: readonly string[],
    /** Default: process.env. */
    env?: Readonly<Record<string, string | undefined>>
};

/**
 * The user's own models folder: `$XDG_DATA_HOME/living-image/models`, or
 * `~/.local/share/living-image/models` when XDG_DATA_HOME is unset (the XDG base-directory default).
 * A relative XDG_DATA_HOME is ignored, as the XDG specification asks.
 */
export function userModelsDir(env: Readonly<Record<string, string | undefined>> = process.env): string {
    const xdg = env["XDG_DATA_HOME"];
    const dataHome = xdg != null && path.isAbsolute(xdg) ? xdg : path.join(env["HOME"] ?? homedir(), ".local", "share");
    return path.join(dataHome, "living-image", "models");
}

/**
 * The folders where a model (or adapter) that is not where its image says is looked for, in order:
 * `--models` folders, LIVING_IMAGE_MODELS, the image's folder and its models/, the user models folder,
 * and the project's models/ (so the embedded model is always found). Each folder once, absolute.
 */
export function modelSearchPath(options: ModelSearchOptions = {}): ModelSearchDir[] {
    const env = options.env ?? process.env;
    const dirs: ModelSearchDir[] = [];
    const add = (dir: string, source: ModelSearchSource) => {
        const absolute = path.resolve(dir);
        if (!dirs.some((d) => d.dir === absolute)) dirs.push({dir: absolute, source});
    };
    for (const dir of options.extraDirs ?? []) add(dir, "--models");
    for (const dir of (env[modelsPathVariable] ?? "").split(path.delimiter)) if (dir.trim() !== "") add(dir, modelsPathVariable);
    if (options.imageDir != null) {
        add(options.imageDir, "the image's folder");
        add(path.join(options.imageDir, "models"), "the image's models/");
    }
    add(userModelsDir(env), "the user models folder");
    add(projectModelsDir, "the project's models/");
    return dirs;
}
