import {codexTemplate} from "../../objects/index.js";
import {newPersona} from "../../runtime/index.js";
import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import {confirm} from "../confirm.js";
import type {Command} from "./index.js";

const usage = `persona new NAME --codex FILE [--model GGUF]
  living-image persona codex-template [NAME]
  living-image persona rm NAME [--yes]`;

/**
 * `living-image persona …`: make a persona from a codex, print a codex to start from, remove a persona.
 */
export const personaCommand: Command = async (args, options) => {
    const [action, ...rest] = args;
    switch (action) {
        case "new": {
            const [name, ...extra] = rest;
            if (name == null || extra.length > 0 || options.codex == null)
                throw new UsageError(`persona new takes a NAME and --codex FILE: living-image persona new NAME --codex FILE [--model GGUF]. ` +
                    "Start a codex with `living-image persona codex-template NAME > FILE`.");
            // --model here names the new persona's base model: it is not a session-wide override.
            await using runtime = await openRuntime({...options, model: undefined}, {write: true});
            const personaId = await newPersona(runtime.manager, {name, codexFile: options.codex, model: options.model ?? null});
            await runtime.save();
            const record = runtime.image.state.personas[personaId]!;
            const summary = {name: record.name, personaId, codexPath: record.codexPath, baseModelPath: record.baseModelPath, image: runtime.image.path};
            console.log(options.json ? JSON.stringify(summary)
                : `Created ${record.name} (${personaId}) from ${record.codexPath} on ${record.baseModelPath} in ${options.image}.`);
            return 0;
        }
        case "codex-template": {
            const [name = "NEWPERSONA", ...extra] = rest;
            if (extra.length > 0) throw new UsageError("persona codex-template takes at most one NAME: living-image persona codex-template NAME > FILE.");
            process.stdout.write(JSON.stringify(codexTemplate(name), null, 2) + "\n");
            return 0;
        }
        case "rm": {
            const [name, ...extra] = rest;
            if (name == null || extra.length > 0) throw new UsageError("persona rm takes one NAME: living-image persona rm NAME [--yes].");
            await using runtime = await openRuntime({...options, model: undefined}, {write: true});
            const proto = runtime.manager.get(name);
            const record = proto.record;
            // Refused before asking: no point confirming a removal that cannot happen.
            const children = runtime.manager.childrenOf(proto.personaId);
            if (children.length === 0 && !options.yes) {
                const what = `${record.name}: ${record.scrapbook.length} scrapbook entries, ${record.goldenDataset.length} golden samples, ` +
                    `${Object.keys(record.methods).length} methods`;
                const confirmed = await confirm(`Remove ${what}? This cannot be undone (\`living-image persona export ${record.name}\` keeps a copy). ` +
                    `Type ${record.name} to confirm: `, record.name, "persona rm asks for confirmation; pass --yes to remove without asking");
                if (!confirmed) {
                    console.log(`${record.name} was not removed.`);
                    return 1;
                }
            }
            await runtime.manager.remove(proto.personaId);
            await runtime.save();
            console.log(options.json ? JSON.stringify({removed: record.name, personaId: proto.personaId})
                : `Removed ${record.name} from ${options.image}. Its adapter files, if any, stay on disk.`);
            return 0;
        }
        default:
            throw new UsageError(`persona takes new, codex-template or rm, not ${JSON.stringify(action ?? "")}. Usage:\n  living-image ${usage}`);
    }
};
