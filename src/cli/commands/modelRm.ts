import {unlink} from "node:fs/promises";
import {deleteOllamaModel} from "../../llm/index.js";
import {colorsFor} from "../cliColors.js";
import {confirm} from "../confirm.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {findModel} from "../findModel.js";
import {ModelInUseError} from "../ModelInUseError.js";
import {formatBytes} from "../modelUnits.js";
import {UsageError} from "../UsageError.js";
import type {CliOptions} from "./index.js";

/**
 * `living-image model rm NAME|FILE [--yes] [--force]`: removes a GGUF file, or deletes an Ollama model through its
 * API. Refused (exit 1, naming them) while a persona of the image uses the model; a model committed with the project
 * is removed only with --force; it asks first unless --yes.
 */
export async function modelRm(args: string[], options: CliOptions): Promise<number> {
    const [name, ...rest] = args;
    if (name == null || rest.length > 0) throw new UsageError("model rm takes one model: living-image model rm NAME|FILE [--yes] [--force].");
    const found = await findModel(name, options);
    const c = colorsFor(process.stdout);
    if (found.kind === "ollama") {
        const model = found.model;
        if (model.usedBy.length > 0) throw new ModelInUseError(`${model.tag} (Ollama at ${model.origin})`, model.usedBy, options.image);
        if (!await confirmed(`Delete ${model.tag} (${formatBytes(model.bytes)}) from Ollama at ${model.origin}?`, options)) return notRemoved(model.tag);
        await deleteOllamaModel(model.origin, model.tag, {timeoutMs: 10_000});
        if (options.json) console.log(JSON.stringify({removed: model.tag, source: "ollama", origin: model.origin}));
        else console.log(c.ok(`Deleted ${escapeTerminal(model.tag)} from Ollama at ${escapeTerminal(model.origin)}.`));
        return 0;
    }
    const file = found.kind === "file" ? found.model.path : found.path;
    if (found.kind === "file") {
        if (found.model.usedBy.length > 0) throw new ModelInUseError(file, found.model.usedBy, options.image);
        if (found.model.projectModel && !options.force)
            throw new UsageError(`${file} is a model committed with the project (its models/ folder): it is not removed without --force.`);
    }
    const what = found.kind === "file" ? `${file} (${formatBytes(found.model.bytes)})` : `${file} (unreadable: ${found.problem})`;
    if (!await confirmed(`Remove ${what}? This cannot be undone.`, options)) return notRemoved(file);
    await unlink(file);
    if (options.json) console.log(JSON.stringify({removed: file, source: "file"}));
    else console.log(c.ok(`Removed ${escapeTerminal(file)}.`));
    return 0;
}

async function confirmed(question: string, options: CliOptions): Promise<boolean> {
    if (options.yes) return true;
    return confirm(`${escapeTerminal(question)} Type yes to confirm: `, "yes", "model rm asks for confirmation; pass --yes to remove without asking");
}

function notRemoved(name: string): number {
    console.log(`${escapeTerminal(name)} was not removed.`);
    return 1;
}
