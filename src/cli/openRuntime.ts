import {access, stat} from "node:fs/promises";
import path from "node:path";
import {checkModelFile, isModelUri} from "../gguf/index.js";
import {isRedisBus} from "../bus/index.js";
import {backupPathFor, journalPathFor, resolveImagePath} from "../image/index.js";
import {enableOllama, enableOpenAi, enableVllm, EngineRouter, formatEngineSpec, parseEngineSpec} from "../llm/index.js";
import {installStrategicLoop, Runtime} from "../index.js";
import type {StrategicLoop} from "../index.js";
import {defaultScoutSources, installEvolutionLoop} from "../loops/index.js";
import type {EvolutionLoop} from "../loops/index.js";
import type {CliOptions} from "./commands/index.js";
import {escapeTerminal} from "./escapeTerminal.js";
import {UsageError} from "./UsageError.js";

/**
 * Opens the image named by the options and attaches an engine router: each persona runs on the engine its spec
 * names (the embedded one for a GGUF, an Ollama, vLLM or OpenAI-compatible server), or on this session's
 * `--model` / `--model NAME=SPEC`. An engine loads a model only when a persona first chats, so opening stays fast.
 *
 * How a command runs the strategic loop: `judging: "each"` (the browser) judges every interaction as it completes
 * and the backlog the image holds, in the background, and starts cycles by itself; the default ("manual") leaves
 * interactions in the image's backlog for the browser or `living-image judge`, and starts cycles only with
 * `autoForge` (the `judge` command).
 */
export async function openRuntime(options: CliOptions, mode: {write: boolean, judging?: "each" | "manual", autoForge?: boolean}): Promise<Runtime> {
    if (!await exists(options.image)) {
        // An image that is gone but left its backup or journal is the store's to explain (it offers the .bak);
        // only where nothing is left is `new` the right advice.
        const real = resolveImagePath(options.image);
        if (!await exists(backupPathFor(real)) && !await nonEmpty(journalPathFor(real)))
            throw new UsageError(`There is no image at ${options.image}. Create one with \`living-image new ${options.image}\`, or pass --image FILE.`);
    }
    // A file that is not a whole GGUF base model is refused here, with what is wrong with it, before anything loads it.
    const overrides = await sessionModels(options);
    for (const dir of options.models) {
        const info = await stat(dir).catch(() => null);
        if (info?.isDirectory() !== true) throw new UsageError(`--models ${dir}: no such folder. Pass a folder that holds GGUF models.`);
    }
    const runtime = await Runtime.open(options.image, {
        modelDirs: options.models,
        readOnly: options.readOnly || !mode.write,
        recover: options.recover,
        bus: options.bus
    });
    // A shared bus that cannot be reached fails the command now, with what to do, before anything is changed:
    // a command that went on would wait for it without a word (publishing buffers, flushing waits).
    if (isRedisBus(runtime.bus)) {
        try {
            await runtime.bus.waitConnected(busConnectMs);
        } catch (error) {
            await runtime.dispose();
            throw error;
        }
    }
    // What opening had to do (a torn journal line dropped, a backup opened, a journal set aside) is said, never silent.
    for (const notice of runtime.image.recovery.notices) process.stderr.write(escapeTerminal(`living-image: ${notice}`) + "\n");
    const unknown = Object.keys(overrides.personas).filter((name) => runtime.manager.findByName(name) == null);
    if (unknown.length > 0) {
        await runtime.dispose();
        throw new UsageError(`--model ${unknown[0]}=…: ${options.image} has no persona ${unknown[0]}. Its personas: ${runtime.manager.list().map((p) => p.name).join(", ") || "(none)"}. ` +
            "Name one of them, or write a file name with = in it as ./NAME=….gguf.");
    }
    enableOllama();
    enableVllm();
    enableOpenAi();
    runtime.attachEngine(new EngineRouter({embedded: {threads: options.threads}}), {modelOverrides: overrides});
    if (!runtime.image.readOnly) {
        // The strategic loop gives personas `improve` and `history`; it judges each interaction only in the
        // long-lived browser, where background work has time to finish.
        const each = mode.judging === "each";
        const loop = installStrategicLoop(runtime, {judging: {mode: each ? "each" : "manual"}, backlog: each, autoForge: mode.autoForge ?? each});
        loops.set(runtime, loop);
        runtime.onDispose(async () => {
            // A one-shot command waits for the cycle it started (`eval "BRICK improve"`); quitting the
            // browser cancels a running cycle instead, which changes nothing.
            if (mode.judging !== "each") await loop.whenIdle();
            await loop.dispose();
        });
        // The philosophical loop: BABS scouts on demand, a request goes through the sandbox; only the long-lived
        // browser scouts in the background when idle.
        const evolution = installEvolutionLoop(runtime, {
            background: mode.judging === "each", sources: () => defaultScoutSources(runtime, {extraDirs: options.models})
        });
        evolutions.set(runtime, evolution);
        runtime.onDispose(async () => {
            if (mode.judging !== "each") await evolution.whenIdle();
            await evolution.dispose();
        });
    }
    return runtime;
}

const evolutions = new WeakMap<Runtime, EvolutionLoop>();

/** The philosophical loop openRuntime installed on a runtime, if any. */
export function evolutionLoopOf(runtime: Runtime): EvolutionLoop | undefined {
    return evolutions.get(runtime);
}

const loops = new WeakMap<Runtime, StrategicLoop>();

/** How long a command waits for a shared bus (Redis) to answer before it gives up with a message. */
const busConnectMs = 5_000;

/** The strategic loop openRuntime installed on a runtime, if any. */
export function strategicLoopOf(runtime: Runtime): StrategicLoop | undefined {
    return loops.get(runtime);
}

/** The `--model` options as engine specs, a GGUF file resolved from the working folder and checked whole. */
async function sessionModels(options: CliOptions): Promise<{all: string | null, personas: Record<string, string>}> {
    const read = async (spec: string): Promise<string> => {
        const target = parseEngineSpec(spec);
        if (target.kind !== "embedded") return formatEngineSpec(target);
        if (isModelUri(target.model)) return target.model;
        const file = path.resolve(target.model);
        await checkModelFile(file);
        return file;
    };
    const personas: Record<string, string> = {};
    for (const [name, spec] of Object.entries(options.modelFor)) personas[name] = await read(spec);
    return {all: options.model == null ? null : await read(options.model), personas};
}

async function exists(file: string): Promise<boolean> {
    return access(file).then(() => true, () => false);
}

async function nonEmpty(file: string): Promise<boolean> {
    return stat(file).then((s) => s.size > 0, () => false);
}
