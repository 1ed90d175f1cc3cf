import {randomUUID} from "node:crypto";
import {existsSync} from "node:fs";
import path from "node:path";
import {embeddedModelPath} from "../../src/index.js";
import type {Runtime} from "../../src/index.js";
import {freshRuntime as freshImageRuntime} from "../runtime/helpers.js";
import type {ChatMessage} from "../../src/objects/index.js";

/**
 * The model the oracle's real tests run on: the project's embedded ChatML model when it has been made,
 * otherwise stories260K laid out with an explicit ChatML wrapper (it has no chat template).
 * LIVING_IMAGE_TEST_MODEL=FILE.gguf chooses another (e.g. a genesis model being tried out).
 */
export const testModel: {path: string, embedded: boolean} = process.env["LIVING_IMAGE_TEST_MODEL"] != null
    ? {path: path.resolve(process.env["LIVING_IMAGE_TEST_MODEL"]), embedded: false}
    : existsSync(embeddedModelPath)
        ? {path: embeddedModelPath, embedded: true}
        : {path: path.resolve("test/fixtures/models/stories260K.gguf"), embedded: false};

/** A fresh image with the four personas on `model` (the test model by default), opened as a runtime. */
export function freshRuntime(model = testModel.path): ReturnType<typeof freshImageRuntime> {
    return freshImageRuntime(model);
}

/**
 * Puts an interaction in a persona's scrapbook as PersonaChat records one, and answers its id.
 * With `announce`, also publishes the chatCompleted event PersonaChat publishes.
 */
export function addInteraction(runtime: Runtime, persona: string, messages: ChatMessage[], options: {announce?: boolean} = {}): string {
    const record = runtime.manager.get(persona).record;
    const id = randomUUID();
    runtime.image.update((draft) => {
        draft.personas[record.personaId]!.scrapbook.push({id, at: new Date(), kind: "chat", messages, model: record.baseModelPath, adapter: record.activeAdapterPath});
    }, "test interaction");
    if (options.announce === true) runtime.publish({type: "chatCompleted", persona: record.name, interactionId: id, tokens: 1, ms: 1});
    return id;
}

export const exchange = (user: string, reply: string): ChatMessage[] => [{role: "user", content: user}, {role: "assistant", content: reply}];

/** The judge's options in tests: its sizes are the defaults judgeBudget fits to the model's context; two attempts keep failures quick. */
export const testJudge = {attempts: 2} as const;

const topics = ["a failing test", "a plan", "a bug", "the image", "a refactor", "a deadline", "a proof", "a loop",
    "a broken build", "a merge", "a queue", "a cache", "a migration", "a release"];

/**
 * Scripted BRICK conversations in one consistent style (numbered premises, a conclusion, a random fact):
 * a style the base model does not already produce, so that training on some of them and validating on the
 * others shows whether an adapter learned it.
 */
export function scriptedBrick(count: number): ChatMessage[][] {
    return Array.from({length: count}, (_, i) => {
        const topic = topics[i % topics.length]!;
        const n = Math.floor(i / topics.length) + 2;
        return exchange(`BRICK, how do I handle ${topic}?`,
            `Premise one: ${topic} has ${n} parts. Premise two: each part can be checked. Therefore: check each part of ${topic}, then act. Flamingo fact: they stand on one leg.`);
    });
}
