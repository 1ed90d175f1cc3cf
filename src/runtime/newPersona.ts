import path from "node:path";
import {checkModelFile, InvalidModelFileError} from "../gguf/index.js";
import {embeddedModelPath} from "./createImage.js";
import type {ProtoManager} from "./ProtoManager.js";
import {UnusableModelError} from "./UnusableModelError.js";

/**
 * Adds one persona to the image from a codex file (`living-image persona new NAME --codex FILE [--model GGUF]`,
 * `Image newPersona: #NAME codex: 'FILE'` in the Playground). The codex must validate and name the persona
 * NAME; the model (default: the embedded model) must be a GGUF model, not an adapter. Both paths are stored
 * relative to the image, so the image can travel with its folder. Nothing changes when a check fails.
 * Answers the new persona's id.
 */
export async function newPersona(manager: ProtoManager, spec: {name: string, codexFile: string, model?: string | null}): Promise<string> {
    const codexFile = path.resolve(spec.codexFile);
    const model = path.resolve(spec.model ?? embeddedModelPath);
    await checkModel(model, spec.model ?? model);
    const imageDir = path.dirname(path.resolve(manager.image.path));
    const relative = (target: string) => path.relative(imageDir, target).split(path.sep).join("/");
    return manager.createPersona(codexFile, relative(model), {name: spec.name, storedCodexPath: relative(codexFile)});
}

async function checkModel(file: string, shown: string): Promise<void> {
    try {
        await checkModelFile(file);
    } catch (error) {
        if (error instanceof InvalidModelFileError) throw new UnusableModelError(shown, error.reason, {cause: error});
        throw error;
    }
}
