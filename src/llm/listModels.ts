import path from "node:path";
import {readdir, stat} from "node:fs/promises";
import {loadNodeLlamaCpp} from "./nodeLlamaCpp.js";

/** One GGUF file found by `listModels`. */
export type ModelListing = {
    path: string,
    fileName: string,
    bytes: number,
    modifiedAt: Date,
    /** general.type: "model", "adapter", or null when the file does not say. */
    type: string | null,
    architecture: string | null,
    name: string | null,
    /** Set when the file could not be read as GGUF (e.g. a partial download). */
    error: string | null
};

/** The GGUF files in `directory` (not recursive), sorted by file name, with their GGUF metadata. A missing directory lists nothing. */
export async function listModels(directory: string): Promise<ModelListing[]> {
    const entries = await readdir(directory, {withFileTypes: true}).catch((error: NodeJS.ErrnoException) => {
        if (error.code === "ENOENT") return [];
        throw error;
    });
    const files = entries.filter((e) => e.isFile() && e.name.toLowerCase().endsWith(".gguf")).map((e) => e.name).sort();
    return Promise.all(files.map(async (fileName): Promise<ModelListing> => {
        const file = path.resolve(directory, fileName);
        const info = await stat(file);
        const base = {path: file, fileName, bytes: info.size, modifiedAt: info.mtime};
        try {
            const {readGgufFileInfo} = await loadNodeLlamaCpp();
            const gguf = await readGgufFileInfo(file, {readTensorInfo: false});
            const general = gguf.metadata.general as unknown as Record<string, unknown>;
            const text = (v: unknown) => (typeof v === "string" ? v : null);
            return {...base, type: text(general["type"]), architecture: text(general["architecture"]), name: text(general["name"]), error: null};
        } catch (error) {
            return {...base, type: null, architecture: null, name: null, error: (error as Error).message};
        }
    }));
}
