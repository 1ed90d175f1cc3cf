// The whole strategic loop on the embedded model, on two cores: a persona (BRICK by default) chats (one thread) while ALFRED judges in the
// background (another thread), golden samples accumulate, and at the forge threshold (500 by default, per persona)
// a cycle starts by itself, trains, validates and swaps. Figures: interactions and judgements per minute (against
// chats alone, the baseline measured first in the same run), the golden rate, and the minutes from the threshold's
// golden sample to the swap (goal: under 10), by stage. Then the measures of the closing note: the judge on a
// held-out labelled set (Spearman, axis agreement, golden precision/recall), persona attribution on held-out
// prompts, and the persona's style-marker rate before and after the swap.
// `LOOP_THRESHOLD=40 npm run bench -- loop` runs it at a smaller threshold (minutes instead of hours).
// `LOOP_PERSONA=BABS` runs it on another persona (default BRICK, whose greedy replies already carry more than half of
// his style markers, so the style ratio is capped below ×2; BABS's carry about a fifth of hers).
// `LOOP_PRELOAD=490` starts the persona's dataset with that many golden conversations of an earlier session (imported, as
// `living-image golden import` does; written in its codex voice by the genesis corpus), so that the cycle at the
// default threshold of 500 is reached after a few real judged chats: it times the threshold-to-swap stage at 500
// samples without the hours of chatting before it (those are given by the rates measured in the same run).
// Run alone with `npx tsx bench/loop.ts`.
import {pathToFileURL} from "node:url";
import type {EventOf} from "../src/index.js";
import {createEngine} from "../src/llm/index.js";
import type {NodeLlamaCppEngine} from "../src/llm/index.js";
import {installStrategicLoop} from "../src/loops/index.js";
import {curationSettings, importGoldenSamples} from "../src/oracle/index.js";
import {freshRuntime} from "../test/oracle/helpers.js";
import {attribution, goldenConversations, heldOutPrompts, judgeQuality, labelledSet, styleOf} from "../test/loops/measures.js";
import {formatRatio, table} from "./measure.js";

const topics = ["a failing test", "a merge conflict", "a deadline", "a code review", "a memory leak", "a flaky test", "a release",
    "a job interview", "a hard exam", "a new job", "a rainy morning", "a lost key", "a first talk", "a budget", "a refactor",
    "a broken build", "a migration", "a garden", "a cache", "the message bus", "the inspector", "a slow benchmark", "a long run",
    "a noisy neighbour", "a move to a new city", "learning to cook", "saving the image", "a new adapter", "the golden dataset"];
const templates = ["How should I handle {t}?", "Is {t} a problem?", "What do you think about {t}?", "Give me a plan for {t}.",
    "Why does {t} matter?", "Help me reason about {t}."];

/** The i-th question of an endless varied series. */
function question(i: number): string {
    return templates[i % templates.length]!.replace("{t}", topics[Math.floor(i / templates.length) % topics.length]!);
}

