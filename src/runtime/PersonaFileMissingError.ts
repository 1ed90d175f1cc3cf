import path from "node:path";
import type {SearchedPlace} from "../gguf/index.js";

export type PersonaFileMissingDetails = {
    persona: string,
    what: "model" | "adapter",
    /** The path the image holds. */
    stored: string,
    fingerprint: {sha256: string, bytes: number} | null,
    searched: readonly SearchedPlace[],
    imagePath: string
};

/**
 * I say that a persona's base model or adapter is neither where its image says nor anywhere on the
 * models search path: which persona, which file (name, sha256, size), where I looked, and the
 * `living-image` commands that fix it.
 */
export class PersonaFileMissingError extends Error {
    public readonly userError = true;
    public override readonly name = "PersonaFileMissingError";
    public readonly persona: string;
    public readonly what: "model" | "adapter";
    public readonly fileName: string;
    public readonly sha256: string | null;
    public readonly searched: readonly SearchedPlace[];

    public constructor(details: PersonaFileMissingDetails) {
        const fileName = details.stored.split(/[\\/]/).pop() ?? details.stored;
        const identity = details.fingerprint == null ? "its sha256 is not recorded yet"
            : `sha256 ${details.fingerprint.sha256}, ${(details.fingerprint.bytes / 1e6).toFixed(1)} MB`;
        const [asStored, ...elsewhere] = details.searched;
        const where = `It is not at ${asStored?.path ?? details.stored}, where the image says, nor in the models search path (${
            elsewhere.map((p) => p.outcome === "absent" ? p.path : `${p.path}: ${p.outcome}`).join("; ")}).`;
        const image = ` --image ${quote(details.imagePath)}`;
        const fix = details.what === "model"
            ? `Fix: copy ${fileName} into one of those folders (your own models live in ${modelsHome(details.searched)}), `
                + `or record where it is: \`living-image model locate ${details.persona} /path/to/${fileName}${image}\`. `
                + `To search another folder for one run, add \`--models DIR\` (or set LIVING_IMAGE_MODELS=DIR).`
            : `Fix: copy the image's adapters/ folder beside it, or search the folder that holds it with \`--models DIR\`, `
                + `or drop the adapter: \`living-image eval '${details.persona} swapAdapter: nil' --save${image}\`.`;
        super(`${details.persona} needs the ${details.what === "model" ? "base model" : "LoRA adapter"} ${fileName} (${identity}), which cannot be found. ${where} ${fix}`);
        this.persona = details.persona;
        this.what = details.what;
        this.fileName = fileName;
        this.sha256 = details.fingerprint?.sha256 ?? null;
        this.searched = details.searched;
    }
}

function modelsHome(searched: readonly SearchedPlace[]): string {
    const user = searched.find((p) => p.via === "the user models folder");
    return user == null ? "~/.local/share/living-image/models" : path.dirname(user.path);
}

function quote(file: string): string {
    return /^[\w./-]+$/.test(file) ? file : `'${file.replaceAll("'", "'\\''")}'`;
}
