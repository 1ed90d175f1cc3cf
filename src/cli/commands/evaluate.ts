import {readFile} from "node:fs/promises";
import {codec} from "../../image/index.js";
import {printString} from "../../index.js";
import {escapeTerminal} from "../escapeTerminal.js";
import {UsageError} from "../UsageError.js";
import {openRuntime, strategicLoopOf} from "../openRuntime.js";
import {watchCycles} from "../watchCycles.js";
import type {CliOptions, Command} from "./index.js";

async function evaluateAndPrint(source: string, options: CliOptions): Promise<number> {
    await using runtime = await openRuntime(options, {write: !options.readOnly});
    const transcript: string[] = [];
    runtime.bus.subscribe({type: "transcript"}, (event) => {
        if (event.type === "transcript") transcript.push(event.text);
    });
    const loop = strategicLoopOf(runtime);
    const waiting = loop?.backlog().length ?? 0;
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
    if (options.json) console.log(JSON.stringify({value: codec.serialize(toPlain(value)).json, printString: printString(value), transcript: transcript.join("")}));
    else console.log(escapeTerminal(printString(value)));
    // `BRICK improve` started a cycle: show it to the end, then save what it changed with the rest.
    if (loop != null && !options.json) await watchCycles(runtime, loop);
    if (options.save) {
        await loop?.whenIdle();
        await runtime.save();
    }
    // The interactions this code made wait in the image for the Oracle; say how they get judged.
    const backlog = loop?.backlog().length ?? 0;
    if (loop != null && backlog > waiting && !options.json)
        process.stderr.write(`${backlog} interaction${backlog === 1 ? "" : "s"} wait${backlog === 1 ? "s" : ""} for ${loop.judge.name}'s judgement: ` +
            "`living-image judge`, or open the browser, which judges in the background.\n");
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
