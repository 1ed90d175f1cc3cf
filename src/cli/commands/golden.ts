import {writeFile} from "node:fs/promises";
import {describeFileError} from "../../image/index.js";
import {goldenFormats, goldenToJsonl, GoldenSampleError, importGoldenSamplesAndSave, readGoldenJsonl} from "../../oracle/index.js";
import type {GoldenFormat} from "../../oracle/index.js";
import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import type {CliOptions, Command} from "./index.js";

const usage = "golden export PERSONA [FILE] [--format chatml|openai]  or  golden import PERSONA FILE [--format chatml|openai]";

function formatOf(options: CliOptions): GoldenFormat {
    const format = options.format ?? "chatml";
    if (!(goldenFormats as readonly string[]).includes(format)) throw new UsageError(`--format must be chatml or openai, not ${JSON.stringify(format)}.`);
    return format as GoldenFormat;
}

/**
 * `living-image golden export PERSONA [FILE] --format chatml|openai`: the persona's golden dataset as JSONL
 * (`{"messages": [...]}` a line, with the persona's system prompt first, as its chat lays it out), to FILE or stdout.
 * `living-image golden import PERSONA FILE`: reads such JSONL back, validated line by line, adds the samples
 * that are not already there, and saves the image.
 */
export const goldenCommand: Command = async (args, options) => {
    const [action, persona, file, ...extra] = args;
    if (persona == null || extra.length > 0) throw new UsageError(`Usage: living-image ${usage}.`);
    const format = formatOf(options);
    switch (action) {
        case "export": {
            await using runtime = await openRuntime(options, {write: false});
            const record = runtime.manager.get(persona).record;
            // The system prompt the persona chats with, so that what is exported is what the loop trains on.
            const text = goldenToJsonl(record.goldenDataset.toArray(), format, {system: runtime.systemPromptOf(runtime.manager.get(persona))});
            if (file == null) process.stdout.write(text);
            else {
                await writeFile(file, text, "utf8");
                const summary = {persona: record.name, format, file, samples: record.goldenDataset.length};
                console.log(options.json ? JSON.stringify(summary) : `Wrote ${summary.samples} ${record.name} golden samples to ${file} (${format} JSONL).`);
            }
            return 0;
        }
        case "import": {
            if (file == null) throw new UsageError(`golden import needs the FILE to read: living-image golden import ${persona} FILE.jsonl.`);
            // Every line is checked before the image is touched: a bad file adds nothing.
            const conversations = await readGoldenJsonl(file, format).catch((error: unknown) => {
                if (error instanceof GoldenSampleError) throw error;
                const code = (error as NodeJS.ErrnoException).code;
                if (typeof code !== "string") throw error;
                throw new UsageError(`Cannot read ${file}: ${describeFileError(error) ?? code}. ${code === "ENOENT" || code === "ENOTDIR" || code === "EISDIR"
                    ? "Check the path: name the JSONL file to import." : "Check the file and its permissions."}`);
            });
            await using runtime = await openRuntime(options, {write: true});
            // Written once, into the saved image: a crash before the save completes leaves the image without any of them.
            const result = await importGoldenSamplesAndSave(runtime, persona, conversations, file);
            const name = runtime.manager.get(persona).name;
            console.log(options.json ? JSON.stringify({persona: name, file, format, ...result})
                : `Imported ${result.added} golden samples into ${name} from ${file} (${result.duplicates} already there).`);
            return 0;
        }
        default:
            throw new UsageError(`golden takes export or import, not ${JSON.stringify(action)}. Usage: living-image ${usage}.`);
    }
};
