import {ChatRepl} from "../ChatRepl.js";
import {openRuntime, strategicLoopOf} from "../openRuntime.js";
import {UsageError} from "../UsageError.js";
import {escapeTerminal} from "../escapeTerminal.js";
import type {Command} from "./index.js";

/**
 * `living-image chat PERSONA`: talk to a persona in the terminal, one conversation, replies streamed.
 * Each turn is recorded in the persona's scrapbook and waits for the Oracle like any interaction; the
 * journal keeps it, and `--save` writes the image when the chat ends.
 */
export const chatCommand: Command = async (args, options) => {
    if (args.length !== 1) throw new UsageError("chat takes one PERSONA, e.g. living-image chat BRICK.");
    await using runtime = await openRuntime(options, {write: !options.readOnly});
    const persona = runtime.manager.get(args[0]!).name;
    const loop = strategicLoopOf(runtime);
    const waiting = loop?.backlog().length ?? 0;
    // What the runtime tells about this persona (its adapter left out under --model…) is said, on stderr.
    runtime.bus.subscribe({type: "transcript"}, (event) => {
        if (event.type === "transcript" && event.persona === persona) process.stderr.write(escapeTerminal(event.text));
    });
    const repl = new ChatRepl(runtime, persona, {input: process.stdin, output: process.stdout});
    const turns = await repl.run();
    if (options.save && !runtime.image.readOnly) await runtime.save();
    if (turns > 0) {
        const where = runtime.image.readOnly ? "not recorded (the image is read-only)"
            : options.save ? "recorded in the scrapbook and saved" : "recorded in the scrapbook (the journal keeps them; --save writes the image)";
        const backlog = (loop?.backlog().length ?? 0) - waiting;
        process.stderr.write(`${turns} turn${turns === 1 ? "" : "s"} with ${persona} ${where}.` +
            (loop != null && backlog > 0 ? ` ${backlog} wait${backlog === 1 ? "s" : ""} for ${loop.judge.name}'s judgement: \`living-image judge\`, or the browser.` : "") + "\n");
    }
    return 0;
};
