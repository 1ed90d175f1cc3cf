import {stat} from "node:fs/promises";
import path from "node:path";
import {chatTemplateKind} from "../gguf/index.js";
import {OllamaLibraryError, ollamaOrigin, showOllamaModel} from "../llm/index.js";
import type {CliOptions} from "./commands/index.js";
import {describeModelFile, modelCatalog, ollamaTarget, personaModels, personasUsingOllama} from "./modelCatalog.js";
import type {FileModel, OllamaModelEntry} from "./modelCatalog.js";
import {UsageError} from "./UsageError.js";

/** What `model show` and `model rm` were pointed at. */
export type FoundModel = {kind: "file", model: FileModel}
    | {kind: "unreadable", path: string, problem: string}
    | {kind: "ollama", model: OllamaModelEntry};

/**
 * The model `name` names, as a user writes it: a path to a GGUF file; `ollama:TAG` or `ollama://HOST:PORT/TAG`; a
 * file name on the models search path (with or without `.gguf`); else a tag of the Ollama server.
 * @throws UsageError when nothing or more than one file answers to it, or when it is a LoRA adapter
 */
export async function findModel(name: string, options: CliOptions): Promise<FoundModel> {
    const uri = /^ollama:(?:\/\/([^/]+)\/)?(.+)$/i.exec(name);
    if (uri != null) {
        const target = uri[1] != null ? {origin: ollamaOrigin(uri[1])} : ollamaTarget(options);
        if (target == null) throw new UsageError(`${name} is an Ollama model, and --ollama off leaves Ollama out.`);
        return {kind: "ollama", model: await ollamaEntry(target.origin, uri[2]!, options)};
    }
    const looksLikePath = name.includes("/") || name.includes(path.sep);
    if (looksLikePath || await stat(name).then((s) => s.isFile(), () => false)) {
        if (!(await stat(name).then((s) => s.isFile(), () => false)))
            throw new UsageError(`There is no file ${name}. \`living-image model list\` shows the models there are.`);
        return fileOrRefuse(name, await describeModelFile(name, options));
    }
    const catalog = await modelCatalog(options, {ollama: false});
    const stem = name.toLowerCase().endsWith(".gguf") ? name : `${name}.gguf`;
    const files = catalog.files.filter((m) => m.file === stem);
    const broken = catalog.unreadable.filter((u) => path.basename(u.path) === stem);
    if (files.length + broken.length > 1)
        throw new UsageError(`${name} names ${files.length + broken.length} files: ${[...files.map((f) => f.path), ...broken.map((b) => b.path)].join(", ")}. Pass the path of the one you mean.`);
    if (files.length === 1) return {kind: "file", model: files[0]!};
    if (broken.length === 1) return {kind: "unreadable", path: broken[0]!.path, problem: broken[0]!.problem};
    const target = ollamaTarget(options);
    const folders = catalog.folders.map((d) => d.dir).join(", ");
    if (target == null) throw new UsageError(`No model ${name}: no ${stem} in ${folders}. \`living-image model list\` shows the models there are.`);
    try {
        return {kind: "ollama", model: await ollamaEntry(target.origin, name, options)};
    } catch (error) {
        if (!(error instanceof OllamaLibraryError)) throw error;
        const ollama = error.status === 404 ? `Ollama at ${target.origin} has no model ${name}` : `Ollama could not be asked (${error.message})`;
        throw new UsageError(`No model ${name}: no ${stem} in ${folders}, and ${ollama}. \`living-image model list\` shows the models there are.`);
    }
}

async function ollamaEntry(origin: string, tag: string, options: CliOptions): Promise<OllamaModelEntry> {
    const model = await showOllamaModel(origin, tag, {timeoutMs: 3000});
    const {personas} = await personaModels(options, path.dirname(path.resolve(options.image)));
    return {...model, source: "ollama", templateKind: chatTemplateKind(model.template), usedBy: personasUsingOllama(personas, model.tag, origin)};
}

function fileOrRefuse(name: string, described: Awaited<ReturnType<typeof describeModelFile>>): FoundModel {
    if (described === "adapter")
        throw new UsageError(`${name} is a LoRA adapter, not a model: a persona's adapters are listed by \`living-image history\` and kept with its image.`);
    if ("source" in described) return {kind: "file", model: described};
    return {kind: "unreadable", path: described.path, problem: described.problem};
}
