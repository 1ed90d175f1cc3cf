import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {waitFor} from "../helpers/waitFor.js";
import path from "node:path";
import {readFile, writeFile} from "node:fs/promises";
import {VllmEngine, AdapterRejectedError, ModelUnavailableError} from "../../src/llm/index.js";
import {peftAdapterFolder} from "../../src/forge/index.js";
import {fakeVllm} from "./helpers/fakeVllm.js";
import {writeLoraGguf, stories260KTargets} from "./helpers/writeLoraGguf.js";
import {tempDir} from "./helpers/fixtures.js";

const base = "meta-llama/Llama-3.2-1B-Instruct";
// The GGUF the adapters were trained on (the forge needs it to write them in PEFT form); the server serves `base`.
const stories = path.resolve("test/fixtures/models/stories260K.gguf");
const projections = () => stories260KTargets([0]).filter((t) => t.name !== "output.weight");
const robin = {personaId: "r-1", name: "ROBIN", systemPrompt: "You are ROBIN.", model: base, adapter: null};

describe("VllmEngine against a local vLLM-like server", () => {
    let fake: ReturnType<typeof fakeVllm>;
    let engine: VllmEngine;
    let dir: string;
    let cleanup: () => Promise<void>;
    let adapterV1: string;
    let adapterV2: string;
    const warnings: string[] = [];

    beforeEach(async () => {
        ({dir, cleanup} = await tempDir());
        fake = fakeVllm();
        await fake.server.start();
        warnings.length = 0;
        engine = new VllmEngine({baseUrl: fake.server.url, apiKey: "secret", onWarning: (m) => warnings.push(m),
            prepareAdapter: peftAdapterFolder(stories, {threads: 1})});
        adapterV1 = path.join(dir, "robin-v1");
        adapterV2 = path.join(dir, "robin-v2");
        await writeLoraGguf(adapterV1, {targets: projections()});
        await writeLoraGguf(adapterV2, {targets: projections()});
    });
    afterEach(async () => {
        await engine.dispose();
        await fake.server.close();
        await cleanup();
    });

    it("chats through /v1/chat/completions with the base model and the session's history", async () => {
        await engine.attach(robin);
        const reply = await engine.chat("r-1", "Hello", {temperature: 0, maxTokens: 12, seed: 3});
        expect(reply).toMatchObject({text: `${base} says: Hello`, promptTokens: 20, completionTokens: 5, model: base, adapter: null, stopReason: "stop"});
        await engine.chat("r-1", "More");
        const bodies = fake.server.bodiesOf("POST", "/v1/chat/completions");
        expect(bodies[0]).toEqual({model: base, max_tokens: 12, temperature: 0, seed: 3, stream: false,
            messages: [{role: "system", content: "You are ROBIN."}, {role: "user", content: "Hello"}]});
        expect((bodies[1] as {messages: unknown[]}).messages).toHaveLength(4);
    });

    it("streams server-sent events with usage, and asks for JSON-schema output with response_format", async () => {
        await engine.attach(robin);
        const pieces: string[] = [];
        const streamed = await engine.complete("r-1", [{role: "user", content: "a b c"}], {onToken: (t) => pieces.push(t)});
        expect(pieces.join("")).toBe(streamed.text);
        expect(streamed.text).toBe(`${base} says: a b c`);
        expect(streamed.completionTokens).toBe(5);
        expect(fake.server.bodiesOf("POST", "/v1/chat/completions").at(-1)).toMatchObject({stream: true, stream_options: {include_usage: true}});
        const schema = {type: "object", properties: {mood: {type: "string"}}, required: ["mood"]};
        const {value} = await engine.structured<{mood: string}>("r-1", [{role: "user", content: "?"}], schema);
        expect(value.mood).toBe("sad");
        expect(fake.server.bodiesOf("POST", "/v1/chat/completions").at(-1)).toMatchObject({
            response_format: {type: "json_schema", json_schema: {name: "reply", schema, strict: true}}
        });
    });

    it("swaps with load_lora_adapter, routes by lora_name, and unloads the old adapter after its last request", async () => {
        await engine.attach(robin);
        const first = await engine.swapAdapter("r-1", adapterV1);
        // The GGUF adapter went to vLLM in PEFT form, which the server checked (fakeVllm's peftProblem).
        expect(first.details).toEqual({lora_name: "robin-v1", lora_path: `${adapterV1}.peft`});
        expect(fake.server.bodiesOf("POST", "/v1/load_lora_adapter")).toEqual([{lora_name: "robin-v1", lora_path: `${adapterV1}.peft`}]);
        // Warmed with one token through the new adapter before the flip.
        expect(fake.server.bodiesOf("POST", "/v1/chat/completions")[0]).toMatchObject({model: "robin-v1", max_tokens: 1});
        expect((await engine.chat("r-1", "Hi")).text).toBe("robin-v1 says: Hi");

        let release!: () => void;
        // Requests whose last message starts with "slow" are held until released.
        fake.state.slowGate = new Promise((resolve) => { release = resolve; });
        const slow = engine.chat("r-1", "slow");
        await waitFor(`the fake vLLM server to receive "slow"`, () => fake.server.requests.some((r) => lastContent(r.json) === "slow"));
        const second = await engine.swapAdapter("r-1", adapterV2);
        expect(second.inFlightAtFlip).toBe(1);
        expect(fake.server.bodiesOf("POST", "/v1/unload_lora_adapter")).toEqual([]);
        expect((await engine.complete("r-1", [{role: "user", content: "new"}])).text).toBe("robin-v2 says: new");
        expect(fake.server.bodiesOf("POST", "/v1/unload_lora_adapter")).toEqual([]);
        release();
        expect((await slow).text).toBe("robin-v1 says: slow");
        await second.retired;
        expect(fake.server.bodiesOf("POST", "/v1/unload_lora_adapter")).toEqual([{lora_name: "robin-v1"}]);
        expect([...fake.state.loras.keys()]).toEqual(["robin-v2"]);
        // The unload came after the slow request finished.
        const slowRequest = fake.server.requests.find((r) => (r.json as {messages?: {content: string}[]} | null)?.messages?.at(-1)?.content === "slow")!;
        const unload = fake.server.requests.find((r) => r.path === "/v1/unload_lora_adapter")!;
        expect(unload.at).toBeGreaterThanOrEqual(slowRequest.finishedAt!);
        expect(warnings).toEqual([]);
    });

    it("refuses an adapter the server cannot load, with the server's reason, and keeps the old one", async () => {
        await engine.attach({...robin, adapter: adapterV1});
        const error = await engine.swapAdapter("r-1", path.join(dir, "nowhere")).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(AdapterRejectedError);
        expect((error as Error).message).toMatch(/vLLM refused to load it \(Loading lora robin-v2 failed: No adapter found/);
        expect((await engine.chat("r-1", "Hi")).text).toBe("robin-v1 says: Hi");
    });

    it("refuses a GGUF adapter it cannot convert, and a PEFT folder vLLM would not load", async () => {
        const plain = new VllmEngine({baseUrl: fake.server.url});
        try {
            await plain.attach(robin);
            const error = await plain.swapAdapter("r-1", adapterV1).catch((e: unknown) => e);
            expect(error).toBeInstanceOf(AdapterRejectedError);
            expect((error as Error).message).toMatch(/GGUF adapter and vLLM loads only PEFT adapters.*prepareAdapter/);
            expect(fake.server.bodiesOf("POST", "/v1/load_lora_adapter")).toEqual([]);
            // A PEFT folder is sent as it is; one whose rank disagrees with its config is refused by the server.
            const folder = await peftAdapterFolder(stories, {threads: 1})(adapterV2);
            expect((await plain.swapAdapter("r-1", folder)).details).toMatchObject({lora_path: folder});
            const config = JSON.parse(await readFile(path.join(folder, "adapter_config.json"), "utf8")) as {r: number};
            await writeFile(path.join(folder, "adapter_config.json"), JSON.stringify({...config, r: config.r + 1}));
            const bad = await plain.swapAdapter("r-1", folder).catch((e: unknown) => e);
            expect((bad as Error).message).toMatch(/has rank 4\/4, adapter_config.json says r = 5/);
        } finally {
            await plain.dispose();
        }
    });

    it("names the flags to set when runtime LoRA loading is off", async () => {
        fake.state.runtimeLora = false;
        await engine.attach(robin);
        await expect(engine.swapAdapter("r-1", adapterV1)).rejects.toThrow(/--enable-lora .*VLLM_ALLOW_RUNTIME_LORA_UPDATING=True/);
    });

    it("refuses a base model the server does not serve", async () => {
        await engine.attach(robin);
        const error = await engine.swapModel("r-1", "Qwen/Qwen2.5-0.5B").catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ModelUnavailableError);
        expect((error as Error).message).toMatch(/does not serve "Qwen\/Qwen2.5-0.5B" \(it serves meta-llama/);
    });

    it("reports 5xx answers and an unreachable server clearly", async () => {
        await engine.attach(robin);
        fake.server.failNext("/v1/chat/completions", {status: 503, json: {object: "error", message: "engine overloaded", code: 503}});
        await expect(engine.chat("r-1", "Hi")).rejects.toThrow(/vLLM answered 503 .*POST \/v1\/chat\/completions: engine overloaded\. The server failed/);
        await fake.server.close();
        await expect(engine.chat("r-1", "Hi")).rejects.toThrow(/Cannot reach vLLM at http:\/\/127\.0\.0\.1:\d+ \(POST \/v1\/chat\/completions: (.*ECONNREFUSED|UND_ERR_SOCKET: other side closed).*\)\. Start it with `vllm serve/);
    });
});

function lastContent(json: unknown): string | undefined {
    return (json as {messages?: {content: string}[]} | null)?.messages?.at(-1)?.content;
}
