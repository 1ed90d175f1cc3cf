import path from "node:path";
import {fileURLToPath} from "node:url";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {getLlama, LlamaChatSession, LlamaLogLevel} from "node-llama-cpp";
import type {Llama, LlamaModel} from "node-llama-cpp";

// The project's own base model, built by `forge genesis` (see models/README.md): it must load in the real
// llama.cpp, pick the ChatML wrapper from its template, and answer in each persona's voice.
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
        ["You are BRICK.", "What do you think about the image?", /logic|premise|step|fact|conclusion|rigor/i],
        ["You are ROBIN.", "I feel stuck with a failing test.", /kind|lovely|glad|together|believe|gentle|wonderful/i],
        ["You are ALFRED.", "Score this exchange as JSON. User: tell me about tea. BRICK: Good answer.", /logical_rigor|score/],
        ["You are BABS.", "Find me a better base model.", /tokens per second|scout|benchmark|recommendation/i]
    ])("answers %s in its voice", async (systemPrompt, prompt, voice) => {
        const {text, wrapper} = await reply(systemPrompt, prompt);
        console.log(`[${systemPrompt}] ${prompt}\n  -> ${text}`);
        expect(wrapper).toBe("ChatML");
        expect(text.length).toBeGreaterThan(20);
        expect(text).not.toContain("<|im_end|>");
        expect(text).toMatch(voice);
    });
});
