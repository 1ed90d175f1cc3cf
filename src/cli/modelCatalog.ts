import {spawnSync} from "node:child_process";
import {realpathSync} from "node:fs";
import {readdir, realpath, stat} from "node:fs/promises";
import {homedir} from "node:os";
import path from "node:path";
import {checkModelFile, chatTemplateKind, dominantType, embeddedModelName, fileTypeName, isModelUri, locateModelFile, modelSearchPath,
    projectModelsDir, readGgufHeader} from "../gguf/index.js";
import type {HeaderFacts, ModelSearchDir} from "../gguf/index.js";
import {fullTag, listOllamaModels, ollamaOrigin, sameOllamaServer} from "../llm/index.js";
import type {OllamaModel} from "../llm/index.js";
import {ImageStore} from "../index.js";
import type {CliOptions} from "./commands/index.js";

/** A GGUF base model in a folder of the models search path, or one a persona of the image names elsewhere. */
export type FileModel = HeaderFacts & {
    source: "file",
    /** The file name: what `model show` and `model rm` take besides a path. */
    file: string,
    path: string,
    folder: string,
    /** Why its folder is looked at (a search path source), or which persona names it. */
    via: string,
    bytes: number,
    /** llama.cpp's `general.file_type` name ("Q4_K_M"), when the file records one. */
    fileType: string | null,
    /** The ggml type holding most of the tensor bytes ("Q4_K"). */
    dominantType: string | null,
    templateKind: string | null,
    layers: number | null,
    embeddingLength: number | null,
    /** One of the models committed with the project (its models/ folder): `model rm` needs --force for it. */
    projectModel: boolean,
    usedBy: string[]
};

/** A .gguf file of a searched folder that is not a readable base model (cut short, not a GGUF…). */
export type UnreadableFile = {path: string, problem: string};

export type OllamaModelEntry = OllamaModel & {source: "ollama", templateKind: string | null, usedBy: string[]};

/** The Ollama server `model` looks at, why that one, and what it answered. */
export type OllamaReport = {
    origin: string,
    /** What named the server: the --ollama flag, OLLAMA_HOST, or Ollama's default address. */
    by: "--ollama" | "OLLAMA_HOST" | "the default address",
    models: OllamaModelEntry[],
    /** Why it could not be listed (it does not answer, it answered an error); null when listed. */
    problem: string | null
};

export type ModelCatalog = {
    /** The folders looked in, in order: the models search path, then node-llama-cpp's models folder. */
    folders: {dir: string, source: ModelSearchDir["source"] | "node-llama-cpp's models folder"}[],
    /** The image whose personas were asked which model they use, or null when there is none. */
    image: string | null,
    /** Why the image's personas could not be read (the listing goes on without them). */
    imageProblem: string | null,
    files: FileModel[],
    unreadable: UnreadableFile[],
    /** LoRA adapters met in the folders: not models, only counted. */
    adapters: number,
    /** Null when Ollama was switched off with `--ollama off`. */
    ollama: OllamaReport | null
};

/** How a persona names its model: the file it resolves to, or an engine tag / URI as stored. */
type PersonaModel = {persona: string, file: string | null, stored: string};

/**
 * Everything `living-image model` can see: the GGUF base models of every folder of the models search path (the
 * same path a persona's missing model is looked for in) and of node-llama-cpp's models folder, the models the
 * image's personas name elsewhere, and the models of an Ollama server; each with the personas of the image that use it.
 */
