import os from "node:os";
import path from "node:path";
import type {Runtime} from "../../runtime/index.js";
import {modelSearchPath} from "../../gguf/index.js";
import {huggingFaceCandidates} from "./sources/huggingFaceCandidates.js";
import type {ScoutSources} from "./sources/gatherCandidates.js";

/** Where Ollama listens unless the image's `scoutOllama` setting says otherwise (false turns the source off). */
export const defaultOllamaUrl = "http://127.0.0.1:11434";

/**
 * Where BABS looks by default: the models search path (`--models` folders, LIVING_IMAGE_MODELS, the image's folder and
 * its models/, the user models folder, the project's models/), node-llama-cpp's own models folder (where its `pull`
 * puts files), the local Ollama server, and the network sources the image's settings name
 * (`scoutUris`: `hf:` URIs; `scoutSearch`: a Hugging Face search), which report clearly that they are offline.
 */
export function defaultScoutSources(runtime: Runtime, options: {extraDirs?: readonly string[], env?: Readonly<Record<string, string | undefined>>} = {}): ScoutSources {
    const env = options.env ?? process.env;
    const settings = runtime.image.state.settings;
    const imageDir = path.dirname(path.resolve(runtime.image.path));
    const folders = [
        ...modelSearchPath({imageDir, extraDirs: options.extraDirs ?? [], env}).map((d) => d.dir),
        path.join(env["HOME"] ?? os.homedir(), ".node-llama-cpp", "models")
    ].filter((d, i, all) => all.indexOf(d) === i);
    const ollama = settings["scoutOllama"] === false ? null : typeof settings["scoutOllama"] === "string" ? settings["scoutOllama"] : defaultOllamaUrl;
    const uris = Array.isArray(settings["scoutUris"]) ? (settings["scoutUris"] as unknown[]).filter((u): u is string => typeof u === "string") : [];
    const search = typeof settings["scoutSearch"] === "string" ? settings["scoutSearch"] : null;
    const endpoint = typeof settings["scoutHubUrl"] === "string" ? settings["scoutHubUrl"] : env["HF_ENDPOINT"] ?? null;
    const network = uris.length === 0 && search == null ? null
        : (signal?: AbortSignal) => huggingFaceCandidates({uris, search, endpoint, directory: path.join(imageDir, "models"), ...(signal == null ? {} : {signal})});
    return {folders, ollama, network};
}
