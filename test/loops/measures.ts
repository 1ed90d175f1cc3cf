import {execFile} from "node:child_process";
import path from "node:path";
import {promisify} from "node:util";
import type {Runtime} from "../../src/index.js";
import {defaultForgeDir} from "../../src/forge/index.js";
import type {ChatTurn, NodeLlamaCppEngine} from "../../src/llm/index.js";
import type {ChatMessage} from "../../src/objects/index.js";
import type {Judge} from "../../src/oracle/index.js";
import {rubricFor, spearman, styleRate} from "../../src/oracle/index.js";

/**
 * The measures the strategic loop is judged by, shared by its end-to-end test and `npm run bench -- loop`:
 * the judge against a held-out labelled set, each persona's voice (attribution and style markers) on held-out
 * prompts. The labelled set and the prompts come from the genesis corpus (forge-py/forge/genesis/corpus), on
 * topics the genesis model never saw.
 */
const run = promisify(execFile);

async function python<T>(expression: string): Promise<T> {
    const {stdout} = await run("python3", ["-c", `import json, sys\nfrom forge.genesis.corpus import labelled_set, held_out_prompts, golden_conversations\n` +
        `from forge.genesis.prompts import load_codices\nsys.stdout.write(json.dumps(${expression}))`],
    {cwd: path.resolve("."), env: {...process.env, PYTHONPATH: defaultForgeDir}, maxBuffer: 64 << 20});
    return JSON.parse(stdout) as T;
}

export type LabelledItem = {persona: string, family: string, levels: Record<string, number>, label: number, messages: ChatMessage[]};

/** Held-out labelled exchanges: each axis written at a level (1, 3 or 5), `label` their weighted mean on the persona's rubric. */
export function labelledSet(seed: number, perPersona: number): Promise<LabelledItem[]> {
    return python(`labelled_set(${seed}, load_codices("codices"), ${perPersona})`);
}

/** Conversations in the persona's codex voice, every axis at 5, on training topics: an earlier session's curated samples. */
export function goldenConversations(seed: number, persona: string, count: number): Promise<ChatMessage[][]> {
    return python(`golden_conversations(${seed}, ${JSON.stringify(persona)}, ${count})`);
}

/** Questions on held-out topics, per persona. */
export function heldOutPrompts(seed: number, perPersona: number): Promise<{persona: string, question: string}[]> {
    return python(`held_out_prompts(${seed}, ${perPersona})`);
}

export type JudgeQuality = {
    spearman: number, judged: number, failed: number,
    /** Share of axes scored exactly at their label's level. */
    axisAgreement: number,
    /** The golden decision (≥ threshold) against the label's. */
    goldenPrecision: number, goldenRecall: number,
    rationales: string[]
};

/** Judges every labelled item and compares the weighted scores with the labels. */
export async function judgeQuality(runtime: Runtime, judge: Judge, items: readonly LabelledItem[], threshold = 4.5): Promise<JudgeQuality> {
    const scores: number[] = [];
    const labels: number[] = [];
    let agree = 0;
    let axes = 0;
    let failed = 0;
    let tp = 0;
    let fp = 0;
    let fn = 0;
    const rationales = new Set<string>();
    for (const item of items) {
        const rubric = rubricFor(runtime.manager.get(item.persona).record.codex);
        try {
            const verdict = await judge.judge(rubric, item.messages);
            scores.push(verdict.scores.golden);
            labels.push(item.label);
            for (const [axis, level] of Object.entries(item.levels)) {
                axes++;
                if (verdict.scores.axes[axis]?.score === level) agree++;
                rationales.add(`${item.persona} ${axis} ${verdict.scores.axes[axis]?.score}: ${verdict.scores.axes[axis]?.rationale}`);
            }
            const said = verdict.scores.golden >= threshold;
            const truth = item.label >= threshold;
            if (said && truth) tp++;
            else if (said) fp++;
            else if (truth) fn++;
        } catch {
            failed++;
        }
    }
    return {
        spearman: spearman(scores, labels), judged: scores.length, failed, axisAgreement: axes === 0 ? 0 : agree / axes,
        goldenPrecision: tp + fp === 0 ? Number.NaN : tp / (tp + fp), goldenRecall: tp + fn === 0 ? Number.NaN : tp / (tp + fn),
        rationales: [...rationales].slice(0, 12)
    };
}

