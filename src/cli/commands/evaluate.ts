import {readFile} from "node:fs/promises";
import {codec} from "../../image/index.js";
import {printString} from "../../index.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import type {CliOptions, Command} from "./index.js";

async function evaluateAndPrint(source: string, options: CliOptions): Promise<number> {
    await using runtime = await openRuntime(options, {write: !options.readOnly});
    const transcript: string[] = [];
    runtime.bus.subscribe({type: "transcript"}, (event) => {
        if (event.type === "transcript") transcript.push(event.text);
    });
    let value: unknown;
    try {
        value = await runtime.evaluate(source);
    } catch (error) {
        // What the code wrote before it failed is part of the answer: show it before the error.
        await runtime.bus.flush();
        if (transcript.length > 0 && !options.json) process.stdout.write(transcript.join(""));
        throw error;
    }
    // Handlers the code triggered (a persona subscribed to what it published) finish before the image is saved or closed.
    await runtime.bus.flush();
    if (transcript.length > 0 && !options.json) process.stdout.write(escapeTerminal(transcript.join("")));
    if (options.save) await runtime.save();
    if (options.json) console.log(JSON.stringify({value: codec.serialize(toPlain(value)).json, printString: printString(value), transcript: transcript.join("")}));
    else console.log(escapeTerminal(printString(value)));
    return 0;
}

function toPlain(value: unknown): unknown {
    try {
        codec.stringify(value);
        return value;
    } catch {
        return printString(value);
    }
}

export const evalCommand: Command = async (args, options) => {
    if (args.length !== 1) throw new UsageError(`eval takes one SOURCE argument in quotes, e.g. living-image eval '3 + 4'.`);
    return evaluateAndPrint(args[0]!, options);
};

export const runCommand: Command = async (args, options) => {
    if (args.length !== 1) throw new UsageError("run takes one FILE.st argument.");
    const source = await readFile(args[0]!, "utf8").catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`Cannot read ${args[0]} (${error.code ?? error.message}).`);
    });
    return evaluateAndPrint(source, options);
};
