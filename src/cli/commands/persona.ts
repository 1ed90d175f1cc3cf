import path from "node:path";
import {codexTemplate} from "../../objects/index.js";
import {exportPersona, importPersona, newPersona} from "../../runtime/index.js";
import type {Runtime} from "../../runtime/index.js";
import {isModelUri} from "../../gguf/index.js";
import type {ImportSummary} from "../../runtime/index.js";
import {readVersion} from "../version.js";
import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import {confirm} from "../confirm.js";
import type {Command} from "./index.js";

const usage = `persona new NAME --codex FILE [--model GGUF]
  living-image persona codex-template [NAME]
  living-image persona rm NAME [--yes]
  living-image persona export NAME [FILE] [--with-model]
  living-image persona import FILE [--as NAME]
  living-image persona engine NAME [SPEC]`;

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
        case "export": {
            const [name, file, ...extra] = rest;
            if (name == null || extra.length > 0) throw new UsageError("persona export takes a NAME and an optional FILE: living-image persona export BRICK [BRICK.persona.tar] [--with-model].");
            await using runtime = await openRuntime({...options, model: undefined}, {write: false});
            const proto = runtime.manager.get(name);
            const summary = await exportPersona(runtime.manager, proto.name, file ?? `${proto.name}.persona.tar`,
                {withModel: options.withModel, writer: `living-image ${await readVersion()}`});
            if (options.json) console.log(JSON.stringify(summary));
            else {
                const records = summary.members.filter((m) => m.records != null).map((m) => `${m.records} ${m.path.replace(/\.jsonl$/, "")}`).join(", ");
                const model = summary.model == null ? "no base model"
                    : summary.model.member != null ? `its base model ${summary.model.fileName} copied in`
                        : `its base model referenced as ${summary.model.fileName ?? summary.model.stored}${summary.model.sha256 != null ? ` (sha256 ${summary.model.sha256.slice(0, 12)}…)` : " (not found here: no sha256)"}`;
                console.log(`Wrote ${summary.persona} to ${summary.file} (${(summary.bytes / 1e6).toFixed(1)} MB, ${summary.ms.toFixed(0)} ms): ${records}, ` +
                    `${summary.adapters} adapter file${summary.adapters === 1 ? "" : "s"}, ${model}.\nRead it with \`tar -xOf ${path.basename(summary.file)} manifest.json | jq\`.`);
            }
            return 0;
        }
        case "import": {
            const [file, ...extra] = rest;
            if (file == null || extra.length > 0) throw new UsageError("persona import takes one FILE: living-image persona import BRICK.persona.tar [--as NAME].");
            await using runtime = await openRuntime({...options, model: undefined}, {write: true});
            const summary = await importPersona(runtime.manager, file, {as: options.as});
            await runtime.save();
            console.log(options.json ? JSON.stringify(summary) : describeImport(summary, options.image));
            return 0;
        }
        case "engine": {
            const [name, spec, ...extra] = rest;
            if (name == null || extra.length > 0)
                throw new UsageError("persona engine takes a NAME and an optional SPEC: living-image persona engine BRICK ollama://localhost:11434/llama3.2 " +
                    "(or a GGUF path, vllm://HOST:PORT/MODEL, openai://HOST:PORT/MODEL); without SPEC it shows the engine.");
            await using runtime = await openRuntime({...options, model: undefined, modelFor: {}}, {write: spec != null});
            const proto = runtime.manager.get(name);
            if (spec == null) {
                const engine = runtime.engineOf(proto);
                console.log(options.json ? JSON.stringify({persona: proto.name, ...engine, adapter: proto.record.activeAdapterPath})
                    : `${proto.name} runs on ${engine.spec ?? "no engine (it has no model)"}${proto.record.activeAdapterPath == null ? "" : ` with the adapter ${proto.record.activeAdapterPath}`}.`);
                return 0;
            }
            const from = runtime.engineOf(proto).spec;
            await runtime.manager.useEngine(proto.personaId, specFromCommandLine(spec, runtime));
            await runtime.save();
            const to = runtime.engineOf(proto).spec;
            console.log(options.json ? JSON.stringify({persona: proto.name, from, to, image: runtime.image.path})
                : `${proto.name} now runs on ${to} (was ${from ?? "none"}), saved in ${options.image}.`);
            return 0;
        }
        default:
            throw new UsageError(`persona takes new, codex-template, rm, export, import or engine, not ${JSON.stringify(action ?? "")}. Usage:\n  living-image ${usage}`);
    }
};

function describeImport(summary: ImportSummary, image: string): string {
    const records = summary.records.map((r) => `${r.records} ${r.field}`).join(", ");
    const renamed = summary.persona === summary.from.name ? "" : ` (${summary.from.name} in its file)`;
    const lines = [`Imported ${summary.persona}${renamed} into ${image} as ${summary.personaId}: ${records}, ` +
        `${summary.adapters.length} adapter${summary.adapters.length === 1 ? "" : "s"}${summary.adapters.length > 0 ? ` in ${path.dirname(summary.adapters[0]!.stored)}/` : ""}.`];
    const model = summary.model;
    switch (model.status) {
        case "none":
            lines.push(`${summary.persona} has no base model: give it one with \`living-image eval "${summary.persona} swapModel: 'FILE.gguf'" --save\`.`);
            break;
        case "uri":
            lines.push(`Its base model is ${model.stored}, which the engine resolves.`);
            break;
        case "found":
        case "placed":
            lines.push(`Its base model: ${model.path}${model.status === "placed" ? " (copied from the file)" : ""}.`);
            break;
        case "missing":
            lines.push(`Its base model is missing: ${model.fileName ?? model.stored}` +
                `${model.sha256 != null ? ` (sha256 ${model.sha256}, ${model.bytes} bytes)` : ""}` +
                `${model.other != null ? `; ${model.other} has that name but is another file` : ""}. It was looked for as ${model.stored} beside the image and in ` +
                `${model.searched.join(", ")}. Put the file in one of those folders before ${summary.persona} chats, or export the persona again with --with-model.`);
            break;
        default:
            model satisfies never;
    }
    const parent = summary.parent;
    if (parent != null) lines.push(parent.linked ? `It delegates to ${parent.name} of this image, as it did to ${parent.name} in its own.`
        : `It delegated to ${parent.name} in its own image, which this image lacks: here it delegates to nothing. ` +
            `Re-link it with \`living-image eval "${summary.persona} parent: PERSONA" --save\`.`);
    const linked = summary.personas.filter((p) => p.linked && p.name !== parent?.name).map((p) => p.name);
    const unlinked = summary.personas.filter((p) => !p.linked && p.name !== parent?.name).map((p) => p.name);
    if (linked.length > 0) lines.push(`The personas it names (${linked.join(", ")}) are those of this image.`);
    if (unlinked.length > 0) lines.push(`It names personas this image lacks (${unlinked.join(", ")}): where it holds them, it now holds nil.`);
    return lines.join("\n");
}

/** A GGUF path typed on the command line is relative to the working folder; the image keeps it relative to itself. */
function specFromCommandLine(spec: string, runtime: Runtime): string {
    const file = spec.startsWith("embedded:") ? spec.slice("embedded:".length) : spec;
    if (isModelUri(file)) return spec;
    const relative = path.relative(path.dirname(path.resolve(runtime.image.path)), path.resolve(file));
    return relative.startsWith("..") || path.isAbsolute(relative) ? path.resolve(file) : relative.split(path.sep).join("/");
}
