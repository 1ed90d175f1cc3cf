import {readdir} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {emptyWorld} from "../image/index.js";
import {Runtime} from "./Runtime.js";

/** The project's root directory (where codices/ and models/ live). */
export const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The project's own embedded model, made by `forge genesis`. */
export const embeddedModelPath = path.join(projectRoot, "models", "living-image-genesis.gguf");

/** The four personas of the seed, in the order the browser shows them. */
export const seedPersonas = ["brick", "robin", "alfred", "babs"];

/**
 * Writes a new image holding one persona per codex (BRICK, ROBIN, ALFRED, BABS by default),
 * each on `model` (default: the embedded model). Paths are stored relative to the image so the
 * image can travel with its directory.
 */
export async function createImage(file: string, options: {model?: string, codicesDir?: string} = {}): Promise<{path: string, personas: string[]}> {
    const codicesDir = options.codicesDir ?? path.join(projectRoot, "codices");
    const files = (await readdir(codicesDir)).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));
    const ordered = [...seedPersonas.map((n) => `${n}.json`).filter((f) => files.includes(f)), ...files.filter((f) => !seedPersonas.includes(f.replace(/\.json$/, ""))).sort()];
    const imageDir = path.dirname(path.resolve(file));
    const relative = (target: string) => path.relative(imageDir, target).split(path.sep).join("/");
    const runtime = await Runtime.open(file, {create: emptyWorld});
    try {
        const names: string[] = [];
        for (const codexFile of ordered) {
            const id = await runtime.manager.createPersona(path.join(codicesDir, codexFile), relative(options.model ?? embeddedModelPath));
            // createPersona stores the path it was given; store it relative to the image.
            runtime.image.update((draft) => {
                draft.personas[id]!.codexPath = relative(path.join(codicesDir, codexFile));
            }, "relative codex path");
            names.push(runtime.image.state.personas[id]!.name);
        }
        await runtime.save();
        return {path: file, personas: names};
    } finally {
        await runtime.dispose();
    }
}
