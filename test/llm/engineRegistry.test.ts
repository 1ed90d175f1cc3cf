import {describe, expect, it, vi} from "vitest";

describe("engine registry (immer-style plugins)", () => {
    it("has the embedded engine enabled, and names the call to make for the others", async () => {
        // A fresh copy of the modules: the fast tier shares one module cache between files, where another test
        // may already have enabled engines (the EngineRouter enables what a persona's spec names).
        vi.resetModules();
        const {createEngine, enableOllama, enableVllm, enabledEngines, EngineNotEnabledError, NodeLlamaCppEngine, OllamaEngine, VllmEngine} =
            await import("../../src/llm/index.js");
        expect(enabledEngines()).toEqual(["node-llama-cpp"]);
        await using embedded = createEngine("node-llama-cpp", {threads: 1});
        expect(embedded).toBeInstanceOf(NodeLlamaCppEngine);
        expect(() => createEngine("ollama", {})).toThrow(EngineNotEnabledError);
        expect(() => createEngine("ollama", {})).toThrow(/call enableOllama\(\)/);
        expect(() => createEngine("vllm", {})).toThrow(/call enableVllm\(\)/);
        expect(() => createEngine("tgi" as "vllm", {})).toThrow(/Unknown engine kind "tgi"/);
        enableOllama();
        enableVllm();
        expect(createEngine("ollama", {baseUrl: "http://127.0.0.1:1"})).toBeInstanceOf(OllamaEngine);
        expect(createEngine("vllm", {})).toBeInstanceOf(VllmEngine);
        expect(createEngine("vllm", {}).kind).toBe("vllm");
    });
});
