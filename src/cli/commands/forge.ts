import path from "node:path";
import {forgeCommand as runForge} from "../../forge/index.js";
import type {ForgeBackend} from "../../forge/index.js";
import {UsageError} from "../UsageError.js";
import {openRuntime} from "../openRuntime.js";
import type {Command} from "./index.js";

const backends = new Set<ForgeBackend>(["numpy", "unsloth", "peft"]);

/**
 * `living-image forge PERSONA`: trains a LoRA adapter on the persona's golden dataset (held-out
 * samples validate it), then swaps it in only if its held-out loss is lower than before.
 */
export const forgeCommand: Command = async (args, options) => {
    const [name] = args;
    if (name == null || args.length > 1) throw new UsageError("forge takes one PERSONA: living-image forge BRICK [--steps N] [--backend numpy|unsloth|peft].");
    const steps = options.steps == null ? undefined : Number(options.steps);
    if (steps != null && (!Number.isInteger(steps) || steps < 1)) throw new UsageError(`--steps must be a whole number of at least 1, not ${JSON.stringify(options.steps)}.`);
    const backend = (options.backend ?? "numpy") as ForgeBackend;
    if (!backends.has(backend)) throw new UsageError(`--backend must be numpy, unsloth or peft, not ${JSON.stringify(options.backend)}.`);

    await using runtime = await openRuntime(options, {write: true});
    const proto = runtime.manager.get(name);
    const engine = runtime.engine;
    if (engine == null) throw new UsageError("forge needs the embedded engine to tokenize the golden dataset.");
    const tokenize = (engine as {tokenizeChat?: (model: string, history: {role: "system" | "user" | "assistant", content: string}[]) => Promise<{tokens: number[], mask: number[]}>}).tokenizeChat;
    if (tokenize == null) throw new UsageError(`The ${engine.kind} engine cannot tokenize for the forge; use the embedded engine.`);
    const abort = new AbortController();
    const onSigint = () => abort.abort();
    process.once("SIGINT", onSigint);
    try {
        const result = await runForge({persona: proto.name, steps, backend}, {
            persona: () => {
                const record = proto.record;
                return {baseModelPath: record.baseModelPath == null ? null : runtime.manager.resolve(record.baseModelPath), goldenDataset: record.goldenDataset};
            },
            tokenize: (model, messages) => tokenize.call(engine, model, messages),
            adaptersDir: path.join(path.dirname(path.resolve(options.image)), "adapters"),
            out: process.stdout,
            bus: runtime.bus,
            signal: abort.signal
        });
        const before = result.validationBefore;
        const after = result.validationAfter;
        const better = before != null && after != null && after < before;
        const stored = path.relative(path.dirname(path.resolve(options.image)), result.adapterPath).split(path.sep).join("/");
        if (better) {
            await runtime.manager.atomicSwapAdapter(proto.personaId, stored);
            await runtime.save();
        }
        const summary = {adapter: stored, sha256: result.sha256, validationBefore: before, validationAfter: after, swapped: better, ms: result.ms};
        if (options.json) console.log(JSON.stringify(summary));
        else console.log(`${proto.name}: adapter ${stored}\n  held-out loss ${before?.toFixed(4) ?? "n/a"} → ${after?.toFixed(4) ?? "n/a"}: ` +
            (better ? "better, swapped in and saved." : "not better, the current adapter stays."));
        return 0;
    } finally {
        process.off("SIGINT", onSigint);
    }
};
