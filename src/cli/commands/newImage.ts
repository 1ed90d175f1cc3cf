import {access} from "node:fs/promises";
import path from "node:path";
import {createImage} from "../../index.js";
import {UsageError} from "../UsageError.js";
import type {Command} from "./index.js";

export const newCommand: Command = async (args, options) => {
    const [file] = args;
    if (file == null || args.length > 1) throw new UsageError("new takes one FILE: living-image new FILE [--model GGUF].");
    const exists = await access(file).then(() => true, () => false);
    if (exists) throw new UsageError(`${file} already exists. Choose another name, or remove it first.`);
    const result = await createImage(path.resolve(file), {model: options.model == null ? undefined : path.resolve(options.model)});
    if (options.json) console.log(JSON.stringify(result));
    else console.log(`Created ${file} with ${result.personas.join(", ")}.`);
    return 0;
};
