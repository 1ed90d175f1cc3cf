import {readdir, stat} from "node:fs/promises";
import path from "node:path";
import {exportPeft, mergeAdapter, renderProgressBar} from "../../forge/index.js";
import type {ForgeEvent, ForgeResult, ForgeRun} from "../../forge/index.js";
import {baseShapesOf, checkAdapter, checkModelFile} from "../../gguf/index.js";
import {colorsFor} from "../cliColors.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {formatError} from "../exitCodes.js";
import {formatBytes} from "../modelUnits.js";
import {progressLine} from "../progressLine.js";
import {UsageError} from "../UsageError.js";
import type {CliOptions} from "./index.js";

export const mergeUsage = "living-image forge merge BASE.gguf ADAPTER.gguf OUT.gguf [--type Q8_0|F16|…] [--scale X] [--force]";
export const peftUsage = "living-image forge peft-export BASE.gguf ADAPTER.gguf OUT_DIR [--force]";

/**
 * `living-image forge merge BASE ADAPTER OUT`: the base model with the adapter folded into its weights, as one GGUF
 * quantized to the base's types (or `--type`): what the Ollama engine falls back to where Ollama refuses `ADAPTER`,
 * and what a server without LoRA support can load. Both inputs are checked (the adapter against the base's shapes)
 * before the forge starts; the merged file is checked as a model before it is reported.
 */
export async function forgeMerge(args: string[], options: CliOptions): Promise<number> {
    const [base, adapter, output, ...rest] = args;
    if (base == null || adapter == null || output == null || rest.length > 0) throw new UsageError(`forge merge takes a base model, an adapter and the merged file: ${mergeUsage}.`);
    let scale: number | undefined;
    if (options.scale != null) {
        scale = Number(options.scale);
        if (!Number.isFinite(scale)) throw new UsageError(`--scale must be a number such as 1 or 0.5, not ${JSON.stringify(options.scale)}.`);
    }
    await checkInputs(base, adapter);
    if (!options.force && await stat(output).then(() => true, () => false))
        throw new UsageError(`${output} exists: name a new file for the merged model, or pass --force to replace it.`);
    const watch = watcher(options, `Merging ${adapter} into ${base}`);
    const result = await watch.follow(mergeAdapter({baseModel: base, adapter, output, ...(scale == null ? {} : {scale}), ...(options.type == null ? {} : {type: options.type})},
        {onEvent: watch.onEvent}));
    if (result == null) return 130;
    const merged = await checkModelFile(result.adapterPath);
    if (options.json) console.log(JSON.stringify({output: result.adapterPath, sha256: result.sha256, bytes: merged.bytes, quantization: merged.quantization, ms: result.ms}));
    else console.log(colorsFor(process.stdout).ok(`Merged into ${escapeTerminal(result.adapterPath)}`) +
        ` (${formatBytes(merged.bytes)}, ${merged.quantization ?? "?"}, sha256 ${result.sha256}) in ${(result.ms / 1000).toFixed(1)} s.`);
    return 0;
}

/**
 * `living-image forge peft-export BASE ADAPTER OUT_DIR`: the adapter in PEFT form (`adapter_model.safetensors` and
 * `adapter_config.json`), what vLLM and transformers load; the vLLM engine makes the same folder by itself.
 */
export async function forgePeftExport(args: string[], options: CliOptions): Promise<number> {
    const [base, adapter, outputDir, ...rest] = args;
    if (base == null || adapter == null || outputDir == null || rest.length > 0) throw new UsageError(`forge peft-export takes a base model, an adapter and a folder: ${peftUsage}.`);
    await checkInputs(base, adapter);
    const existing = await readdir(outputDir).catch(() => null);
    if (existing != null && existing.some((f) => f === "adapter_model.safetensors" || f === "adapter_config.json") && !options.force)
        throw new UsageError(`${outputDir} already holds a PEFT adapter: name another folder, or pass --force to replace it.`);
    const watch = watcher(options, `Writing ${adapter} as a PEFT adapter`);
    const result = await watch.follow(exportPeft({adapter, baseModel: base, outputDir}, {onEvent: watch.onEvent}));
    if (result == null) return 130;
    const files = result.artifacts.map((a) => ({path: a.path, sha256: a.sha256}));
    if (options.json) console.log(JSON.stringify({outputDir: path.resolve(outputDir), files, ms: result.ms}));
    else {
        const c = colorsFor(process.stdout);
        console.log(c.ok(`PEFT adapter written to ${escapeTerminal(path.resolve(outputDir))}`) + ` in ${(result.ms / 1000).toFixed(1)} s:`);
        for (const file of files) console.log(`  ${escapeTerminal(path.basename(file.path))}  ${c.muted(`sha256 ${file.sha256}`)}`);
    }
    return 0;
}

/** The base must be a whole GGUF model and the adapter a LoRA that fits it: said before Python starts. */
async function checkInputs(base: string, adapter: string): Promise<void> {
    const facts = await checkModelFile(path.resolve(base));
    await checkAdapter(path.resolve(adapter), {base: baseShapesOf(facts.header)});
}

/**
 * Shows a run's progress (a bar on a terminal, a line per tenth in a log), cancels it on Ctrl-C (a second one ends
 * the process at once), and answers its result, or null when the user cancelled it.
 */
function watcher(options: CliOptions, what: string) {
    const out = process.stdout;
    const colors = colorsFor(out);
    const bar = progressLine(out);
    const width = Math.max(10, Math.min(40, (out.columns ?? 80) - 45));
    if (!options.json) out.write(`${escapeTerminal(what)}…\n`);
    return {
        onEvent(event: ForgeEvent): void {
            if (event.type === "progress" && !options.json)
                bar.update(renderProgressBar(event, width, {done: colors.ok, rest: colors.muted}), event.step / Math.max(1, event.total));
        },
        async follow(run: ForgeRun): Promise<ForgeResult | null> {
            let interrupted = false;
            const onSigint = () => {
                if (interrupted) process.exit(130);
                interrupted = true;
                run.cancel();
            };
            process.on("SIGINT", onSigint);
            try {
                return await run.result;
            } catch (error) {
                bar.done();
                if (!interrupted) throw error;
                process.stderr.write(formatError(error, 1) + "\n");
                return null;
            } finally {
                bar.done();
                process.off("SIGINT", onSigint);
            }
        }
    };
}
