import {renderProgressBar} from "../../forge/index.js";
import type {ForgeBackend} from "../../forge/index.js";
import {CycleError, describeCycle} from "../../loops/index.js";
import type {CycleSettings} from "../../loops/index.js";
import {formatError} from "../exitCodes.js";
import {UsageError} from "../UsageError.js";
import {openRuntime, strategicLoopOf} from "../openRuntime.js";
import {colorsFor} from "../cliColors.js";
import {progressLine} from "../progressLine.js";
import type {Command} from "./index.js";
import {forgeMerge, forgePeftExport, mergeUsage, peftUsage} from "./forgeTools.js";

const backends: readonly ForgeBackend[] = ["numpy", "unsloth", "peft"];

/**
 * `living-image forge PERSONA [--steps N] [--lr X] [--backend numpy|unsloth|peft --hf-model ID]`: one improvement
 * cycle of the strategic loop, run now and watched: the same cycle `BRICK improve` and the forge threshold start
 * (the persona's golden samples laid out with its chat's system prompt, trained from its current adapter,
 * compared with that adapter on the held-out samples by loss and by ALFRED's scores, swapped in only when better,
 * deleted otherwise, and recorded in `history`). The image is saved afterwards, whatever the outcome.
 */
export const forgeCommand: Command = async (args, options) => {
    const [name] = args;
    // Persona names are upper case: lower-case words are the forge's tools.
    if (name === "merge") return forgeMerge(args.slice(1), options);
    if (name === "peft-export") return forgePeftExport(args.slice(1), options);
    if (name == null || args.length > 1) throw new UsageError("forge takes one PERSONA: living-image forge BRICK [--steps N] [--lr X] [--backend numpy|unsloth|peft --hf-model ID]; " +
        `or a tool: ${mergeUsage}, ${peftUsage}.`);
    const settings: Partial<CycleSettings> = {};
    if (options.steps != null) {
        const steps = Number(options.steps);
        if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`--steps must be a whole number of at least 1, not ${JSON.stringify(options.steps)}.`);
        settings.steps = steps;
        settings.maxEpochs = null; // the steps asked for, however few the samples
    }
    if (options.lr != null) {
        const lr = Number(options.lr);
        if (!(lr > 0) || !Number.isFinite(lr)) throw new UsageError(`--lr must be a positive number such as 0.002, not ${JSON.stringify(options.lr)}.`);
        settings.lr = lr;
    }
    const backend = (options.backend ?? "numpy") as ForgeBackend;
    if (!backends.includes(backend)) throw new UsageError(`--backend must be numpy, unsloth or peft, not ${JSON.stringify(options.backend)}.`);
    if (backend !== "numpy" && options.hfModel == null)
        throw new UsageError(`--backend ${backend} trains the Hugging Face model your GGUF was converted from: name it with --hf-model ORG/NAME (or a local directory). ` +
            "Without a GPU stack, leave --backend out: the numpy forge trains on the CPU.");
    if (backend === "numpy" && options.hfModel != null) throw new UsageError("--hf-model is for --backend unsloth or peft; the numpy forge trains the GGUF itself.");
    if (options.readOnly) throw new UsageError("forge changes the image (its adapter and history): leave out --read-only.");

    await using runtime = await openRuntime(options, {write: true});
    const proto = runtime.manager.get(name);
    const loop = strategicLoopOf(runtime);
    if (loop == null) throw new UsageError(`The image ${options.image} is open read-only, so ${proto.name} cannot be improved.`);
    const out = process.stdout;
    const colors = colorsFor(out);
    const bar = progressLine(out);
    const barWidth = Math.max(10, Math.min(40, (out.columns ?? 80) - 45));
    let interrupted = false;
    // `on`, not `once`: execa's exit hook (signal-exit) re-raises a signal that has no other listener, which
    // killed this process before the cancel could finish and remove the job folder. A second Ctrl-C ends it at once.
    const onSigint = () => {
        if (interrupted) process.exit(130);
        interrupted = true;
        loop.cancel(proto.name);
    };
    process.on("SIGINT", onSigint);
    try {
        const outcome = await loop.improve(proto.name, "manual", {
            settings, backend, ...(options.hfModel == null ? {} : {hfModel: options.hfModel}),
            onStage: (_stage, detail) => {
                bar.done();
                if (!options.json) out.write(`${colors.accent(proto.name)}: ${detail}…\n`);
            },
            onForgeEvent: (event) => {
                if (event.type === "progress" && !options.json) bar.update(renderProgressBar(event, barWidth, {done: colors.ok, rest: colors.muted}), event.step / Math.max(1, event.total));
            }
        });
        bar.done();
        await runtime.save();
        if (options.json) console.log(JSON.stringify({...outcome, at: outcome.at.toISOString()}));
        else console.log((outcome.decision === "swapped" ? colors.ok : colors.warn)(describeCycle(outcome)) + " The image is saved.");
        return 0;
    } catch (error) {
        bar.done();
        // A failed or cancelled cycle is in the persona's history: keep that record.
        if (error instanceof CycleError) await runtime.save();
        // Ctrl-C: the cancel is what was asked for; say so, and end as an interrupted command does (128 + SIGINT).
        if (interrupted && error instanceof CycleError && error.cancelled) {
            process.stderr.write(formatError(error, 1) + "\n");
            return 130;
        }
        throw error;
    } finally {
        process.off("SIGINT", onSigint);
    }
};
