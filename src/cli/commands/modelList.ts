import {colorsFor} from "../cliColors.js";
import type {CliColors} from "../cliColors.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {modelCatalog} from "../modelCatalog.js";
import type {FileModel, OllamaModelEntry} from "../modelCatalog.js";
import {formatBytes, formatParameters, licenceLabel} from "../modelUnits.js";
import {UsageError} from "../UsageError.js";
import type {CliOptions} from "./index.js";

const headings = ["NAME", "SIZE", "ARCH", "PARAMS", "QUANT", "TEMPLATE", "CONTEXT", "LICENCE", "USED BY"];

/**
 * `living-image model list [--ollama URL|off] [--json]`: every model the command line can see, one line each: the
 * GGUF base models in the folders of the models search path (and any a persona names elsewhere), then the models of
 * the Ollama server; size, architecture, parameters, quantization, chat template, context length, licence, and the
 * personas of the image that use it. An Ollama server that does not answer is one line, never a wait.
 */
export async function modelList(args: string[], options: CliOptions): Promise<number> {
    if (args.length > 0) throw new UsageError("model list takes no argument: living-image model list [--models DIR] [--ollama URL|off] [--json].");
    const catalog = await modelCatalog(options);
    if (options.json) {
        console.log(JSON.stringify(catalog, null, 2));
        return 0;
    }
    const c = colorsFor(process.stdout);
    const e = escapeTerminal;
    const rows: {folder: string | null, cells: string[]}[] = [
        ...catalog.files.map((m) => ({folder: `${m.folder}  (${m.via})`, cells: fileCells(m)})),
        ...(catalog.ollama?.models ?? []).map((m) => ({folder: null, cells: ollamaCells(m)}))
    ];
    const widths = headings.map((h, i) => Math.max(h.length, ...rows.map((r) => r.cells[i]!.length)));
    const line = (cells: string[], paint: (text: string, column: number) => string) =>
        "  " + cells.map((cell, i) => paint(i === cells.length - 1 ? cell : cell.padEnd(widths[i]!), i)).join("  ").trimEnd();
    const paintRow = (cells: string[]) => line(cells.map(e), (text, i) => i === 0 ? c.accent(text) : i === 8 ? c.ok(text) : text);
    const header = () => console.log(c.muted(line(headings, (text) => text)));

    console.log(c.strong("GGUF models on the models search path and in node-llama-cpp's models folder"));
    let folder: string | null = null;
    if (catalog.files.length === 0) console.log(c.muted("  none: the folders below hold no GGUF base model"));
    else header();
    for (const row of rows.filter((r) => r.folder != null)) {
        if (row.folder !== folder) console.log(c.muted(`  ${e(row.folder!)}`));
        folder = row.folder;
        console.log(paintRow(row.cells));
    }
    for (const bad of catalog.unreadable) console.log(c.error(`  ${e(bad.path)}: cannot be read: ${e(bad.problem)}`));
    if (catalog.adapters > 0) console.log(c.muted(`  (${catalog.adapters} LoRA adapter file${catalog.adapters === 1 ? "" : "s"} in these folders: adapters, not models)`));
    console.log(c.muted(`  searched: ${catalog.folders.map((d) => e(d.dir)).join(", ")}`));

    const ollama = catalog.ollama;
    if (ollama != null) {
        console.log();
        console.log(c.strong(`Ollama at ${e(ollama.origin)}`) + c.muted(` (${ollama.by})`));
        if (ollama.problem != null) console.log((ollama.by === "the default address" ? c.muted : c.warn)(`  ${e(ollama.problem)}`));
        else if (ollama.models.length === 0) console.log(c.muted("  no models: `ollama pull NAME` adds one"));
        else {
            header();
            for (const model of ollama.models) {
                console.log(paintRow(ollamaCells(model)));
                if (model.problem != null) console.log(c.warn(`    ${e(model.problem)}`));
            }
        }
    }
    console.log();
    console.log(personasLine(catalog.image, catalog.imageProblem, options.image, c));
    return 0;
}

function fileCells(m: FileModel): string[] {
    const quant = m.fileType != null && m.dominantType != null && m.fileType !== m.dominantType && !m.fileType.startsWith(m.dominantType + "_")
        ? `${m.fileType} (${m.dominantType})` : m.fileType ?? m.dominantType ?? "?";
    const name = m.projectModel ? `${m.file} *` : m.file;
    return [name, formatBytes(m.bytes), m.architecture ?? "?", formatParameters(m.parameters), quant, m.templateKind ?? "none",
        m.contextLength == null ? "?" : String(m.contextLength), licenceLabel(m.license), m.usedBy.join(", ")];
}

function ollamaCells(m: OllamaModelEntry): string[] {
    return [m.tag, formatBytes(m.bytes), m.architecture ?? "?", m.parameters > 0 ? formatParameters(m.parameters) : m.parameterSize ?? "?",
        m.quantization ?? "?", m.problem != null ? "?" : m.templateKind ?? "none", m.contextLength == null ? "?" : String(m.contextLength),
        m.problem != null && m.license == null ? "?" : licenceLabel(m.license), m.usedBy.join(", ")];
}

function personasLine(image: string | null, problem: string | null, asked: string, c: CliColors): string {
    if (problem != null) return c.warn(`USED BY is empty: the image ${escapeTerminal(asked)} could not be read (${escapeTerminal(problem)}).`);
    if (image == null) return c.muted(`USED BY is empty: there is no image at ${escapeTerminal(asked)} (--image FILE names another).`);
    return c.muted(`USED BY: the personas of ${escapeTerminal(image)} whose base model it is. * a model committed with the project (\`model rm\` needs --force).`);
}