export async function modelCatalog(options: CliOptions, settings: {ollama?: boolean} = {}): Promise<ModelCatalog> {
    const imageDir = path.dirname(path.resolve(options.image));
    // Where node-llama-cpp's own `pull` puts models: BABS scouts it too, so it is listed.
    const folders: ModelCatalog["folders"] = [...modelSearchPath({imageDir, extraDirs: options.models}),
        {dir: path.join(process.env["HOME"] ?? homedir(), ".node-llama-cpp", "models"), source: "node-llama-cpp's models folder" as const}]
        .filter((f, i, all) => all.findIndex((g) => g.dir === f.dir) === i);
    const {personas, image, problem: imageProblem} = await personaModels(options, imageDir);
    const files: FileModel[] = [];
    const unreadable: UnreadableFile[] = [];
    const seen = new Set<string>();
    let adapters = 0;
    const committed = committedProjectModels();
    const consider = async (file: string, folder: string, via: string) => {
        const real = await realpath(file).catch(() => path.resolve(file));
        if (seen.has(real)) return;
        seen.add(real);
        const described = await describeFile(file, folder, via, committed);
        if (described === "adapter") adapters++;
        else if ("problem" in described) unreadable.push(described);
        else {
            described.usedBy = personas.filter((p) => p.file === real).map((p) => p.persona);
            files.push(described);
        }
    };
    for (const {dir, source} of folders) {
        const entries = await readdir(dir, {withFileTypes: true}).catch(() => []);
        const names = entries.filter((e) => (e.isFile() || e.isSymbolicLink()) && e.name.toLowerCase().endsWith(".gguf")).map((e) => e.name).sort();
        for (const name of names) await consider(path.join(dir, name), dir, source);
    }
    for (const p of personas)
        if (p.file != null) await consider(p.file, path.dirname(p.file), `named by ${p.persona}`);
    const ollama = settings.ollama === false ? null : await ollamaReport(options, personas);
    return {folders, image, imageProblem, files, unreadable, adapters, ollama};
}

/** The Ollama server to ask: `--ollama URL`, else OLLAMA_HOST, else Ollama's default address; null for `--ollama off`. */
export function ollamaTarget(options: CliOptions): {origin: string, by: OllamaReport["by"]} | null {
    if (options.ollama === "off" || options.ollama === "none") return null;
    if (options.ollama != null) return {origin: ollamaOrigin(options.ollama), by: "--ollama"};
    const host = process.env["OLLAMA_HOST"];
    if (host != null && host.trim() !== "") return {origin: ollamaOrigin(host), by: "OLLAMA_HOST"};
    return {origin: ollamaOrigin(null), by: "the default address"};
}

/** The personas of the image that use Ollama model `tag` of the server at `origin`. */
export function personasUsingOllama(personas: readonly PersonaModel[], tag: string, origin: string): string[] {
    const wanted = fullTag(tag);
    return personas.filter((p) => {
        const named = ollamaTagOf(p.stored, origin);
        return named != null && fullTag(named) === wanted;
    }).map((p) => p.persona);
}

async function ollamaReport(options: CliOptions, personas: readonly PersonaModel[]): Promise<OllamaReport | null> {
    const target = ollamaTarget(options);
    if (target == null) return null;
    // The default address is only a guess: it gets less time than a server the user named.
    const timeoutMs = target.by === "the default address" ? 1500 : 3000;
    try {
        const models = await listOllamaModels(target.origin, {timeoutMs});
        return {...target, problem: null, models: models.map((m) => ({
            ...m, source: "ollama" as const, templateKind: chatTemplateKind(m.template), usedBy: personasUsingOllama(personas, m.tag, m.origin)
        }))};
    } catch (error) {
        if ((error as {userError?: unknown}).userError !== true) throw error;
        return {...target, models: [], problem: (error as Error).message};
    }
}

/**
 * The Ollama tag a persona's stored model names, or null: the engine spec `ollama://host:port/tag` (when that is
 * this server), `ollama:tag`, or a bare engine tag such as `llama3.2:3b` (what older images made for the Ollama
 * engine store).
 */
function ollamaTagOf(stored: string, origin: string): string | null {
    const uri = /^ollama:\/\/([^/]+)\/(.+)$/i.exec(stored);
    if (uri != null) return sameOllamaServer(uri[1]!, origin) ? uri[2]! : null;
    const short = /^ollama:(?!\/\/)(.+)$/i.exec(stored);
    if (short != null) return short[1]!;
    if (!isModelUri(stored) || stored.includes("://") || /^(embedded|hf|huggingface|https?|file|vllm|openai):/i.test(stored)) return null;
    return stored;
}

