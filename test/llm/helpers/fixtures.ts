import {mkdtemp, rm} from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type {PersonaSpec} from "../../../src/llm/index.js";

/** The real test model (tiny llama, 512 vocab, no chat template). */
export const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");

export function spec(personaId: string, adapter: string | null = null, systemPrompt = ""): PersonaSpec {
    return {personaId, name: personaId.toUpperCase(), systemPrompt, model: storiesModel, adapter};
}

/** A temporary directory removed by the returned cleanup. */
export async function tempDir(): Promise<{dir: string, cleanup: () => Promise<void>}> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "llm-test-"));
    return {dir, cleanup: () => rm(dir, {recursive: true, force: true})};
}

/** Greedy, short: what the deterministic tests ask for. */
export const greedy = {temperature: 0, maxTokens: 16} as const;
