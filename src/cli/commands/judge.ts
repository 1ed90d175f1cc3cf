import {renderProgressBar} from "../../forge/index.js";
import {curationSettings} from "../../oracle/index.js";
import {cycleHistory} from "../../loops/index.js";
import type {JudgedInteraction} from "../../loops/index.js";
import {UsageError} from "../UsageError.js";
import {openRuntime, strategicLoopOf} from "../openRuntime.js";
import {progressLine} from "../progressLine.js";
import {watchCycles} from "../watchCycles.js";
import type {Command} from "./index.js";

/**
 * `living-image judge [PERSONA]`: ALFRED works through the backlog the image holds, every interaction nobody has
 * judged yet (chats from `eval` and `run`, dialogues, answers to unknown messages, an old scrapbook), with a
 * progress bar. Golden ones join the persona's dataset; when a persona crosses its forge threshold, its
 * improvement cycle starts by itself and the command shows it to the end. The image is saved afterwards.
 */
export const judgeCommand: Command = async (args, options) => {
    if (args.length > 1) throw new UsageError("judge takes at most one PERSONA: living-image judge [BRICK].");
    if (options.readOnly) throw new UsageError("judge records verdicts in the image: leave out --read-only.");
    await using runtime = await openRuntime(options, {write: true, autoForge: true});
    const loop = strategicLoopOf(runtime);
    if (loop == null) throw new UsageError(`The image ${options.image} is open read-only: nothing can be judged.`);
    const judge = loop.judge.name;
    let personas = loop.judgedPersonas();
    if (args[0] != null) {
        const name = runtime.manager.get(args[0]).name;
        if (name === judge) throw new UsageError(`${judge} is the judge: its own interactions are not judged. Name another persona, or none for all.`);
        personas = [name];
    }
    const out = process.stdout;
    const total = loop.backlog(personas).length;
    if (!options.json) out.write(total === 0 ? `Nothing to judge: ${judge} has judged every interaction of ${personas.join(", ")}.\n`
        : `${judge} judges ${total} interaction${total === 1 ? "" : "s"} of ${personas.join(", ")}.\n`);
    const bar = progressLine(out);
    const width = Math.max(10, Math.min(30, (out.columns ?? 80) - 55));
    let golden = 0;
    const results: JudgedInteraction[] = await loop.judgeBacklog({
        personas,
        onProgress: (done, all, result) => {
            if (result.ok && result.curation.sample?.added === true) golden++;
            if (options.json) return;
            const last = result.ok ? `${result.persona} ${result.curation.scores.golden.toFixed(2)}${result.curation.sample?.added === true ? " golden" : ""}` : `${result.persona} skipped`;
            bar.update(`${renderProgressBar({step: done, total: all, loss: null, tokensPerSecond: null}, width)} · ${golden} golden · last: ${last}`, done / Math.max(1, all));
        }
    });
    bar.done();
    if (!options.json && loop.improving().length > 0) out.write(`Forge threshold crossed: ${loop.improving().join(", ")} improving now.\n`);
    await watchCycles(runtime, loop, out);
    await runtime.save();

    const failed = results.filter((r) => !r.ok).length;
    const byPersona = personas.map((name) => {
        const record = runtime.manager.get(name).record;
        const last = cycleHistory(record.performanceMetrics).at(-1);
        const since = record.goldenDataset.length - (last?.datasetSize ?? 0);
        return {persona: name, golden: record.goldenDataset.length, sinceLastCycle: since, threshold: curationSettings(record, runtime.image.state.settings).forgeThreshold};
    });
    if (options.json) {
        console.log(JSON.stringify({judge, judged: results.length - failed, failed, curated: golden, personas: byPersona}));
        return 0;
    }
    console.log(`${judge} judged ${results.length - failed} interaction${results.length - failed === 1 ? "" : "s"}` +
        `${failed === 0 ? "" : ` (${failed} could not be judged and are marked so)`}; ${golden} became golden samples.`);
    for (const p of byPersona) console.log(`  ${p.persona}: ${p.golden} golden samples, ${p.sinceLastCycle} since its last cycle (its forge threshold is ${p.threshold}).`);
    return 0;
};
