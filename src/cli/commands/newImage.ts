import path from "node:path";
import {createImage} from "../../index.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {UsageError} from "../UsageError.js";
import type {Command} from "./index.js";

/**
 * `living-image new FILE [--model GGUF]`: a new image with the four personas. All or nothing (see
 * createImage): it never writes over an image, nor over the backup or journal of one that is gone.
 */
export const newCommand: Command = async (args, options) => {
    const [file] = args;
    if (file == null || args.length > 1) throw new UsageError("new takes one FILE: living-image new FILE [--model GGUF].");
    const result = await createImage(path.resolve(file), {model: options.model == null ? undefined : path.resolve(options.model)});
    if (options.json) console.log(JSON.stringify(result));
    else console.log(escapeTerminal(`Created ${file} with ${result.personas.join(", ")}.`));
    return 0;
};
