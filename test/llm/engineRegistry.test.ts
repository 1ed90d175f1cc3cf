import {describe, expect, it} from "vitest";
import {createEngine, enableOllama, enableVllm, enabledEngines, EngineNotEnabledError, NodeLlamaCppEngine, OllamaEngine, VllmEngine} from "../../src/llm/index.js";

describe("engine registry (immer-style plugins)", () => {
    it("has the embedded engine enabled, and names the call to make for the others", async () => {
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
