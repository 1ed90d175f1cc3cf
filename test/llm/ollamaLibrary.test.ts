import {afterEach, describe, expect, it} from "vitest";
import {deleteOllamaModel, listOllamaModels, OllamaLibraryError, ollamaOrigin, sameOllamaServer, showOllamaModel} from "../../src/llm/index.js";
import {FakeServer} from "./helpers/fakeServer.js";

let server: FakeServer | null = null;
afterEach(async () => {
    await server?.close();
    server = null;
});

describe("the Ollama model library (/api/tags, /api/show, /api/delete)", () => {
    it("reads OLLAMA_HOST as Ollama's client does", () => {
        expect(ollamaOrigin(undefined)).toBe("http://127.0.0.1:11434");
        expect(ollamaOrigin("")).toBe("http://127.0.0.1:11434");
        expect(ollamaOrigin("gpu-box")).toBe("http://gpu-box:11434");
        expect(ollamaOrigin("10.0.0.5:8080")).toBe("http://10.0.0.5:8080");
        expect(ollamaOrigin("https://ollama.example.org/")).toBe("https://ollama.example.org");
        expect(ollamaOrigin("http://[::1]:11434")).toBe("http://[::1]:11434");
        expect(() => ollamaOrigin("http://exa mple")).toThrow(OllamaLibraryError);
        // A persona's ollama://localhost:11434/… is a model of the server listed at the default 127.0.0.1:11434.
        expect(sameOllamaServer("localhost:11434", "http://127.0.0.1:11434")).toBe(true);
        expect(sameOllamaServer("localhost", "http://[::1]:11434")).toBe(true);
        expect(sameOllamaServer("localhost:11435", "http://127.0.0.1:11434")).toBe(false);
        expect(sameOllamaServer("gpu-box", "http://127.0.0.1:11434")).toBe(false);
    });

    it("lists tags with what /api/show says, keeps a tag whose show fails with the reason, and stops asking a server that stopped answering", async () => {
        let hang = false;
        server = await new FakeServer((method, route, _body, json) => {
            if (route === "/api/tags") return {status: 200, json: {models: [{name: "a:latest", size: 10}, {name: "b:latest", size: 20}, {name: "c:latest"}]}};
            const model = (json as {model: string}).model;
            if (method === "POST" && model === "a:latest") return {status: 200, json: {template: "<|im_start|><|im_end|>", license: "MIT",
                details: {quantization_level: "Q8_0", parameter_size: "1B"}, model_info: {"general.architecture": "qwen3", "general.parameter_count": 1_000_000, "qwen3.context_length": 4096}}};
            if (method === "POST" && model === "b:latest") {
                hang = true;
                return {status: 500, json: {error: "boom"}};
            }
            return hang ? {status: 200, wait: new Promise<void>(() => undefined)} : {status: 404, json: {error: "nope"}};
        }).start();
        const models = await listOllamaModels(server.url, {timeoutMs: 1000});
        expect(models.map((m) => [m.tag, m.architecture, m.parameters, m.quantization, m.contextLength, m.license, m.problem])).toEqual([
            ["a:latest", "qwen3", 1_000_000, "Q8_0", 4096, "MIT", null],
            ["b:latest", null, 0, null, null, null, `Ollama at ${server.url} answered 500 to POST /api/show: boom.`],
            ["c:latest", null, 0, null, null, null, `Ollama does not answer at ${server.url} (POST /api/show: no answer within 1 s). Start it with \`ollama serve\`, or point OLLAMA_HOST or --ollama at the server.`]
        ]);
    }, 30_000);

    it("shows and deletes one model; a missing one is a 404 the user can act on", async () => {
        server = await new FakeServer((method, route, _body, json) => {
            const model = (json as {model?: string} | null)?.model;
            if (route === "/api/tags") return {status: 200, json: {models: [{name: "llama3.2:latest", size: 2_000_000_000, digest: "sha256:1"}]}};
            if (model !== "llama3.2" && model !== "llama3.2:latest") return {status: 404, json: {error: `model '${model}' not found`}};
            return method === "DELETE" ? {status: 200} : {status: 200, json: {details: {family: "llama", parameter_size: "3.2B"}}};
        }).start();
        const shown = await showOllamaModel(server.url, "llama3.2");
        expect(shown).toMatchObject({tag: "llama3.2:latest", bytes: 2_000_000_000, architecture: "llama", parameterSize: "3.2B", parameters: 0});
        await deleteOllamaModel(server.url, "llama3.2:latest");
        expect(server.bodiesOf("DELETE", "/api/delete")).toEqual([{model: "llama3.2:latest"}]);
        const missing = await deleteOllamaModel(server.url, "gone").catch((e: unknown) => e as OllamaLibraryError);
        expect(missing).toBeInstanceOf(OllamaLibraryError);
        expect(missing).toMatchObject({status: 404, userError: true});
        expect((missing as Error).message).toContain("answered 404 to DELETE /api/delete: model 'gone' not found");
    });
});
