import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {copyFile, readFile, writeFile} from "node:fs/promises";
import path from "node:path";
import {resolveModel, listModels, ModelUnavailableError} from "../../src/llm/index.js";
import {FakeServer} from "./helpers/fakeServer.js";
import {writeLoraGguf, stories260KTargets} from "./helpers/writeLoraGguf.js";
import {storiesModel, tempDir} from "./helpers/fixtures.js";

describe("resolveModel and listModels", () => {
    let dir: string;
    let cleanup: () => Promise<void>;
    let server: FakeServer;
    let model: Buffer;

    beforeAll(async () => {
        ({dir, cleanup} = await tempDir());
        model = await readFile(storiesModel);
        server = await new FakeServer((method) => (method === "GET" || method === "HEAD" ? {status: 200, bytes: model} : {status: 405})).start();
    });
    afterAll(async () => {
        await server?.close();
        await cleanup?.();
    });

    it("returns an existing local path as an absolute path, and refuses a missing one", async () => {
        expect(await resolveModel(path.relative(process.cwd(), storiesModel), {directory: dir})).toBe(storiesModel);
        const error = await resolveModel(path.join(dir, "nope.gguf"), {directory: dir}).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ModelUnavailableError);
        expect((error as ModelUnavailableError).reason).toBe("missing");
    });

    it("downloads a URL through node-llama-cpp's resolver with progress, then reuses the file", async () => {
        const progress: number[] = [];
        const file = await resolveModel(`${server.url}/models/tiny.gguf`, {directory: dir, onProgress: (p) => progress.push(p.downloadedBytes)});
        expect(path.dirname(file)).toBe(dir);
        expect((await readFile(file)).equals(model)).toBe(true);
        expect(progress.at(-1)).toBe(model.length);
        const {stat} = await import("node:fs/promises");
        const written = (await stat(file)).mtimeMs;
        const again: number[] = [];
        expect(await resolveModel(`${server.url}/models/tiny.gguf`, {directory: dir, onProgress: (p) => again.push(p.downloadedBytes)})).toBe(file);
        expect((await stat(file)).mtimeMs).toBe(written);
        expect(again).toEqual([]);
    });

    it("says the machine is offline when the network cannot be reached", async () => {
        const closed = new FakeServer(() => ({status: 200}));
        await closed.start();
        const url = `${closed.url}/models/x.gguf`;
        await closed.close();
        const error = await resolveModel(url, {directory: dir}).catch((e: unknown) => e);
        expect(error).toBeInstanceOf(ModelUnavailableError);
        expect((error as ModelUnavailableError).reason).toBe("offline");
        expect((error as Error).message).toMatch(/network is unreachable.*copy it into/);
    });

    it("lists the GGUF files of a directory with their type and architecture", async () => {
        const listing = path.join(dir, "listing");
        await (await import("node:fs/promises")).mkdir(listing);
        await copyFile(storiesModel, path.join(listing, "stories.gguf"));
        await writeLoraGguf(path.join(listing, "brick-v1.gguf"), {targets: stories260KTargets([0])});
        await writeFile(path.join(listing, "partial.gguf"), "GGU");
        await writeFile(path.join(listing, "notes.txt"), "not a model");
        const models = await listModels(listing);
        expect(models.map((m) => [m.fileName, m.type, m.architecture, m.error == null])).toEqual([
            ["brick-v1.gguf", "adapter", "llama", true],
            ["partial.gguf", null, null, false],
            ["stories.gguf", null, "llama", true]
        ]);
        expect(models[2]!.bytes).toBe(model.length);
        expect(await listModels(path.join(dir, "no-such-dir"))).toEqual([]);
    });
});

describe("NodeLlamaCppEngine with a URL model", () => {
    it("resolves a URL through the models directory when attaching", async () => {
        const {NodeLlamaCppEngine} = await import("../../src/llm/index.js");
        const {dir, cleanup} = await tempDir();
        const model = await readFile(storiesModel);
        const server = await new FakeServer(() => ({status: 200, bytes: model})).start();
        try {
            await using engine = new NodeLlamaCppEngine({threads: 1, contextSize: 128, modelsDirectory: dir});
            await engine.attach({personaId: "u", name: "U", systemPrompt: "", model: `${server.url}/stories.gguf`, adapter: null});
            const reply = await engine.complete("u", [{role: "user", content: "Once upon a time"}], {temperature: 0, maxTokens: 4});
            expect(reply.model).toBe(path.join(dir, "stories.gguf"));
            expect(engine.specOf("u").model).toBe(path.join(dir, "stories.gguf"));
        } finally {
            await server.close();
            await cleanup();
        }
    });
});
