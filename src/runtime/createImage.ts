import {randomBytes} from "node:crypto";
import {link, readdir, rm, stat} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {backupPathFor, emptyWorld, ImageExistsError, journalPathFor, lockPathFor, resolveImagePath} from "../image/index.js";
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
 *
 * All or nothing: the image is built and saved under a temporary name beside `file` and linked to
 * `file` only when complete (link never overwrites), so a failure leaves nothing behind, not a
 * journal that would block the next try. Refused with ImageExistsError where an image, or the
 * backup or journal of one that is gone, already is.
 */
export async function createImage(file: string, options: {model?: string, codicesDir?: string} = {}): Promise<{path: string, personas: string[]}> {
    const target = resolveImagePath(file);
    await refuseIfTaken(target);
    const codicesDir = options.codicesDir ?? path.join(projectRoot, "codices");
    const files = (await readdir(codicesDir)).filter((f) => f.endsWith(".json") && !f.endsWith(".schema.json"));
    const ordered = [...seedPersonas.map((n) => `${n}.json`).filter((f) => files.includes(f)), ...files.filter((f) => !seedPersonas.includes(f.replace(/\.json$/, ""))).sort()];
    const imageDir = path.dirname(target);
    const relative = (to: string) => path.relative(imageDir, to).split(path.sep).join("/");
    // Named like a save's temporary file of the target, so a crash's leftovers are removed when the image is next opened.
    const temporary = `${target}.tmp-new-${process.pid}-${randomBytes(4).toString("hex")}.image.json`;
    const names: string[] = [];
    try {
        const runtime = await Runtime.open(temporary, {create: emptyWorld});
        try {
            for (const codexFile of ordered) {
                const id = await runtime.manager.createPersona(path.join(codicesDir, codexFile), relative(options.model ?? embeddedModelPath));
                // createPersona stores the path it was given; store it relative to the image.
                runtime.image.update((draft) => {
                    draft.personas[id]!.codexPath = relative(path.join(codicesDir, codexFile));
                }, "relative codex path");
                names.push(runtime.image.state.personas[id]!.name);
            }
            await runtime.save();
        } finally {
            await runtime.dispose();
        }
        try {
            await link(temporary, target);
        } catch (error) {
            if ((error as NodeJS.ErrnoException).code === "EEXIST") throw new ImageExistsError({path: target, found: "image", foundPath: target});
            throw error;
        }
    } finally {
        await Promise.all([temporary, journalPathFor(temporary), backupPathFor(temporary), lockPathFor(temporary)].map((f) => rm(f, {force: true})));
    }
    return {path: file, personas: names};
}

async function refuseIfTaken(target: string): Promise<void> {
    const size = (f: string) => stat(f).then((s) => s.size, () => null);
    if (await size(target) !== null) throw new ImageExistsError({path: target, found: "image", foundPath: target});
    if (await size(backupPathFor(target)) !== null) throw new ImageExistsError({path: target, found: "backup", foundPath: backupPathFor(target)});
    if ((await size(journalPathFor(target)) ?? 0) > 0) throw new ImageExistsError({path: target, found: "journal", foundPath: journalPathFor(target)});
}
