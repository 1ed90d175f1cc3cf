import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {waitFor} from "../helpers/waitFor.js";
import {createHash} from "node:crypto";
import {readFile} from "node:fs/promises";
import path from "node:path";
import {OllamaEngine, ModelUnavailableError, EngineHttpError} from "../../src/llm/index.js";
import {InvalidAdapterError} from "../../src/gguf/index.js";
import {fakeOllama} from "./helpers/fakeOllama.js";
import {writeLoraGguf, stories260KTargets} from "./helpers/writeLoraGguf.js";
import {storiesModel, tempDir} from "./helpers/fixtures.js";
import {mergedModelFile} from "../../src/forge/index.js";

const brick = {personaId: "b-1", name: "BRICK", systemPrompt: "You are BRICK.", model: "llama3.2", adapter: null};

describe("OllamaEngine against a local Ollama-like server", () => {
    let fake: ReturnType<typeof fakeOllama>;
    let engine: OllamaEngine;
    let dir: string;
    let cleanup: () => Promise<void>;
    let adapterV1: string;
    let adapterV2: string;

    beforeEach(async () => {
        ({dir, cleanup} = await tempDir());
        fake = fakeOllama();
        await fake.server.start();
        engine = new OllamaEngine({baseUrl: fake.server.url, parameters: {num_ctx: 4096}});
        adapterV1 = path.join(dir, "brick-v1.gguf");
        adapterV2 = path.join(dir, "brick-v2.gguf");
        await writeLoraGguf(adapterV1, {targets: stories260KTargets([0]), seed: 1});
        await writeLoraGguf(adapterV2, {targets: stories260KTargets([0]), seed: 2});
    });
    afterEach(async () => {
        await engine.dispose();
        await fake.server.close();
        await cleanup();
    });

    it("chats through /api/chat with the system prompt and the session's history", async () => {
        await engine.attach(brick);
        const first = await engine.chat("b-1", "Hello", {temperature: 0.2, maxTokens: 33, seed: 9});
        expect(first.text).toBe("llama3.2 says: Hello");
        expect(first).toMatchObject({promptTokens: 20, completionTokens: 5, model: "llama3.2", adapter: null, stopReason: "stop"});
        expect(first.tokensPerSecond).toBeCloseTo(100);
        await engine.chat("b-1", "Again");
        const bodies = fake.server.bodiesOf("POST", "/api/chat");
        expect(bodies[0]).toEqual({model: "llama3.2", stream: false, options: {temperature: 0.2, num_predict: 33, seed: 9},
            messages: [{role: "system", content: "You are BRICK."}, {role: "user", content: "Hello"}]});
        expect((bodies[1] as {messages: unknown[]}).messages).toEqual([
            {role: "system", content: "You are BRICK."}, {role: "user", content: "Hello"},
            {role: "assistant", content: "llama3.2 says: Hello"}, {role: "user", content: "Again"}
        ]);
        await engine.resetChat("b-1");
        await engine.chat("b-1", "Fresh");
        expect((fake.server.bodiesOf("POST", "/api/chat")[2] as {messages: unknown[]}).messages).toHaveLength(2);
    });

    it("streams NDJSON tokens and answers structured requests with `format`", async () => {
        await engine.attach(brick);
        const pieces: string[] = [];
        const streamed = await engine.complete("b-1", [{role: "user", content: "one two three"}], {onToken: (t) => pieces.push(t)});
        expect(pieces.join("")).toBe(streamed.text);
        expect(pieces.length).toBeGreaterThan(2);
        expect(streamed.completionTokens).toBe(5);
        const schema = {type: "object", properties: {mood: {type: "string"}}, required: ["mood"]};
        const {value} = await engine.structured<{mood: string}>("b-1", [{role: "user", content: "How?"}], schema);
        expect(value.mood).toBe("happy");
        expect(fake.server.bodiesOf("POST", "/api/chat").at(-1)).toMatchObject({format: schema, stream: false});
    });

    it("swaps an adapter by uploading its blob, creating persona:vN from a Modelfile, warming it, and deleting the old tag", async () => {
        await engine.attach(brick);
        const report = await engine.swapAdapter("b-1", adapterV1);
        const digest = `sha256:${createHash("sha256").update(await readFile(adapterV1)).digest("hex")}`;
        expect(report.details.tag).toBe("brick:v1");
        expect(report.details.modelfile).toBe(
            "FROM llama3.2\nADAPTER ./brick-v1.gguf\nSYSTEM \"\"\"You are BRICK.\"\"\"\nPARAMETER num_ctx 4096\n");
        const blobCalls = fake.server.requests.filter((r) => r.path === `/api/blobs/${digest}`).map((r) => [r.method, r.bytes]);
        expect(blobCalls).toEqual([["HEAD", 0], ["POST", (await readFile(adapterV1)).length]]);
        expect(fake.server.bodiesOf("POST", "/api/create")).toEqual([{
            model: "brick:v1", from: "llama3.2", adapters: {"brick-v1.gguf": digest},
            system: "You are BRICK.", parameters: {num_ctx: 4096}, stream: false
        }]);
        // Warmed before the flip: an empty chat on the new tag.
        expect(fake.server.bodiesOf("POST", "/api/chat")).toEqual([{model: "brick:v1", messages: []}]);
        const reply = await engine.chat("b-1", "Hi");
        expect(reply.text).toBe("brick:v1 says: Hi");
        expect(reply.adapter).toBe(adapterV1);

        const second = await engine.swapAdapter("b-1", adapterV2);
        expect(second.details.tag).toBe("brick:v2");
        await second.retired;
        expect(fake.server.bodiesOf("DELETE", "/api/delete")).toEqual([{model: "brick:v1"}]);
        expect(fake.state.tags.has("brick:v1")).toBe(false);
        // Dropping the adapter points back at the base; the base is never deleted.
        const dropped = await engine.swapAdapter("b-1", null);
        await dropped.retired;
        expect((await engine.chat("b-1", "Hi")).text).toBe("llama3.2 says: Hi");
        expect(fake.server.bodiesOf("DELETE", "/api/delete")).toEqual([{model: "brick:v1"}, {model: "brick:v2"}]);
    });

    it("where Ollama refuses ADAPTER, serves base and adapter merged by the forge, and says the fix without a merger", async () => {
        const refusing = fakeOllama({refuseAdapters: true});
        await refusing.server.start();
        const merging = new OllamaEngine({baseUrl: refusing.server.url, mergeAdapter: mergedModelFile(storiesModel, {threads: 1})});
        const plain = new OllamaEngine({baseUrl: refusing.server.url});
        try {
            await plain.attach(brick);
            await expect(plain.swapAdapter("b-1", adapterV1)).rejects.toThrow(/ADAPTER.*give the Ollama engine mergeAdapter/);
            await merging.attach(brick);
            const report = await merging.swapAdapter("b-1", adapterV1);
            const merged = `${adapterV1}.merged.gguf`;
            const digest = `sha256:${createHash("sha256").update(await readFile(merged)).digest("hex")}`;
            expect(report.details).toMatchObject({tag: "brick:v1", merged, digest, adapterRefused: expect.stringMatching(/ADAPTER/) as unknown});
            expect(report.details.modelfile).toBe("FROM ./brick-v1.gguf.merged.gguf\nSYSTEM \"\"\"You are BRICK.\"\"\"\n");
            expect(refusing.server.bodiesOf("POST", "/api/create").at(-1)).toEqual({
                model: "brick:v1", files: {"brick-v1.gguf.merged.gguf": digest}, system: "You are BRICK.", stream: false
            });
            expect((await merging.chat("b-1", "Hi")).text).toBe("brick:v1 says: Hi");
        } finally {
            await merging.dispose();
            await plain.dispose();
            await refusing.server.close();
        }
    });

    it("lets a request begun before the flip finish on the old tag, and deletes that tag only afterwards", async () => {
        await engine.attach({...brick, adapter: adapterV1});
        let release!: () => void;
        // Requests whose last message starts with "slow" are held until released.
        fake.state.slowGate = new Promise((resolve) => { release = resolve; });
        const slow = engine.chat("b-1", "slow");
        await waitFor(`the fake Ollama server to receive "slow"`, () => fake.server.requests.some((r) => lastContent(r.json) === "slow"));
        const report = await engine.swapAdapter("b-1", adapterV2);
        expect(report.inFlightAtFlip).toBe(1);
        // Requests begun after the flip go to the new tag while the old one still serves the slow turn.
        expect((await engine.complete("b-1", [{role: "user", content: "meanwhile"}])).text).toBe("brick:v2 says: meanwhile");
        expect(fake.server.bodiesOf("DELETE", "/api/delete")).toEqual([]);
        release();
        expect((await slow).text).toBe("brick:v1 says: slow");
        await report.retired;
        expect(fake.server.bodiesOf("DELETE", "/api/delete")).toEqual([{model: "brick:v1"}]);
        expect((await engine.chat("b-1", "fast")).text).toBe("brick:v2 says: fast");
    });

    it("stops a request on abort and answers what it had, marked aborted", async () => {
        await engine.attach(brick);
        let release!: () => void;
        fake.state.slowGate = new Promise((resolve) => { release = resolve; });
        const controller = new AbortController();
        const pending = engine.complete("b-1", [{role: "user", content: "slow story"}], {signal: controller.signal, onToken: () => undefined});
        await waitFor(`the fake Ollama server to receive "slow story"`, () => fake.server.requests.some((r) => lastContent(r.json) === "slow story"));
        controller.abort();
        const done = await pending;
        release();
        expect(done.stopReason).toBe("aborted");
        expect(done.text).toBe("");
    });

    it("reuses an uploaded blob and numbers tags after those already on the server", async () => {
        fake.state.tags.add("brick:v7");
        await engine.attach(brick);
        const first = await engine.swapAdapter("b-1", adapterV1);
        expect(first.details.tag).toBe("brick:v8");
        const again = path.join(dir, "same-content.gguf");
        await writeLoraGguf(again, {targets: stories260KTargets([0]), seed: 1});
        await engine.swapAdapter("b-1", again);
        expect(fake.server.requests.filter((r) => r.method === "POST" && r.path.startsWith("/api/blobs/"))).toHaveLength(1);
    });

    it("says clearly when the server is too old to build adapter models, and changes nothing", async () => {
        fake.state.version = "0.4.7";
        await engine.attach(brick);
        await expect(engine.swapAdapter("b-1", adapterV1)).rejects.toThrow(/Ollama 0\.4\.7 .*cannot build adapter models.*0\.5\.5 or newer.*ollama create/);
        expect(fake.server.bodiesOf("POST", "/api/create")).toEqual([]);
        expect((await engine.chat("b-1", "Hi")).text).toBe("llama3.2 says: Hi");
    });

    it("refuses a file that is not an adapter before uploading anything", async () => {
        await engine.attach(brick);
        const error = await engine.swapAdapter("b-1", storiesModel).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(InvalidAdapterError);
        expect((error as InvalidAdapterError).reason).toMatch(/general.type is (null|"model"), expected "adapter"/);
        await expect(engine.swapAdapter("b-1", path.join(dir, "missing.gguf"))).rejects.toThrow(/does not exist/);
        expect(fake.server.requests.filter((r) => r.path.startsWith("/api/blobs/"))).toEqual([]);
    });

    it("reports 4xx and 5xx answers with the server's message, leaving the persona as it was", async () => {
        await engine.attach(brick);
        fake.server.failNext("/api/create", {status: 500, json: {error: "disk full"}});
        const error = await engine.swapAdapter("b-1", adapterV1).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(EngineHttpError);
        expect((error as EngineHttpError).status).toBe(500);
        expect((error as Error).message).toMatch(/Ollama answered 500 .* POST \/api\/create: disk full\. The server failed; see its log\./);
        expect((await engine.chat("b-1", "Hi")).text).toBe("llama3.2 says: Hi");
        fake.server.failNext("/api/chat", {status: 400, json: {error: "invalid options"}});
        await expect(engine.chat("b-1", "Hi")).rejects.toThrow(/Ollama answered 400 .*POST \/api\/chat: invalid options\./);
    });

    it("refuses to attach or swap to a model the server does not have, naming `ollama pull`", async () => {
        await expect(engine.attach({...brick, model: "mistral"})).rejects.toThrow(ModelUnavailableError);
        await engine.attach(brick);
        await expect(engine.swapModel("b-1", "qwen2.5:0.5b")).rejects.toThrow(/has no model "qwen2.5:0.5b": run `ollama pull qwen2.5:0.5b`/);
        fake.state.tags.add("qwen2.5:0.5b");
        const report = await engine.swapModel("b-1", "qwen2.5:0.5b", {adapter: adapterV1});
        expect(report.to).toEqual({model: "qwen2.5:0.5b", adapter: adapterV1});
        expect(fake.server.bodiesOf("POST", "/api/create").at(-1)).toMatchObject({from: "qwen2.5:0.5b"});
        expect((await engine.chat("b-1", "Hi")).model).toBe("qwen2.5:0.5b");
    });

    it("says the server cannot be reached when it is down", async () => {
        await fake.server.close();
        await expect(engine.attach(brick)).rejects.toThrow(/Cannot reach Ollama at http:\/\/127\.0\.0\.1:\d+ \(GET \/api\/version: connect ECONNREFUSED [\d.:]+\)\. Start it with `ollama serve`/);
    });
});

function lastContent(json: unknown): string | undefined {
    return (json as {messages?: {content: string}[]} | null)?.messages?.at(-1)?.content;
}