export async function benchLoop(): Promise<void> {
    const threshold = Number(process.env["LOOP_THRESHOLD"] ?? 500);
    const preload = Number(process.env["LOOP_PRELOAD"] ?? 0);
    const name = process.env["LOOP_PERSONA"] ?? "BRICK";
    console.log(`\n## loop (${name} on the embedded model, two cores: chat and judge one thread each; forge threshold ${threshold}` +
        `${preload > 0 ? `; ${preload} golden samples of an earlier session imported first` : ""})`);
    const {runtime, cleanup} = await freshRuntime();
    const engine = createEngine("node-llama-cpp", {threads: 1, chatWrapper: "chatml"}) as NodeLlamaCppEngine;
    runtime.attachEngine(engine);
    try {
        runtime.image.update((d) => {
            d.settings.forgeThreshold = threshold;
        });
        const brick = runtime.manager.get(name);
        const held = (await heldOutPrompts(778, 8)).filter((p) => p.persona === name).map((p) => p.question);
        const styleBefore = await styleOf(runtime, engine, name, held, null);

        // 1. Baseline: chats alone, nothing judging.
        const baselineChats = 12;
        let started = performance.now();
        for (let i = 0; i < baselineChats; i++) await runtime.chat(brick, question(1000 + i));
        const chatAloneMs = (performance.now() - started) / baselineChats;

        if (preload > 0) {
            const {added} = importGoldenSamples(runtime, name, await goldenConversations(4242, name, preload), "bench:earlier-session");
            console.log(`  ${added} golden samples of an earlier session imported into ${name}'s dataset.`);
        }

        // 2. The loop: chats while ALFRED judges each in the background, until the threshold starts a cycle.
        const stages: {at: number, text: string}[] = [];
        let thresholdAt: number | null = null;
        let swappedAt: number | null = null;
        let finished: EventOf<"forgeFinished"> | null = null;
        const loop = installStrategicLoop(runtime, {judge: {attempts: 2}});
        runtime.bus.subscribe({type: ["slotChanged", "transcript", "adapterSwapped", "forgeFinished"]}, (event) => {
            const now = performance.now();
            if (event.type === "slotChanged" && event.persona === name && event.slot === "goldenDataset" && thresholdAt == null &&
                brick.record.goldenDataset.length >= curationSettings(brick.record, runtime.image.state.settings).forgeThreshold) thresholdAt = now;
            if (event.type === "transcript" && event.persona === name && event.text.startsWith(`${name}'s improvement cycle:`)) stages.push({at: now, text: event.text.trim()});
            if (event.type === "adapterSwapped" && event.persona === name) swappedAt = now;
            if (event.type === "forgeFinished" && event.persona === name) finished = event;
        });
        started = performance.now();
        let chats = 0;
        const baseCount = brick.record.scrapbook.length;
        while (thresholdAt == null && chats < threshold * 20) {
            await runtime.chat(brick, question(chats));
            chats++;
            if (chats % 50 === 0) console.log(`  … ${chats} chats, ${loop.judged.length} judged, ${brick.record.goldenDataset.length} golden`);
        }
        const chatEnd = performance.now();
        await loop.whenIdle();
        const end = performance.now();
        const judged = loop.judged.filter((j) => j.ok && j.persona === name).length;
        const golden = brick.record.goldenDataset.length - preload;
        const outcome = loop.history(name).at(-1);
        const minutes = (ms: number) => ms / 60_000;
        table([
            ["", "per minute", "ratio"],
            ["chats alone (baseline)", (1 / minutes(chatAloneMs)).toFixed(1), "1.00×"],
            ["interactions, with ALFRED judging alongside", (chats / minutes(chatEnd - started)).toFixed(1), formatRatio((chats / minutes(chatEnd - started)) * minutes(chatAloneMs))],
            ["judgements (same run, until the threshold)", (judged / minutes(chatEnd - started)).toFixed(1), formatRatio((judged / minutes(chatEnd - started)) * minutes(chatAloneMs))]
        ]);
        console.log(`  ${chats} interactions (+${brick.record.scrapbook.length - baseCount - chats} other), ${judged} judged, ${golden} golden: golden rate ` +
            `${(100 * golden / Math.max(1, judged)).toFixed(1)}%.`);
        if (thresholdAt != null) {
            const last = swappedAt ?? end;
            console.log(`  From the golden sample that crossed the threshold to the ${swappedAt == null ? "end of the cycle (no swap)" : "swap"}: ` +
                `${minutes(last - thresholdAt).toFixed(2)} minutes (goal: under 10, ${minutes(last - thresholdAt) < 10 ? "met" : "not met"}).`);
            for (const stage of stages) console.log(`    +${minutes(stage.at - thresholdAt).toFixed(2)} min ${stage.text}`);
        }
        if (outcome != null) console.log(`  Cycle: ${outcome.decision}${"lossBefore" in outcome ? `, held-out loss ${outcome.lossBefore.toFixed(3)} → ${outcome.lossAfter.toFixed(3)} ` +
            `(${(100 * (outcome.lossAfter / outcome.lossBefore - 1)).toFixed(1)}%), Oracle ${outcome.scoreBefore?.toFixed(2) ?? "n/a"} → ${outcome.scoreAfter?.toFixed(2) ?? "n/a"}` : ""}: ${outcome.why}`);
        else console.log(`  No cycle ran${finished == null ? "" : `: ${(finished as EventOf<"forgeFinished">).message}`}.`);

        // 3. The persona's voice before and after, on held-out prompts (greedy replies).
        const adapter = brick.record.activeAdapterPath == null ? null : runtime.manager.resolve(brick.record.activeAdapterPath);
        if (adapter != null) {
            const styleAfter = await styleOf(runtime, engine, name, held, adapter);
            console.log(`  ${name}'s codex style markers in greedy replies to ${held.length} held-out prompts: ${styleBefore.rate.toFixed(2)} before, ` +
                `${styleAfter.rate.toFixed(2)} after (${formatRatio(styleAfter.rate / Math.max(1e-9, styleBefore.rate))}; goal ×2).`);
            console.log(`    before: ${styleBefore.replies[0]}\n    after:  ${styleAfter.replies[0]}`);
        }
        await loop.dispose();

        // 4. The judge and the voices, on held-out sets.
        const judge = (await import("../src/oracle/index.js")).judgeFor(runtime, {attempts: 2, adapter: null});
        const quality = await judgeQuality(runtime, judge, await labelledSet(777, 30));
        await judge.dispose();
        console.log(`  Judge on ${quality.judged} held-out labelled exchanges (${quality.failed} failed): Spearman ${quality.spearman.toFixed(3)} (goal ≥ 0.6), ` +
            `axis scores exact ${(100 * quality.axisAgreement).toFixed(0)}%, golden precision ${quality.goldenPrecision.toFixed(2)} recall ${quality.goldenRecall.toFixed(2)}.`);
        for (const r of quality.rationales.slice(0, 4)) console.log(`    ${r}`);
        const voices = await attribution(runtime, engine, await heldOutPrompts(779, 8));
        console.log(`  Persona attribution of greedy replies to ${voices.total} held-out prompts: ${(100 * voices.byLikelihood).toFixed(0)}% by the model's own ` +
            `likelihood under each persona's system prompt, ${(100 * voices.byMarkers).toFixed(0)}% by codex style markers (goal ≥ 90%).`);
    } finally {
        await cleanup();
    }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) await benchLoop();
