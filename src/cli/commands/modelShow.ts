import {fingerprintModel, ggmlTypeName, readGgufHeader, tensorBytes} from "../../gguf/index.js";
import type {GgufValue} from "../../gguf/index.js";
import {colorsFor} from "../cliColors.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {findModel} from "../findModel.js";
import type {FileModel, OllamaModelEntry} from "../modelCatalog.js";
import {formatBytes, formatParameters} from "../modelUnits.js";
import {UsageError} from "../UsageError.js";
import type {CliOptions} from "./index.js";

/**
 * `living-image model show NAME|FILE [--json]`: everything about one model. A GGUF file: its facts, sha256, the
 * bytes of each tensor type, every metadata key (long arrays such as the vocabulary only counted) and its chat
 * template; an Ollama model: what /api/show says, Modelfile and template included.
 */
export async function modelShow(args: string[], options: CliOptions): Promise<number> {
    const [name, ...rest] = args;
    if (name == null || rest.length > 0) throw new UsageError("model show takes one model: living-image model show NAME|FILE [--json] (NAME as `model list` shows it).");
    const found = await findModel(name, options);
    if (found.kind === "unreadable") throw new UsageError(`${found.path} is not a model that can be read: ${found.problem}.`);
    if (found.kind === "ollama") return showOllama(found.model, options);
    return showFile(found.model, options);
}

async function showFile(model: FileModel, options: CliOptions): Promise<number> {
    const header = await readGgufHeader(model.path, {maxArrayElements: 16});
    const {sha256} = await fingerprintModel(model.path);
    const byType = new Map<string, {count: number, bytes: number}>();
    for (const tensor of header.tensors) {
        const type = ggmlTypeName(tensor.ggmlType) ?? `type ${tensor.ggmlType}`;
        const entry = byType.get(type) ?? {count: 0, bytes: 0};
        entry.count++;
        entry.bytes += Number(tensorBytes(tensor.ggmlType, tensor.dimensions) ?? 0n);
        byType.set(type, entry);
    }
    const tensorTypes = [...byType].map(([type, t]) => ({type, ...t})).sort((a, b) => b.bytes - a.bytes);
    const metadata = Object.fromEntries([...header.metadata].map(([key, value]) => [key, jsonValue(value)]));
    if (options.json) {
        console.log(JSON.stringify({...model, sha256, ggufVersion: header.version, tensors: header.tensors.length, tensorTypes, metadata}, null, 2));
        return 0;
    }
    const c = colorsFor(process.stdout);
    const e = escapeTerminal;
    const row = (label: string, value: string) => console.log(`  ${c.muted(label.padEnd(14))}${e(value)}`);
    console.log(c.accent(e(model.file)) + (model.projectModel ? c.muted("  (committed with the project)") : ""));
    row("path", `${model.path}  (${model.via})`);
    row("size", `${formatBytes(model.bytes)} (${model.bytes} bytes)`);
    row("sha256", sha256);
    row("name", model.name ?? "(none recorded)");
    row("architecture", model.architecture ?? "unknown");
    row("parameters", `${model.parameters.toLocaleString("en")} (${formatParameters(model.parameters)})`);
    row("quantization", `file type ${model.fileType ?? "not recorded"}; most tensor bytes ${model.dominantType ?? "?"}`);
    row("tensor types", tensorTypes.map((t) => `${t.type} ×${t.count} (${formatBytes(t.bytes)})`).join(", "));
    row("layers", model.layers == null ? "?" : String(model.layers));
    row("embedding", model.embeddingLength == null ? "?" : String(model.embeddingLength));
    row("context", model.contextLength == null ? "?" : `${model.contextLength} tokens`);
    row("tokenizer", model.tokenizer ?? "?");
    row("licence", model.license ?? "unknown (the file has no general.license)");
    row("chat template", model.templateKind == null ? "none (node-llama-cpp then picks a wrapper by itself)" : model.templateKind);
    row("used by", model.usedBy.length === 0 ? "no persona of the image" : model.usedBy.join(", "));
    console.log(c.strong(`Metadata (GGUF v${header.version}, ${header.tensors.length} tensors):`));
    for (const [key, value] of header.metadata) {
        if (key === "tokenizer.chat_template") continue;
        console.log(`  ${c.muted(key)} = ${e(printValue(value))}`);
    }
    if (model.chatTemplate != null) {
        console.log(c.strong("Chat template:"));
        console.log(e(model.chatTemplate).split("\n").map((l) => `  ${l}`).join("\n"));
    }
    return 0;
}

function showOllama(model: OllamaModelEntry, options: CliOptions): number {
    if (options.json) {
        console.log(JSON.stringify(model, null, 2));
        return 0;
    }
    const c = colorsFor(process.stdout);
    const e = escapeTerminal;
    const row = (label: string, value: string) => console.log(`  ${c.muted(label.padEnd(14))}${e(value)}`);
    console.log(c.accent(e(model.tag)) + c.muted(`  (Ollama at ${e(model.origin)})`));
    row("size", model.bytes == null ? "?" : `${formatBytes(model.bytes)} (${model.bytes} bytes)`);
    row("digest", model.digest ?? "?");
    row("modified", model.modifiedAt ?? "?");
    row("architecture", model.architecture ?? "unknown");
    row("parameters", model.parameters > 0 ? `${model.parameters.toLocaleString("en")} (${formatParameters(model.parameters)})` : model.parameterSize ?? "?");
    row("quantization", model.quantization ?? "?");
    row("context", model.contextLength == null ? "?" : `${model.contextLength} tokens`);
    row("chat template", model.templateKind ?? "none");
    row("used by", model.usedBy.length === 0 ? "no persona of the image" : model.usedBy.join(", "));
    row("licence", model.license == null ? "unknown (Ollama gives none)" : model.license.trim().split(/\r?\n/)[0]!);
    for (const [title, text] of [["Parameters", model.settings], ["Template", model.template], ["Licence", model.license], ["Modelfile", model.modelfile]] as const) {
        if (text == null) continue;
        console.log(c.strong(`${title}:`));
        console.log(e(text.trimEnd()).split("\n").map((l) => `  ${l}`).join("\n"));
    }
    return 0;
}

function jsonValue(value: GgufValue): unknown {
    if (typeof value === "bigint") return value.toString();
    if (Array.isArray(value)) return value.map(jsonValue);
    return value;
}

function printValue(value: GgufValue): string {
    if (Array.isArray(value)) return value.length === 0 ? "[…] (a long array, not shown)" : `[${value.map(printValue).join(", ")}]`;
    if (typeof value === "string") return JSON.stringify(value.length > 200 ? `${value.slice(0, 200)}…` : value);
    return String(value);
}
