import {describe, expect, it} from "vitest";
import {EngineSpecError, formatEngineSpec, parseEngineSpec} from "../../src/llm/index.js";

describe("parseEngineSpec: the one way a persona names its engine", () => {
    it("reads a GGUF path, embedded:PATH, hf: URIs and URLs as the embedded engine", () => {
        expect(parseEngineSpec("models/x.gguf")).toEqual({kind: "embedded", model: "models/x.gguf", endpoint: "embedded"});
        expect(parseEngineSpec("embedded:models/x.gguf")).toEqual({kind: "embedded", model: "models/x.gguf", endpoint: "embedded"});
        expect(parseEngineSpec("embedded:/abs/x.gguf").model).toBe("/abs/x.gguf");
        expect(parseEngineSpec("/abs/x.gguf").kind).toBe("embedded");
        expect(parseEngineSpec("hf:user/repo:Q4_K_M")).toMatchObject({kind: "embedded", model: "hf:user/repo:Q4_K_M"});
        expect(parseEngineSpec("https://example.org/x.gguf").kind).toBe("embedded");
        expect(parseEngineSpec("C:\\models\\x.gguf").kind).toBe("embedded");
    });

    it("reads servers with their base URL, default ports for Ollama and vLLM, and model names with slashes and tags", () => {
        expect(parseEngineSpec("ollama://localhost:11434/llama3.2")).toEqual({kind: "ollama", baseUrl: "http://localhost:11434", model: "llama3.2", endpoint: "ollama http://localhost:11434"});
        expect(parseEngineSpec("ollama://gpu-box/llama3.2:1b")).toMatchObject({baseUrl: "http://gpu-box:11434", model: "llama3.2:1b"});
        expect(parseEngineSpec("vllm://10.0.0.5/meta-llama/Llama-3.2-1B-Instruct")).toMatchObject({kind: "vllm", baseUrl: "http://10.0.0.5:8000", model: "meta-llama/Llama-3.2-1B-Instruct"});
        expect(parseEngineSpec("openai://127.0.0.1:8080/v1/qwen2.5")).toMatchObject({kind: "openai", baseUrl: "http://127.0.0.1:8080", model: "qwen2.5"});
        expect(parseEngineSpec("OpenAI://LocalHost:1234/lmstudio-model")).toMatchObject({kind: "openai", baseUrl: "http://localhost:1234"});
        expect(parseEngineSpec("vllm://[::1]:9000/m")).toMatchObject({baseUrl: "http://[::1]:9000"});
        // One engine per endpoint: two models of one Ollama share it.
        expect(parseEngineSpec("ollama://localhost/a").endpoint).toBe(parseEngineSpec("ollama://localhost:11434/b").endpoint);
        expect(formatEngineSpec(parseEngineSpec("ollama://LOCALHOST/llama3.2"))).toBe("ollama://localhost:11434/llama3.2");
        expect(formatEngineSpec(parseEngineSpec("openai://h:8080/v1/m"))).toBe("openai://h:8080/m");
        expect(formatEngineSpec(parseEngineSpec("embedded:models/x.gguf"))).toBe("models/x.gguf");
    });

    it("refuses bad specs naming the problem and the form to write", () => {
        const problem = (spec: string) => {
            try {
                parseEngineSpec(spec);
            } catch (error) {
                expect(error).toBeInstanceOf(EngineSpecError);
                expect((error as EngineSpecError).userError).toBe(true);
                expect((error as Error).message).toContain("ollama://HOST:PORT/MODEL");
                return (error as EngineSpecError).problem;
            }
            throw new Error(`${spec} was accepted`);
        };
        expect(problem("")).toMatch(/empty/);
        expect(problem("ollama://")).toMatch(/names no host.*ollama:\/\/localhost:11434\/MODEL/);
        expect(problem("ollama://localhost:11434")).toMatch(/names no model.*llama3.2/);
        expect(problem("ollama://localhost:11434/")).toMatch(/names no model/);
        expect(problem("ollama:llama3.2")).toMatch(/needs \/\/ and a host, as in ollama:\/\/localhost:11434\/MODEL/);
        expect(problem("openai://localhost/m")).toMatch(/no default port.*8080.*1234/);
        expect(problem("openai://localhost:8080/v1")).toMatch(/names no model/);
        expect(problem("vllm://host:99999/m")).toMatch(/port 99999/);
        expect(problem("vllm://ho st/m")).toMatch(/is not HOST or HOST:PORT/);
        expect(problem("tgi://host:80/m")).toMatch(/"tgi".*none of embedded, ollama, vllm and openai/);
        expect(problem("embedded:")).toMatch(/names no model file/);
    });
});
