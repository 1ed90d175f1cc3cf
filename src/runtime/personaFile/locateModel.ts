import {stat} from "node:fs/promises";
import path from "node:path";
import {projectRoot} from "../createImage.js";

/** Where a model was found, or every folder that was searched for it. */
export type ModelLookup = {found: string | null, searched: string[]};

/**
 * Looks for a model an imported persona names: where its stored path points from the target image's folder,
 * then by file name in the models search path (the image's folder, its models/, the project's models/).
 */
export async function locateModel(stored: string, imageDir: string): Promise<ModelLookup> {
    const candidates = [path.resolve(imageDir, stored)];
    const dirs = [imageDir, path.join(imageDir, "models"), path.join(projectRoot, "models")];
    for (const dir of dirs) candidates.push(path.join(dir, path.basename(stored)));
    for (const candidate of new Set(candidates)) {
        const info = await stat(candidate).catch(() => null);
        if (info?.isFile() === true) return {found: candidate, searched: dirs};
    }
    return {found: null, searched: dirs};
}
