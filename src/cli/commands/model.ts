import path from "node:path";
import {listModels, resolveModel} from "../../llm/index.js";
import {projectRoot} from "../../index.js";
import {UsageError} from "../UsageError.js";
import type {Command} from "./index.js";
import {modelLocate} from "./modelLocate.js";

/** `living-image model list`, `model pull URI` (models go to the project's models/) and `model locate [PERSONA [FILE]]`. */
export const modelCommand: Command = async (args, options) => {
    const [sub, uri, ...rest] = args;
    if (sub === "locate") return modelLocate(args.slice(1), options);
    const directory = path.join(projectRoot, "models");
    if (sub === "list" && uri == null) {
        const models = await listModels(directory);
        if (options.json) console.log(JSON.stringify(models, null, 2));
        else for (const m of models)
            console.log(`${m.fileName.padEnd(36)} ${(m.bytes / 1e6).toFixed(1).padStart(7)} MB  ${m.type ?? "model"}  ${m.architecture ?? ""}${m.error != null ? "  (" + m.error + ")" : ""}`);
        if (models.length === 0 && !options.json) console.log(`No GGUF files in ${directory}.`);
        return 0;
    }
    if (sub === "pull" && uri != null && rest.length === 0) {
        let last = 0;
        const file = await resolveModel(uri, {
            directory,
            onProgress: ({downloadedBytes, totalBytes}) => {
                const now = Date.now();
                if (now - last < 500) return;
                last = now;
                process.stderr.write(`\r${(downloadedBytes / 1e6).toFixed(1)} / ${(totalBytes / 1e6).toFixed(1)} MB`);
            }
        });
        if (options.json) console.log(JSON.stringify({path: file}));
        else console.log(`\n${file}`);
        return 0;
    }
    throw new UsageError("model takes `list`, `pull URI` (a local path, an hf:user/repo:quant URI or a URL) or `locate [PERSONA [FILE]]`.");
};
