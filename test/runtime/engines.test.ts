import {copyFile, mkdir} from "node:fs/promises";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {enableOllama, EngineRouter, EngineSpecError} from "../../src/llm/index.js";
import {fingerprintModel} from "../../src/gguf/index.js";
import {PreviewUnsupportedError, Runtime, SwapRefusedError} from "../../src/index.js";
import {exportPersona, importPersona} from "../../src/runtime/index.js";
import type {ScrapbookEntry} from "../../src/index.js";
import {fakeOllama} from "../llm/helpers/fakeOllama.js";
import {stories260KTargets, writeLoraGguf} from "../llm/helpers/writeLoraGguf.js";
import {freshRuntime} from "./helpers.js";
import {judgeFor, judgeInteraction} from "../../src/oracle/index.js";
import {addInteraction, exchange} from "../oracle/helpers.js";

const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");
const genesisModel = path.resolve("models/living-image-genesis.gguf");
const router = () => new EngineRouter({embedded: {threads: 1, contextSize: 256, defaultMaxTokens: 8, defaultTemperature: 0}});
const lastEntry = (runtime: Runtime, name: string): ScrapbookEntry => runtime.manager.get(name).record.scrapbook.at(-1)!;

describe("an engine per persona", () => {
    let runtime: Runtime;
    let dir: string;
    let file: string;
    let cleanup: () => Promise<void>;
    let ollama: ReturnType<typeof fakeOllama>;
    let ollamaSpec: string;

    beforeEach(async () => {
        ({runtime, dir, file, cleanup} = await freshRuntime());
        enableOllama();
        ollama = fakeOllama();
        await ollama.server.start();
        ollamaSpec = `ollama://${ollama.server.url.slice("http://".length)}/llama3.2`;
        await mkdir(path.join(dir, "models"));
        await copyFile(storiesModel, path.join(dir, "models", "stories.gguf"));
    });
    afterEach(async () => {
        await cleanup();
        await ollama.server.close();
    });

    it("runs two personas on two GGUFs in one image, each scrapbook entry naming its own model and sha256, and keeps the specs over save and reload", async () => {
        runtime.attachEngine(router());
        await runtime.evaluate("BRICK useEngine: 'embedded:models/stories.gguf'");
        expect(await runtime.evaluate("BRICK engine")).toBe("embedded:models/stories.gguf");
        expect(await runtime.evaluate("ROBIN engine")).toMatch(/^embedded:.*models\/living-image-genesis\.gguf$/);
        await runtime.evaluate("BRICK chat: 'Once upon a time'. ROBIN chat: 'Once upon a time'");
        const stories = await fingerprintModel(storiesModel);
        const genesis = await fingerprintModel(genesisModel);
        expect(lastEntry(runtime, "BRICK")).toMatchObject({model: "models/stories.gguf", engine: {kind: "embedded", model: "models/stories.gguf", sha256: stories.sha256}});
        // The default image's personas name the project's model, found on the models search path.
        expect(lastEntry(runtime, "ROBIN").engine).toMatchObject({kind: "embedded", sha256: genesis.sha256});
        expect(lastEntry(runtime, "ROBIN").engine!.model).toMatch(/living-image-genesis\.gguf$/);
        expect(runtime.manager.get("BRICK").record.baseModelFingerprint).toEqual(stories);

        await runtime.save();
        await runtime.dispose();
        runtime = await Runtime.open(file);
        expect(await runtime.evaluate("BRICK engine")).toBe("embedded:models/stories.gguf");
        // A copy saved in another folder still names the same file.
        await mkdir(path.join(dir, "elsewhere"));
        await runtime.saveAs(path.join(dir, "elsewhere", "copy.image.json"));
        await runtime.dispose();
        runtime = await Runtime.open(path.join(dir, "elsewhere", "copy.image.json"));
        expect(await runtime.evaluate("BRICK engine")).toBe("embedded:../models/stories.gguf");
        runtime.attachEngine(router());
        await runtime.evaluate("BRICK chat: 'Once'");
        expect(lastEntry(runtime, "BRICK").engine).toEqual({kind: "embedded", model: "../models/stories.gguf", sha256: stories.sha256});
    });

    it("moves a persona to an Ollama server: its chats go there, the scrapbook names the server's model, and the spec survives reload", async () => {
        runtime.attachEngine(router());
        await runtime.evaluate("BRICK chat: 'Hello'");
        expect(lastEntry(runtime, "BRICK").engine!.kind).toBe("embedded");
        // Swapped while attached: the engine is asked first (the server must have the model).
        await expect(runtime.evaluate(`BRICK useEngine: '${ollamaSpec.replace("llama3.2", "mistral")}'`)).rejects.toThrow(SwapRefusedError);
        await expect(runtime.evaluate(`BRICK useEngine: '${ollamaSpec.replace("llama3.2", "mistral")}'`)).rejects.toThrow(/has no model "mistral": run `ollama pull mistral`.*Nothing was changed/);
        await expect(runtime.evaluate("BRICK useEngine: 'ollama:llama3.2'")).rejects.toThrow(EngineSpecError);
        expect(await runtime.evaluate("BRICK engine")).toMatch(/^embedded:.*living-image-genesis\.gguf$/);
        await runtime.evaluate(`BRICK useEngine: '${ollamaSpec}'`);
        expect(await runtime.evaluate("BRICK chat: 'Hello'")).toBe("llama3.2 says: Hello");
        expect(lastEntry(runtime, "BRICK")).toMatchObject({model: ollamaSpec, adapter: null, engine: {kind: "ollama", model: ollamaSpec, sha256: null}});
        expect(runtime.manager.get("BRICK").record.baseModelFingerprint).toBeNull();
        // A server does not lay out its requests here: the browser's context view says so.
        await expect(runtime.previewRequest(runtime.manager.get("BRICK"), [])).rejects.toThrow(PreviewUnsupportedError);
        await runtime.save();
        await runtime.dispose();
        runtime = await Runtime.open(file);
        runtime.attachEngine(router());
        expect(await runtime.evaluate("BRICK engine")).toBe(ollamaSpec);
        expect(await runtime.evaluate("BRICK chat: 'Again'")).toBe("llama3.2 says: Again");
    });

    it("refuses to change the engine of a persona whose adapter does not fit the new model, naming the fix; nothing changes", async () => {
        runtime.attachEngine(router());
        const adapter = path.join(dir, "brick-v1.gguf");
        await writeLoraGguf(adapter, {targets: stories260KTargets([0]), seed: 5});
        await runtime.evaluate("BRICK useEngine: 'models/stories.gguf'. BRICK swapAdapter: 'brick-v1.gguf'");
        for (const spec of [ollamaSpec, "models/living-image-genesis.gguf"]) {
            const refused = runtime.evaluate(`BRICK useEngine: '${spec}'`);
            await expect(refused).rejects.toThrow(SwapRefusedError);
            await expect(runtime.evaluate(`BRICK useEngine: '${spec}'`)).rejects.toThrow(/BRICK has the adapter brick-v1\.gguf, which does not fit it .*BRICK swapAdapter: nil/);
        }
        expect(await runtime.evaluate("BRICK engine")).toBe("embedded:models/stories.gguf");
        expect(runtime.manager.get("BRICK").record.activeAdapterPath).toBe("brick-v1.gguf");
        // Over the base it was trained for, the adapter answers.
        await runtime.evaluate("BRICK chat: 'Once'");
        expect(lastEntry(runtime, "BRICK")).toMatchObject({model: "models/stories.gguf", adapter: "brick-v1.gguf"});
    });

    it("--model per persona: the scrapbook records the model that answered, and an adapter that does not fit is left out, saying so", async () => {
        const adapter = path.join(dir, "brick-v1.gguf");
        await writeLoraGguf(adapter, {targets: stories260KTargets([0]), seed: 5});
        runtime.attachEngine(router());
        await runtime.evaluate("BRICK useEngine: 'models/stories.gguf'. BRICK swapAdapter: 'brick-v1.gguf'. ROBIN useEngine: 'models/stories.gguf'");
        await runtime.dispose();
        runtime = await Runtime.open(file);
        const transcript: string[] = [];
        runtime.bus.subscribe({type: "transcript"}, (e) => void transcript.push(e.type === "transcript" ? e.text : ""));
        runtime.attachEngine(router(), {modelOverrides: {all: storiesModel, personas: {brick: genesisModel, alfred: ollamaSpec}}});
        expect(runtime.engineOf(runtime.manager.get("BRICK"))).toMatchObject({spec: `embedded:${genesisModel}`, override: true});
        await runtime.evaluate("BRICK chat: 'Once'. ROBIN chat: 'Once'");
        expect(await runtime.evaluate("ALFRED chat: 'Hi'")).toBe("llama3.2 says: Hi");
        await runtime.bus.flush();
        // BRICK's adapter was trained over stories260K: over the genesis model it is left out, and the user is told how to choose.
        expect(lastEntry(runtime, "BRICK")).toMatchObject({adapter: null, engine: {kind: "embedded", sha256: (await fingerprintModel(genesisModel)).sha256}});
        expect(lastEntry(runtime, "BRICK").model).toMatch(/living-image-genesis\.gguf$/);
        expect(transcript.join("")).toMatch(/BRICK's adapter brick-v1\.gguf does not fit .*living-image-genesis\.gguf .*answers without it this session\. To keep it, leave BRICK out of --model/);
        expect(runtime.engineOf(runtime.manager.get("BRICK")).adapterLeftOut).toMatch(/does not fit/);
        expect(lastEntry(runtime, "ROBIN").engine).toMatchObject({kind: "embedded", sha256: (await fingerprintModel(storiesModel)).sha256});
        expect(lastEntry(runtime, "ALFRED")).toMatchObject({model: ollamaSpec, engine: {kind: "ollama"}});
        // The session's models are not written to the image.
        expect(runtime.manager.get("BRICK").record).toMatchObject({baseModelPath: "models/stories.gguf", activeAdapterPath: "brick-v1.gguf"});
    });

    it("the Oracle judges on ALFRED's engine: ALFRED on an Ollama server answers the verdict through its JSON-schema format", async () => {
        runtime.attachEngine(router());
        await runtime.evaluate(`ALFRED useEngine: '${ollamaSpec}'`);
        await using judge = judgeFor(runtime, {attempts: 1});
        expect(judge.model).toBe(ollamaSpec);
        const verdict = {logical_rigor: {score: 4, rationale: "sound"}, creative_synthesis: {score: 5, rationale: "fresh"},
            dissonance_resolution: {score: 4, rationale: "calm"}, task_efficacy: {score: 5, rationale: "done"}};
        ollama.server.failNext("/api/chat", {status: 200, json: {model: "llama3.2", message: {role: "assistant", content: JSON.stringify(verdict)},
            done: true, done_reason: "stop", prompt_eval_count: 50, eval_count: 30, eval_duration: 100_000_000}});
        const id = addInteraction(runtime, "BRICK", exchange("Should I go first?", "Premise one: someone must. Therefore, you."));
        const curation = await judgeInteraction(runtime, judge, "BRICK", id);
        expect(curation.scores).toMatchObject({judge: "ALFRED", axes: {logical_rigor: {score: 4}, task_efficacy: {score: 5}}});
        const request = ollama.server.bodiesOf("POST", "/api/chat").at(-1) as {model: string, format: {properties: Record<string, unknown>}};
        expect(request.model).toBe("llama3.2");
        expect(Object.keys(request.format.properties).sort()).toEqual(["creative_synthesis", "dissonance_resolution", "logical_rigor", "task_efficacy"]);
    });

    it("a persona file carries the engine spec: exported on Ollama, imported under another name, it runs on the same server", async () => {
        await runtime.evaluate(`BRICK useEngine: '${ollamaSpec}'`);
        const tar = path.join(dir, "brick.persona.tar");
        const exported = await exportPersona(runtime.manager, "BRICK", tar);
        expect(exported.model).toMatchObject({stored: ollamaSpec, sha256: null});
        const imported = await importPersona(runtime.manager, tar, {as: "BRICK2"});
        expect(imported.model).toMatchObject({status: "uri", stored: ollamaSpec});
        runtime.attachEngine(router());
        expect(await runtime.evaluate("BRICK2 engine")).toBe(ollamaSpec);
        expect(await runtime.evaluate("BRICK2 chat: 'Hi'")).toBe("llama3.2 says: Hi");
    });
});
