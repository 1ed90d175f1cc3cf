import {readFile} from "node:fs/promises";
import path from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {getLlama, LlamaChatSession, LlamaLogLevel} from "node-llama-cpp";
import type {Llama, LlamaModel} from "node-llama-cpp";
import {systemPromptFor} from "../../src/llm/index.js";
import type {Codex} from "../../src/objects/index.js";

// The project's own base model, built by `forge genesis` (see models/README.md): it must load in the real
// llama.cpp, pick the ChatML wrapper from its template, and answer in each persona's voice when asked as the
// runtime asks (the codex's system prompt, cut to the runtime's default 160 characters).
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const modelPath = path.join(root, "models", "living-image-genesis.gguf");

let llama: Llama;
let model: LlamaModel;

beforeAll(async () => {
    llama = await getLlama({gpu: false, build: "never", logLevel: LlamaLogLevel.error});
    model = await llama.loadModel({modelPath});
});

afterAll(async () => {
    await model?.dispose();
    await llama?.dispose();
});

async function reply(systemPrompt: string, prompt: string): Promise<{text: string, wrapper: string}> {
    const context = await model.createContext({threads: 1, contextSize: 512, flashAttention: false});
    try {
        const session = new LlamaChatSession({contextSequence: context.getSequence(), systemPrompt});
        const text = await session.prompt(prompt, {maxTokens: 120, temperature: 0});
        return {text, wrapper: session.chatWrapper.wrapperName ?? ""};
    } finally {
        await context.dispose();
    }
}

describe("living-image-genesis.gguf", () => {
    it("is a small llama with a ChatML template and no space prefix", () => {
        expect(model.fileInfo.metadata.general.architecture).toBe("llama");
        expect(model.fileInsights.totalLayers).toBeGreaterThan(0);
        expect(model.tokens.bos).toBe(1);
        expect(model.detokenize(model.tokenize("BRICK says hi, ROBIN!"))).toBe("BRICK says hi, ROBIN!");
        expect(model.tokenize("<|im_start|>", true)).toHaveLength(1);
    });

    it.each([
        ["brick", "What do you think about the image?", /logic|premise|step|fact|conclusion|rigor/i],
        ["robin", "I feel stuck with a failing test.", /kind|lovely|glad|together|believe|gentle|wonderful/i],
        ["alfred", "Score this exchange as JSON. User: tell me about tea. BRICK: Good answer.", /logical_rigor|score/],
        ["babs", "Find me a better base model.", /tokens per second|scout|benchmark|recommendation/i]
    ])("answers as %s in its voice", async (name, prompt, voice) => {
        const codex = JSON.parse(await readFile(path.join(root, "codices", `${name}.json`), "utf8")) as Codex;
        const systemPrompt = systemPromptFor(codex, {maxChars: 160});
        const {text, wrapper} = await reply(systemPrompt, prompt);
        console.log(`[${systemPrompt}] ${prompt}\n  -> ${text}`);
        expect(wrapper).toBe("ChatML");
        expect(text.length).toBeGreaterThan(20);
        expect(text).not.toContain("<|im_end|>");
        expect(text).toMatch(voice);
    });
});
