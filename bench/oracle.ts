// Oracle: interactions judged per minute on the embedded model (stories260K with a ChatML wrapper until the
// embedded model exists), threads 1. Baselines measured in the same run: an unconstrained completion of the
// same prompt and length (the cost of the JSON-schema grammar), and the bare judge against the whole loop path
// (bus event → judge → record → curate), so the loop's own overhead shows as a ratio.
// Then one improvement cycle on 24 scripted BRICK conversations: the held-out loss of the new adapter against the
// current one (the baseline), both measured by the forge in the same run.
// Run alone with `npx tsx bench/oracle.ts`.
import path from "node:path";
import {pathToFileURL} from "node:url";
import {createEngine} from "../src/llm/index.js";
import {installStrategicLoop, StrategicLoop} from "../src/loops/index.js";
import {judgeFor, judgePrompt, rubricFor} from "../src/oracle/index.js";
import {addInteraction, exchange, freshRuntime, scriptedBrick, testModel, testJudge} from "../test/oracle/helpers.js";
import {formatRatio, table} from "./measure.js";

const transcripts = [
    exchange("BRICK, what is a test?", "A test is a claim with a witness. Premise one: code runs."),
    exchange("BRICK, should I refactor first?", "First the test, then the refactor. Therefore, not yet."),
    exchange("BRICK, how do I split this task?", "Three parts: read, change, check. Flamingos stand on one leg."),
    exchange("BRICK, is this bug a feature?", "Only if it is documented. It is not. So: a bug."),
    exchange("BRICK, what comes first?", "The premise. Then the conclusion. Then the snack."),
    exchange("BRICK, which option is best?", "Option two: it has fewer moving parts and one more joke.")
];
const rounds = 2;
const judgeOptions = {...testJudge, temperature: 0};

export async function benchOracle(): Promise<void> {
    console.log(`\n## oracle (${testModel.embedded ? "embedded model" : `${path.basename(testModel.path)}, ChatML wrapper`}, threads 1)`);
    const {runtime, cleanup} = await freshRuntime();
    const engine = createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml"});
    runtime.attachEngine(engine);
    try {
        const judge = judgeFor(runtime, judgeOptions);
        const rubric = rubricFor(runtime.manager.get("BRICK").record.codex);
        await judge.judge(rubric, transcripts[0]!); // warm-up: model load and grammar compilation

        // 1. The bare judge: structured output, checked verdicts.
        let tokens = 0;
        let started = performance.now();
        for (let r = 0; r < rounds; r++) for (const t of transcripts) tokens += (await judge.judge(rubric, t)).completion.completionTokens;
        const judgeMs = performance.now() - started;
        const judged = rounds * transcripts.length;
        const meanTokens = Math.round(tokens / judged);

        // 2. Baseline: the same prompts, unconstrained, the same number of tokens.
        const alfred = runtime.manager.get("ALFRED").record;
        const {budget, system} = await judge.prepare();
        const key = `${alfred.personaId}#judge`;
        started = performance.now();
        for (let r = 0; r < rounds; r++) for (const t of transcripts)
            await engine.complete(key, judgePrompt(rubric, t, {system, maxChars: budget.maxPromptChars}), {maxTokens: meanTokens, temperature: 0});
        const freeMs = performance.now() - started;

        // 3. The loop's path: chatCompleted on the bus → judge → scores and metric recorded → golden sample curated.
        runtime.image.update((d) => {
            d.settings.goldenThreshold = 1;
        });
        const loop = new StrategicLoop(runtime, {judge, autoForge: false});
        started = performance.now();
        for (let r = 0; r < rounds; r++) for (const t of transcripts)
            addInteraction(runtime, "BRICK", [t[0]!, {role: "assistant", content: `${t[1]!.content} (${r})`}], {announce: true});
        await loop.whenIdle();
        const loopMs = performance.now() - started;
        const ok = loop.judged.filter((j) => j.ok).length;
        await loop.dispose();
        await judge.dispose();

        const perMinute = (n: number, ms: number) => (n / (ms / 60_000)).toFixed(1);
        table([
            ["", "per minute", "ms each", "ratio"],
            ["unconstrained completion (baseline)", perMinute(judged, freeMs), (freeMs / judged).toFixed(0), "1.00×"],
            ["judge verdict (structured, checked)", perMinute(judged, judgeMs), (judgeMs / judged).toFixed(0), formatRatio(judgeMs / freeMs)],
            ["loop: interaction judged + curated", perMinute(ok, loopMs), (loopMs / Math.max(1, ok)).toFixed(0), formatRatio(loopMs / judgeMs)]
        ]);
        console.log(`  ${judged} verdicts, ${meanTokens} tokens each on average (${(tokens / (judgeMs / 1000)).toFixed(0)} tokens/s); ` +
            `loop judged ${ok}/${judged}, curated ${runtime.manager.get("BRICK").record.goldenDataset.length}. ` +
            "Ratios: judge vs unconstrained (grammar cost), loop vs bare judge (bookkeeping cost).");
    } finally {
        await cleanup();
    }
    await benchCycle();
}

/** One cycle on 24 scripted BRICK conversations (judged by ALFRED, a quarter held out): held-out loss before and after. */
async function benchCycle(): Promise<void> {
    const {runtime, cleanup} = await freshRuntime();
    const engine = createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml"});
    runtime.attachEngine(engine);
    try {
        runtime.image.update((d) => {
            d.settings.goldenThreshold = 1;
            d.settings["heldOutFraction"] = 0.25;
        });
        const loop = installStrategicLoop(runtime, {judge: testJudge, autoForge: false,
            cycle: {steps: 40, rank: 8, batchSize: 8, lr: 5e-3, seed: 1, validationPrompts: 3, replyMaxTokens: 40}});
        let started = performance.now();
        for (const messages of scriptedBrick(24)) addInteraction(runtime, "BRICK", messages, {announce: true});
        await loop.whenIdle();
        const judgeMs = performance.now() - started;
        started = performance.now();
        const outcome = await loop.improve("BRICK");
        const cycleMs = performance.now() - started;
        await loop.dispose();
        table([
            ["cycle on " + (testModel.embedded ? "the embedded model" : path.basename(testModel.path)), "held-out loss", "ratio"],
            ["current (no adapter): baseline", outcome.lossBefore.toFixed(4), "1.00×"],
            [`new adapter (${outcome.steps} steps, rank 8)`, outcome.lossAfter.toFixed(4), formatRatio(outcome.lossAfter / outcome.lossBefore)]
        ]);
        const score = (n: number | null) => (n == null ? "n/a" : n.toFixed(2));
        console.log(`  ${outcome.trainSamples} train / ${outcome.heldOutSamples} held-out samples; Oracle on ${outcome.judgedPrompts} held-out prompts ` +
            `${score(outcome.scoreBefore)} → ${score(outcome.scoreAfter)}; decision ${outcome.decision}. ` +
            `Judging ${(judgeMs / 1000).toFixed(1)} s, cycle ${(cycleMs / 1000).toFixed(1)} s.`);
    } finally {
        await cleanup();
    }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchOracle();