/** The engine's greedy reply of `persona` (its chat's system prompt, the given adapter) to one question, without touching its chat. */
export async function greedyReply(runtime: Runtime, engine: NodeLlamaCppEngine, persona: string, question: string,
    options: {adapter?: string | null, maxTokens?: number} = {}): Promise<string> {
    const proto = runtime.manager.get(persona);
    const record = proto.record;
    const key = `${record.personaId}#measure:${options.adapter ?? "base"}`;
    const system = runtime.systemPromptOf(proto);
    await engine.attach({personaId: key, name: record.name, systemPrompt: system, model: runtime.manager.resolve(record.baseModelPath!),
        adapter: options.adapter === undefined ? (record.activeAdapterPath == null ? null : runtime.manager.resolve(record.activeAdapterPath)) : options.adapter});
    const reply = await engine.complete(key, [{role: "system", content: system}, {role: "user", content: question}], {maxTokens: options.maxTokens ?? 160, temperature: 0});
    return reply.text;
}

export type Attribution = {
    /** Share of replies whose own persona's system prompt makes them most likely (the model's own likelihood). */
    byLikelihood: number,
    /** Share of replies that show more of their persona's codex style markers than of any other's. */
    byMarkers: number,
    total: number,
    confusions: string[]
};

/**
 * Attributes each persona's greedy replies to held-out prompts: by the bits the model needs for the reply under each
 * persona's system prompt (the lowest names the persona), and by whose codex style markers the reply shows most.
 */
export async function attribution(runtime: Runtime, engine: NodeLlamaCppEngine, prompts: readonly {persona: string, question: string}[]): Promise<Attribution> {
    const candidates = ["BRICK", "ROBIN", "ALFRED", "BABS"];
    const systems = candidates.map((name) => runtime.systemPromptOf(runtime.manager.get(name)));
    const codices = candidates.map((name) => runtime.manager.get(name).record.codex);
    const model = runtime.manager.resolve(runtime.manager.get("BRICK").record.baseModelPath!);
    let likely = 0;
    let marked = 0;
    const confusions: string[] = [];
    for (const prompt of prompts) {
        const reply = await greedyReply(runtime, engine, prompt.persona, prompt.question, {adapter: null});
        const histories: ChatTurn[][] = systems.map((system) => [{role: "system", content: system}, {role: "user", content: prompt.question}, {role: "assistant", content: reply}]);
        const bits = (await engine.replyBits(model, null, histories)).items.map((item) => item?.bits ?? Infinity);
        const best = bits.indexOf(Math.min(...bits));
        if (candidates[best] === prompt.persona && bits.filter((b) => b === bits[best]).length === 1) likely++;
        else confusions.push(`${prompt.persona} → ${candidates[best]}: ${reply.slice(0, 80)}`);
        const rates = codices.map((codex) => styleRate(codex, [reply]).rate);
        const top = Math.max(...rates);
        if (rates[candidates.indexOf(prompt.persona)] === top && rates.filter((r) => r === top).length === 1) marked++;
    }
    return {byLikelihood: likely / prompts.length, byMarkers: marked / prompts.length, total: prompts.length, confusions: confusions.slice(0, 8)};
}

/** The rate of `persona`'s codex style markers in its greedy replies to `questions`, with the given adapter (null: bare base). */
export async function styleOf(runtime: Runtime, engine: NodeLlamaCppEngine, persona: string, questions: readonly string[], adapter: string | null): Promise<{rate: number, replies: string[]}> {
    const replies: string[] = [];
    for (const question of questions) replies.push(await greedyReply(runtime, engine, persona, question, {adapter}));
    return {rate: styleRate(runtime.manager.get(persona).record.codex, replies).rate, replies};
}