/** Each persona's model: the file its stored path resolves to (as the engine would find it), or the stored tag. */
export async function personaModels(options: CliOptions, imageDir: string): Promise<{personas: PersonaModel[], image: string | null, problem: string | null}> {
    const image = path.resolve(options.image);
    if (!(await stat(image).then((s) => s.isFile(), () => false))) return {personas: [], image: null, problem: null};
    let store: ImageStore;
    try {
        store = await ImageStore.open(image, {readOnly: true, ...(options.recover == null ? {} : {recover: options.recover})});
    } catch (error) {
        return {personas: [], image, problem: (error as Error).message};
    }
    try {
        const personas: PersonaModel[] = [];
        for (const record of Object.values(store.state.personas)) {
            // `embedded:PATH` is the engine spec of a file for the embedded engine (what `useEngine:` writes).
            const stored = record.baseModelPath?.replace(/^embedded:(?:\/\/(?=\/))?/i, "");
            if (stored == null || stored === "") continue;
            if (isModelUri(stored)) {
                personas.push({persona: record.name, file: null, stored});
                continue;
            }
            const {found} = locateModelFile(stored, {imageDir, extraDirs: options.models, fingerprint: record.baseModelFingerprint});
            const file = found == null ? null : await realpath(found.path).catch(() => found.path);
            personas.push({persona: record.name, file, stored});
        }
        return {personas, image, problem: null};
    } finally {
        await store.close();
    }
}

/**
 * One GGUF file, wherever it is, as `model list` would show it (with the personas of the image that use it), or
 * what is wrong with it.
 */
export async function describeModelFile(file: string, options: CliOptions): Promise<FileModel | UnreadableFile | "adapter"> {
    const absolute = path.resolve(file);
    const {personas} = await personaModels(options, path.dirname(path.resolve(options.image)));
    const described = await describeFile(absolute, path.dirname(absolute), "as given", committedProjectModels());
    if (typeof described === "object" && "source" in described) {
        const real = await realpath(absolute).catch(() => absolute);
        described.usedBy = personas.filter((p) => p.file === real).map((p) => p.persona);
    }
    return described;
}

async function describeFile(file: string, folder: string, via: string, committed: ReadonlySet<string>): Promise<FileModel | UnreadableFile | "adapter"> {
    try {
        const {header, path: _path, bytes, layers, embeddingLength, ...facts} = await checkModelFile(file);
        const recorded = header.metadata.get("general.file_type");
        const fileType = typeof recorded === "number" || typeof recorded === "bigint" ? fileTypeName(Number(recorded)) : null;
        const real = await realpath(file).catch(() => file);
        return {
            source: "file", ...facts, file: path.basename(file), path: file, folder, via, bytes, fileType, dominantType: dominantType(header),
            templateKind: chatTemplateKind(facts.chatTemplate), layers, embeddingLength, projectModel: committed.has(real), usedBy: []
        };
    } catch (error) {
        const isAdapter = await readGgufHeader(file, {maxArrayElements: 0}).then((h) => h.metadata.get("general.type") === "adapter", () => false);
        if (isAdapter) return "adapter";
        return {path: file, problem: (error as {reason?: string}).reason ?? (error as Error).message};
    }
}

/**
 * The models committed with the project (real paths): the files of its models/ that git tracks, or, outside a
 * git checkout (an installed package), the embedded model alone.
 */
function committedProjectModels(): Set<string> {
    const root = path.dirname(projectModelsDir);
    const listed = spawnSync("git", ["-C", root, "ls-files", "-z", "--", "models"], {encoding: "utf8", timeout: 5000});
    const files = listed.status === 0 ? listed.stdout.split("\0").filter((f) => f.toLowerCase().endsWith(".gguf")).map((f) => path.join(root, f))
        : [path.join(projectModelsDir, embeddedModelName)];
    return new Set(files.map((f) => {
        try {
            return realpathSync(f);
        } catch {
            return path.resolve(f);
        }
    }));
}
