import path from "node:path";
import {describeLineage, describeScoutRun, lineageOf, sandboxVerdicts} from "../../loops/index.js";
import type {EvolutionLoop, EvolutionSettings, LineageEntry, ScoutRun} from "../../loops/index.js";
import type {LivingEvent} from "../../objects/index.js";
import type {Runtime} from "../../runtime/index.js";
import {UsageError} from "../UsageError.js";
import {evolutionLoopOf, openRuntime} from "../openRuntime.js";
import {progressLine} from "../progressLine.js";
import type {Command, CliOptions} from "./index.js";

/**
 * `living-image scout [PERSONA]`: BABS scouts candidate base models for the persona (for every persona with held-out
 * golden samples when none is named), and a step change goes on through the sandbox; with evolutionMode "ask"
 * the ascension then waits for `living-image ascend PERSONA`. Progress goes to stderr; Ctrl-C cancels, changing nothing.
 */
export const scoutCommand: Command = async (args, options) => {
    if (args.length > 1) throw new UsageError("scout takes at most one PERSONA: living-image scout [BRICK] [--json].");
    return withLoop(options, async (runtime, loop) => {
        const names = args.length === 1 ? [runtime.manager.get(args[0]!).name]
            : runtime.manager.list().map((p) => runtime.manager.findByName(p.name)!)
                .filter((r) => r.slots["cloneOf"] == null && r.goldenDataset.some((s) => s.heldOut)).map((r) => r.name);
        if (names.length === 0) throw new UsageError("No persona has held-out golden samples to measure candidates on. Curate some first (living-image judge, golden import).");
        const runs: ScoutRun[] = [];
        for (const name of names) runs.push(await loop.scout(name));
        // A step change starts the sandbox (and, in automatic mode, the ascension): wait for it.
        await loop.whenIdle();
        const results = runs.map((run) => {
            const record = runtime.manager.get(run.persona).record;
            const verdict = sandboxVerdicts(record.slots).findLast((v) => v.runId === run.runId) ?? null;
            return {run, sandbox: verdict, pending: loop.pending(run.persona), lineage: lineageOf(record).findLast((e) => e.id === run.runId) ?? null};
        });
        if (options.json) console.log(JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
        else for (const {run, sandbox, pending} of results) {
            console.log(describeScoutRun(run));
            if (sandbox != null) console.log(`  sandbox: ${sandbox.why}`);
            if (pending != null) console.log(`  waiting for approval: living-image ascend ${run.persona} (or decline: living-image eval "${run.persona} declineAscension")`);
        }
        return 0;
    });
};

/** `living-image ascend PERSONA [--to MODEL]`: the Ascension protocol, to the model named or to the one waiting for approval. */
export const ascendCommand: Command = async (args, options) => {
    const [name] = args;
    if (name == null || args.length > 1) throw new UsageError("ascend takes one PERSONA: living-image ascend BRICK [--to MODEL.gguf] [--steps N].");
    const settings: Partial<EvolutionSettings> = {};
    if (options.steps != null) {
        const steps = Number(options.steps);
        if (!Number.isInteger(steps) || steps < 1) throw new UsageError(`--steps must be a whole number of at least 1, not ${JSON.stringify(options.steps)}.`);
        settings.ascensionSteps = steps;
    }
    return withLoop(options, async (runtime, loop) => {
        const entry = await loop.ascend(runtime.manager.get(name).name, options.to == null ? undefined : path.resolve(options.to), {settings});
        print(options, entry);
        return 0;
    });
};

/** `living-image descend PERSONA`: undoes the latest ascension (base, adapter and dataset together). */
export const descendCommand: Command = async (args, options) => {
    const [name] = args;
    if (name == null || args.length > 1) throw new UsageError("descend takes one PERSONA: living-image descend BRICK.");
    return withLoop(options, async (runtime, loop) => {
        print(options, await loop.descend(runtime.manager.get(name).name));
        return 0;
    });
};

/** `living-image lineage PERSONA`: every ascension and descent, with models, sha256, evidence and dataset versions. */
export const lineageCommand: Command = async (args, options) => {
    const [name] = args;
    if (name == null || args.length > 1) throw new UsageError("lineage takes one PERSONA: living-image lineage BRICK [--json].");
    await using runtime = await openRuntime(options, {write: false});
    const record = runtime.manager.get(name).record;
    const entries = lineageOf(record);
    if (options.json) console.log(JSON.stringify(entries, null, 2));
    else if (entries.length === 0) console.log(`${record.name} has not ascended: it is on its first base model (${record.baseModelPath ?? "none"}).`);
    else for (const entry of entries) console.log(describeLineage(entry));
    return 0;
};

/** Opens the image with the philosophical loop, shows its progress on stderr, cancels on Ctrl-C, and saves afterwards. */
async function withLoop(options: CliOptions, work: (runtime: Runtime, loop: EvolutionLoop) => Promise<number>): Promise<number> {
    if (options.readOnly) throw new UsageError("This command changes the image: leave out --read-only.");
    await using runtime = await openRuntime(options, {write: true});
    const loop = evolutionLoopOf(runtime);
    if (loop == null) throw new UsageError(`The image ${options.image} is open read-only.`);
    // One progress line per stage: a new stage (training, re-curation…) starts its own line.
    let bar = progressLine(process.stderr);
    let shown = "";
    const unsubscribe = runtime.bus.subscribe({type: ["evolutionProgress", "evolutionFinished"]}, (event: LivingEvent) => {
        if (event.type === "evolutionProgress") {
            const key = `${event.persona}:${event.stage}`;
            if (key !== shown) {
                bar.done();
                bar = progressLine(process.stderr);
                shown = key;
            }
            bar.update(`${event.persona ?? ""} ${event.stage} ${event.step}/${event.total}: ${event.message}`.slice(0, 160), event.step / Math.max(1, event.total));
        } else if (event.type === "evolutionFinished") {
            bar.done();
            shown = "";
            process.stderr.write(`${event.persona ?? ""} ${event.stage}: ${event.message}\n`);
        }
    });
    const onSigint = () => loop.cancel();
    // `on`, not `once`: execa's signal-exit, also listening, re-raises SIGINT (killing the process before the
    // cancellation can leave things clean) when it finds itself the only listener left.
    process.on("SIGINT", onSigint);
    try {
        const code = await work(runtime, loop);
        bar.done();
        await runtime.save();
        return code;
    } finally {
        bar.done();
        unsubscribe();
        process.off("SIGINT", onSigint);
    }
}

function print(options: CliOptions, entry: LineageEntry): void {
    if (options.json) console.log(JSON.stringify(entry, null, 2));
    else console.log(describeLineage(entry));
}
