import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {NodeLlamaCppEngine, type ChatTurn} from "../../src/llm/index.js";
import path from "node:path";
import {spec, storiesModel, tempDir} from "./helpers/fixtures.js";
import {chatMLTemplate, copyGgufWithMetadata} from "./helpers/withMetadata.js";

describe("tokenizeChat lays out ChatML exactly as inference does", () => {
    let engine: NodeLlamaCppEngine;
    beforeAll(() => {
        // stories260K has no chat template: ask for ChatML explicitly, as a ChatML model would get it.
        engine = new NodeLlamaCppEngine({threads: 1, contextSize: 256, chatWrapper: "chatml"});
    });
    afterAll(async () => engine?.dispose());

    it("gives the tokens a real chat evaluated as its prefix, with the reply masked in", async () => {
        const system = "You are a storyteller.";
        await engine.attach(spec("t", null, system));
        const reply = await engine.chat("t", "Once upon a time", {temperature: 0, maxTokens: 12});
        const evaluated = engine.chatContextTokens("t");
        const {tokens, mask} = await engine.tokenizeChat(storiesModel, [
            {role: "system", content: system},
            {role: "user", content: "Once upon a time"},
            {role: "assistant", content: reply.text}
        ]);
        expect(tokens).toHaveLength(mask.length);
        // A fresh chat evaluates its whole prompt: those tokens are tokenizeChat's prefix, and not masked.
        const promptLength = reply.promptTokens;
        expect(promptLength).toBeGreaterThan(10);
        expect(tokens.slice(0, promptLength)).toEqual(evaluated.slice(0, promptLength));
        expect(mask.slice(0, promptLength).every((m) => m === 0)).toBe(true);
        // The sequence holds the prompt and the reply but its last token: all of it is tokenizeChat's prefix.
        expect(tokens.slice(0, evaluated.length)).toEqual(evaluated);
        // The reply and the closing <|im_end|> are masked in; the first token is BOS.
        expect(mask.slice(promptLength).every((m) => m === 1)).toBe(true);
        expect(tokens.length).toBeGreaterThan(evaluated.length);
        const model = engine.chatContextTokens("t");
        expect(tokens[0]).toBe(model[0]);
    });

    it("masks every assistant turn and its end-of-turn token, and nothing else", async () => {
        const history: ChatTurn[] = [
            {role: "system", content: "Be brief."},
            {role: "user", content: "Hi"},
            {role: "assistant", content: "Hello there."},
            {role: "user", content: "Tell a story"},
            {role: "assistant", content: "Lily went to the park."}
        ];
        const {tokens, mask} = await engine.tokenizeChat(storiesModel, history);
        const runs: number[][] = [];
        mask.forEach((m, i) => {
            if (m === 1 && mask[i - 1] !== 1) runs.push([i]);
            if (m === 1) runs.at(-1)!.push(i);
        });
        expect(runs).toHaveLength(2);
        // Each masked run, minus its last token (the end of turn), is that assistant reply tokenized alone.
        const first = await engine.tokenizeChat(storiesModel, history.slice(0, 3));
        expect(tokens.slice(0, first.tokens.length)).toEqual(first.tokens);
        expect(mask.slice(0, first.tokens.length)).toEqual(first.mask);
        const withoutReply = await engine.tokenizeChat(storiesModel, history.slice(0, 2));
        expect(withoutReply.mask.every((m) => m === 0)).toBe(true);
    });

    it("picks the ChatML wrapper by itself for a model whose chat template is ChatML", async () => {
        const {dir, cleanup} = await tempDir();
        try {
            const chatml = path.join(dir, "stories-chatml.gguf");
            await copyGgufWithMetadata(storiesModel, chatml, {"tokenizer.chat_template": chatMLTemplate});
            await using auto = new NodeLlamaCppEngine({threads: 1, contextSize: 128});
            const history: ChatTurn[] = [{role: "system", content: "S"}, {role: "user", content: "Hi"}, {role: "assistant", content: "Hello."}];
            const onChatML = await auto.tokenizeChat(chatml, history);
            expect(onChatML).toEqual(await engine.tokenizeChat(storiesModel, history));
            // The same model without the template gets another wrapper, hence other tokens.
            expect((await auto.tokenizeChat(storiesModel, history)).tokens).not.toEqual(onChatML.tokens);
            // And it generates through that wrapper: the copy's weights are the original's.
            await auto.attach({...spec("c", null, "S"), model: chatml});
            await engine.attach(spec("d", null, "S"));
            const options = {temperature: 0, maxTokens: 10};
            expect((await auto.chat("c", "Hi", options)).text).toBe((await engine.chat("d", "Hi", options)).text);
        } finally {
            await cleanup();
        }
    });
});
