import {execFile} from "node:child_process";
import {copyFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {promisify} from "node:util";
import {runLora} from "../../../src/forge/index.js";
import type {TokenizedSample} from "../../../src/forge/index.js";
import {GoldenDataset} from "../../../src/objects/index.js";
import type {ChatMessage, GoldenSample, PersonaRecord} from "../../../src/objects/index.js";
import type {Runtime} from "../../../src/runtime/index.js";
import {embeddedModelPath} from "../../../src/runtime/index.js";
import type {EvolutionEngine} from "../../../src/loops/philosophical/index.js";
import {mulberry32} from "../../helpers/mulberry32.js";

const run = promisify(execFile);
const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");
const maker = path.resolve("scripts/makeCandidate.py");

const topics = ["a failing test", "a plan", "a bug", "the image", "a refactor", "a deadline", "a proof", "a loop", "a broken build",
    "a merge", "a queue", "a cache", "a migration", "a release", "a race", "a leak", "a timeout", "a schema", "a backlog", "an outage"];
const facts = ["an octopus has three hearts", "honey never spoils", "bananas are berries", "otters hold hands while they sleep",
    "a snail can sleep for three years", "the moon has moonquakes", "a narwhal tusk is a tooth", "wombats make cube-shaped droppings"];
const counts = ["two", "three", "four", "five"];

/**
 * Conversations in BRICK's codex voice (numbered premises, a conclusion, one cheerful aside, a handoff to ROBIN):
 * a style the genesis model does not write yet, so a model trained further on it predicts BRICK's held-out
 * replies better, and a model that never saw it does worse.
 */
export function codexBrick(count: number, seed: number): ChatMessage[][] {
    const random = mulberry32(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
    return Array.from({length: count}, () => {
        const topic = pick(topics);
        const n = pick(counts);
        return [
            {role: "user" as const, content: `BRICK, how do I handle ${topic}?`},
            {role: "assistant" as const, content: `1. Premise: ${topic} has ${n} parts. 2. Premise: each part can be checked. ` +
                `3. Conclusion: check each part of ${topic}, then act. Logically speaking, that is settled. ` +
                `Unrelated: ${pick(facts)}. Left for ROBIN: how it feels.`}
        ];
    });
}

/** Golden samples from conversations; every `heldOutEvery`-th is held out. */
export function goldenSamples(conversations: ChatMessage[][], heldOutEvery = 3): GoldenSample[] {
    return conversations.map((messages, i) => ({
        id: `sample-${i}`, messages, heldOut: i % heldOutEvery === heldOutEvery - 1,
        provenance: {interactionId: null, judge: "test", model: null, adapter: null, scores: null, at: new Date(0)}
    }));
}

/** Gives a persona a golden dataset. */
export function setGolden(runtime: Runtime, persona: string, samples: GoldenSample[]): void {
    const id = runtime.manager.get(persona).personaId;
    runtime.image.update((draft) => {
        draft.personas[id]!.goldenDataset = GoldenDataset.of(samples);
    }, "test golden dataset");
}

/** The candidate files a scouting test finds in its models folder. */
export type CandidateFiles = {incumbent: string, better: string, worse: string, stories: string, storiesChatml: string, notAModel: string};

/**
 * Makes the candidates in `dir` (a temporary folder): a copy of the embedded model (the incumbent); a better one,
 * the embedded model trained further on BRICK's codex voice (a LoRA trained by the forge, folded into the weights);
 * a worse one, random weights with the embedded tokenizer; stories260K as it is (no chat template) and with a ChatML
 * template (another tokenizer); and a file that is not a model.
 */
export async function makeCandidates(dir: string, engine: EvolutionEngine, system: string): Promise<CandidateFiles> {
    const files: CandidateFiles = {
        incumbent: path.join(dir, "living-image-genesis.gguf"), better: path.join(dir, "genesis-brick-further.gguf"),
        worse: path.join(dir, "random-weights.gguf"), stories: path.join(dir, "stories260K.gguf"),
        storiesChatml: path.join(dir, "stories260K-chatml.gguf"), notAModel: path.join(dir, "notes.gguf")
    };
    await copyFile(embeddedModelPath, files.incumbent);
    await copyFile(storiesModel, files.stories);
    await writeFile(files.notAModel, "These are notes about models, not a model.\n");
    const python = async (...args: string[]) => run("python3", [maker, ...args], {env: {...process.env, PYTHONPATH: path.resolve("forge-py"), FORGE_THREADS: "1"}});
    await python("random", "--like", embeddedModelPath, "--out", files.worse, "--name", "random-weights");
    await python("template", "--base", storiesModel, "--like", embeddedModelPath, "--out", files.storiesChatml, "--name", "stories260K-chatml");
    // Further training: a LoRA on BRICK's codex voice, from conversations the golden dataset does not hold.
    const layout = async (conversations: ChatMessage[][]): Promise<TokenizedSample[]> => Promise.all(conversations.map((messages) =>
        engine.tokenizeChat(embeddedModelPath, [{role: "system", content: system}, ...messages])));
    const result = await runLora({
        baseModel: embeddedModelPath, persona: "BRICK", adaptersDir: path.join(dir, "further"),
        train: await layout(codexBrick(48, 101)), validation: await layout(codexBrick(8, 202)),
        rank: 8, steps: 40, lr: 5e-3, batchSize: 8, seed: 1
    }, {env: {FORGE_THREADS: "1"}}).result;
    await python("merge", "--base", embeddedModelPath, "--adapter", result.adapterPath, "--out", files.better, "--name", "genesis-brick-further");
    return files;
}

/** The persona's state the loop may change, for slot-by-slot comparisons (the loop's bookkeeping slots left out). */
export function snapshot(record: PersonaRecord): Record<string, unknown> {
    const {slots, ...rest} = record;
    const {lineage: _l, goldenDatasetVersions: _v, goldenDatasetVersion: _c, sandboxVerdicts: _s, pendingAscension: _p, ...otherSlots} = slots as Record<string, unknown>;
    return structuredClone({...rest, slots: otherSlots});
}

/** Makes a candidate with random weights and the embedded model's tokenizer (a worse model that loads and chats). */
export async function makeRandomModel(file: string): Promise<void> {
    await run("python3", [maker, "random", "--like", embeddedModelPath, "--out", file, "--name", "random-weights"],
        {env: {...process.env, PYTHONPATH: path.resolve("forge-py"), FORGE_THREADS: "1"}});
}
