import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {AdapterRejectedError, enableOllama, enableOpenAi, enableVllm, EngineRouter, EngineSpecError, ModelUnavailableError} from "../../src/llm/index.js";
import {fakeOllama} from "./helpers/fakeOllama.js";
import {fakeVllm} from "./helpers/fakeVllm.js";
import {greedy, storiesModel, tempDir} from "./helpers/fixtures.js";
import {stories260KTargets, writeLoraGguf} from "./helpers/writeLoraGguf.js";

const genesisModel = path.resolve("models/living-image-genesis.gguf");
const persona = (personaId: string, model: string, adapter: string | null = null) => ({personaId, name: personaId.toUpperCase(), systemPrompt: "", model, adapter});

describe("EngineRouter: each persona on the engine its spec names", () => {
    let ollama: ReturnType<typeof fakeOllama>;
    let vllm: ReturnType<typeof fakeVllm>;
    let openai: ReturnType<typeof fakeVllm>;
    let router: EngineRouter;
    let ollamaSpec: string;
    let vllmSpec: string;
    let openaiSpec: string;

    beforeEach(async () => {
        enableOllama();
        enableVllm();
        enableOpenAi();
        ollama = fakeOllama();
        vllm = fakeVllm();
        // llama.cpp's server speaks the same chat API, without the runtime LoRA endpoints.
        openai = fakeVllm({base: "qwen2.5-0.5b-instruct", runtimeLora: false});
        await Promise.all([ollama.server.start(), vllm.server.start(), openai.server.start()]);
        router = new EngineRouter({embedded: {threads: 1, contextSize: 256, defaultTemperature: 0}});
        ollamaSpec = `ollama://${ollama.server.url.slice("http://".length)}/llama3.2`;
        vllmSpec = `vllm://${vllm.server.url.slice("http://".length)}/meta-llama/Llama-3.2-1B-Instruct`;
        openaiSpec = `openai://${openai.server.url.slice("http://".length)}/v1/qwen2.5-0.5b-instruct`;
    });
    afterEach(async () => {
        await router.dispose();
        await Promise.all([ollama.server.close(), vllm.server.close(), openai.server.close()]);
    });

    it("runs two personas on two GGUFs in one embedded engine and three on three servers, each completion naming its model", async () => {
        await router.attach(persona("a", storiesModel));
        await router.attach(persona("b", genesisModel));
        await router.attach(persona("c", ollamaSpec));
        await router.attach(persona("d", vllmSpec));
        await router.attach(persona("e", openaiSpec));
        const [a, b, c, d, e] = await Promise.all(["a", "b", "c", "d", "e"].map((id) => router.chat(id, "Once upon a time", greedy)));
        expect(a!.model).toBe(storiesModel);
        expect(b!.model).toBe(genesisModel);
        expect(a!.completionTokens).toBeGreaterThan(0);
        expect(b!.completionTokens).toBeGreaterThan(0);
        expect(c).toMatchObject({text: "llama3.2 says: Once upon a time", model: ollamaSpec});
        expect(d).toMatchObject({text: "meta-llama/Llama-3.2-1B-Instruct says: Once upon a time", model: vllmSpec});
        expect(e).toMatchObject({text: "qwen2.5-0.5b-instruct says: Once upon a time", model: openaiSpec.replace("/v1/", "/")});
        expect(router.engines.map((x) => [x.kind, x.personas])).toEqual([["node-llama-cpp", 2], ["ollama", 1], ["vllm", 1], ["openai", 1]]);
        // Structured output (the Oracle's judge) goes where the persona is.
        const judged = await router.structured<{mood: string}>("c", [{role: "user", content: "judge"}], {type: "object"});
        expect(judged.value).toEqual({mood: "happy", from: "llama3.2"});
        expect(router.engineOf("c")).toEqual({spec: ollamaSpec, kind: "ollama", endpoint: `ollama ${ollama.server.url}`});
    });

    it("shares one engine between personas naming the same server, and disposes it when the last one leaves", async () => {
        await router.attach(persona("c", ollamaSpec));
        await router.attach(persona("c2", ollamaSpec.replace("/llama3.2", "/llama3.2:latest")));
        expect(router.engines).toEqual([{endpoint: `ollama ${ollama.server.url}`, kind: "ollama", personas: 2}]);
        await router.detach("c");
        expect(router.engines.map((x) => x.personas)).toEqual([1]);
        await router.detach("c2");
        expect(router.engines).toEqual([]);
        await expect(router.chat("c", "hi")).rejects.toThrow(/not attached/);
    });

    it("swaps a persona to another engine atomically: a request in flight finishes on the old one, the next goes to the new, the old engine is disposed", async () => {
        await router.attach(persona("c", ollamaSpec));
        let release!: () => void;
        ollama.state.slowGate = new Promise((resolve) => { release = resolve; });
        const running = router.complete("c", [{role: "user", content: "slow question"}], greedy);
        await expect.poll(() => ollama.server.requests.filter((r) => r.path === "/api/chat").length).toBe(1);
        const report = await router.swapModel("c", vllmSpec);
        expect(report).toMatchObject({what: "model", from: {model: ollamaSpec}, to: {model: vllmSpec, adapter: null}, inFlightAtFlip: 1});
        const after = await router.complete("c", [{role: "user", content: "next"}], greedy);
        expect(after).toMatchObject({text: "meta-llama/Llama-3.2-1B-Instruct says: next", model: vllmSpec});
        // The old engine is still there for the request that started on it.
        expect(router.engines.map((x) => x.kind)).toEqual(["ollama", "vllm"]);
        release();
        expect(await running).toMatchObject({text: "llama3.2 says: slow question", model: ollamaSpec});
        await report.retired;
        expect(router.engines.map((x) => x.kind)).toEqual(["vllm"]);
        // Back to a GGUF: the embedded engine answers.
        await router.swapModel("c", storiesModel);
        expect((await router.chat("c", "Once", greedy)).model).toBe(storiesModel);
    });

    it("swaps between GGUFs inside the embedded engine, keeping an adapter that fits, and refuses what cannot run with nothing changed", async () => {
        const {dir, cleanup} = await tempDir();
        try {
            const adapter = path.join(dir, "a-v1.gguf");
            await writeLoraGguf(adapter, {targets: stories260KTargets([0]), seed: 3});
            await router.attach(persona("a", storiesModel, adapter));
            expect((await router.chat("a", "Once", greedy)).adapter).toBe(adapter);
            // An adapter for stories260K does not fit the genesis model: the embedded engine drops it (swapModel's contract).
            const report = await router.swapModel("a", genesisModel);
            expect(report.to).toEqual({model: genesisModel, adapter: null});
            expect((await router.chat("a", "Once", greedy)).model).toBe(genesisModel);
            // A server that loads no adapters refuses one before anything is sent; the persona stays where it was.
            await expect(router.swapModel("a", openaiSpec, {adapter})).rejects.toThrow(AdapterRejectedError);
            await expect(router.swapModel("a", openaiSpec, {adapter})).rejects.toThrow(/loads no LoRA adapter through its API.*swapAdapter: nil/);
            await expect(router.swapModel("a", ollamaSpec.replace("llama3.2", "mistral"))).rejects.toThrow(ModelUnavailableError);
            await expect(router.swapModel("a", "tgi://x:1/m")).rejects.toThrow(EngineSpecError);
            expect((await router.chat("a", "Once", greedy)).model).toBe(genesisModel);
            expect(router.engines.map((x) => x.kind)).toEqual(["node-llama-cpp"]);
        } finally {
            await cleanup();
        }
    });

    it("lays out training data only on the embedded engine, saying why for a server", async () => {
        const laidOut = await router.tokenizeChat(storiesModel, [{role: "user", content: "hi"}, {role: "assistant", content: "there"}]);
        expect(laidOut.tokens.length).toBeGreaterThan(0);
        await expect(router.tokenizeChat(ollamaSpec, [])).rejects.toThrow(/Only the embedded engine can lay out training samples; .* is on the ollama server/);
    });
});
