import {makeEvent, type ChatMessage, type EventSink, type GoldenSample} from "../objects/index.js";
import type {ForgeBackend} from "./ForgeEvent.js";
import {ForgeCommandError} from "./ForgeCommandError.js";
import {ForgeError} from "./ForgeError.js";
import type {ForgeResult} from "./ForgeResult.js";
import type {ForgeOptions} from "./ForgeRun.js";
import {forgeBusPublisher} from "./forgeBusPublisher.js";
import type {TokenizedSample} from "./LoraJob.js";
import {renderProgressBar} from "./renderProgressBar.js";
import {runLora} from "./runLora.js";

export type ForgeCommandArgs = {persona: string, steps?: number, backend?: ForgeBackend};

/** What `forgeCommand` needs from the layers above it; the CLI builds these from its runtime. */
export type ForgeCommandDeps = {
    /** The persona's base model and golden dataset, as the image holds them (throw for an unknown persona). */
    persona(name: string): {baseModelPath: string | null, goldenDataset: readonly GoldenSample[]},
    /** Lays a conversation out for `baseModel` exactly as inference does (llm's `engine.tokenizeChat`). */
    tokenize(baseModel: string, messages: ChatMessage[]): Promise<TokenizedSample>,
    /** Where adapters go (default "adapters"): the forge writes `<dir>/<persona>/<persona-lower>-<sha16>.gguf`. */
    adaptersDir?: string,
    /** The terminal: progress redraws in place when `isTTY`, else one line per tenth of the run. */
    out: {write(text: string): void, isTTY?: boolean, columns?: number},
    /** Where `forgeProgress` and `forgeFinished` go, for a TUI or `bus tail` watching. */
    bus?: EventSink,
    /** Ctrl-C: aborting it cancels the forge. */
    signal?: AbortSignal,
    /** For `--backend unsloth|peft`: the Hugging Face model matching the base model's tokenizer. */
    hfModel?: string,
    forge?: Pick<ForgeOptions, "python" | "forgeDir" | "jobDir" | "cancelGraceMs" | "threads">
};

/**
 * `living-image forge PERSONA [--steps N] [--backend numpy|unsloth|peft]`: tokenizes the persona's golden
 * dataset (held-out samples become the validation split), trains a LoRA adapter, shows a progress bar with
 * the loss, and returns the verified result. It does not swap the adapter in: that is the runtime's
 * decision.
 * @throws ForgeCommandError before training when the persona has no base model or no golden samples;
 *   a ForgeError or InvalidAdapterError when the run fails.
 */
export async function forgeCommand(args: ForgeCommandArgs, deps: ForgeCommandDeps): Promise<ForgeResult> {
    const record = deps.persona(args.persona);
    const baseModel = record.baseModelPath;
    if (baseModel == null)
        throw new ForgeCommandError(args.persona, "it has no base model", "Give it one (`living-image new FILE --model GGUF`, or set baseModelPath), then forge again.");
    if (record.goldenDataset.length === 0)
        throw new ForgeCommandError(args.persona, "its golden dataset is empty", "Talk with it and let ALFRED curate golden samples first.");
    const train: TokenizedSample[] = [];
    const validation: TokenizedSample[] = [];
    for (const sample of record.goldenDataset)
        (sample.heldOut ? validation : train).push(await deps.tokenize(baseModel, sample.messages));
    if (train.length === 0)
        throw new ForgeCommandError(args.persona, `all ${validation.length} golden samples are held out for validation`, "Curate more golden samples.");

    const publish = deps.bus == null ? null : forgeBusPublisher(deps.bus, args.persona);
    const progress = progressWriter(deps.out);
    // Room for the counters and the loss beside the bar on a narrow terminal.
    const barWidth = Math.max(10, Math.min(40, (deps.out.columns ?? 80) - 45));
    deps.out.write(`Forging a LoRA adapter for ${args.persona} on ${baseModel}: ${train.length} training, ${validation.length} validation samples` +
        `${args.backend == null ? "" : `, ${args.backend} backend`}.\n`);
    const run = runLora({baseModel, persona: args.persona, adaptersDir: deps.adaptersDir ?? "adapters", train, validation,
        ...(args.steps == null ? {} : {steps: args.steps}), ...(deps.hfModel == null ? {} : {hfModel: deps.hfModel})}, {
        ...deps.forge,
        ...(args.backend == null ? {} : {backend: args.backend}),
        ...(deps.signal == null ? {} : {signal: deps.signal}),
        onEvent: (event) => {
            publish?.(event);
            if (event.type === "progress") progress(renderProgressBar(event, barWidth), event.step === event.total, event.step / Math.max(1, event.total));
        }
    });
    try {
        const result = await run.result;
        progress("", true, 1);
        const losses = result.validationBefore == null ? "" :
            ` validation loss ${result.validationBefore.toFixed(3)} → ${result.validationAfter?.toFixed(3) ?? "?"}`;
        deps.out.write(`Adapter ${result.adapterPath} (sha256 ${result.sha256.slice(0, 16)}…) verified;${losses} in ${(result.ms / 1000).toFixed(1)} s.\n`);
        deps.bus?.publish(makeEvent({type: "forgeFinished", persona: args.persona, ok: true, artifact: result.adapterPath,
            message: `trained${losses}`}));
        return result;
    } catch (error) {
        progress("", true, 1);
        deps.bus?.publish(makeEvent({type: "forgeFinished", persona: args.persona, ok: false, artifact: null,
            message: error instanceof ForgeError ? error.message.split("\n")[0]! : String(error)}));
        throw error;
    }
}

/** Redraws one line in place on a terminal; elsewhere (a log, a pipe) writes a line per tenth of the run. */
function progressWriter(out: ForgeCommandDeps["out"]): (line: string, final: boolean, fraction: number) => void {
    let shownTenth = -1;
    let drawn = false;
    return (line, final, fraction) => {
        if (out.isTTY) {
            if (line !== "") {
                out.write(`\r${line}\u001b[K`);
                drawn = true;
            }
            if (final && drawn) {
                out.write("\n");
                drawn = false;
            }
            return;
        }
        const tenth = Math.floor(fraction * 10);
        if (line !== "" && (tenth > shownTenth || final)) {
            out.write(line + "\n");
            shownTenth = tenth;
        }
    };
}
