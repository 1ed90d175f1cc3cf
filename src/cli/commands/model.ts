import path from "node:path";
import {resolveModel} from "../../llm/index.js";
import {projectRoot} from "../../index.js";
import {UsageError} from "../UsageError.js";
import type {Command} from "./index.js";
import {modelList} from "./modelList.js";
import {modelLocate} from "./modelLocate.js";
import {modelRm} from "./modelRm.js";
import {modelShow} from "./modelShow.js";

/**
 * `living-image model list`, `model show NAME|FILE`, `model rm NAME|FILE`, `model pull URI` (models go to the project's
 * models/) and `model locate [PERSONA [FILE]]`.
 */
export const modelCommand: Command = async (args, options) => {
    const [sub, uri, ...rest] = args;
    if (sub === "locate") return modelLocate(args.slice(1), options);
    const directory = path.join(projectRoot, "models");
    if (sub === "list") return modelList(args.slice(1), options);
    if (sub === "show") return modelShow(args.slice(1), options);
    if (sub === "rm") return modelRm(args.slice(1), options);
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
    throw new UsageError("model takes `list`, `show NAME|FILE`, `rm NAME|FILE [--yes] [--force]`, `pull URI` (a local path, an hf:user/repo:quant URI or a URL) " +
        "or `locate [PERSONA [FILE]]`.");
};
