import {execFileSync} from "node:child_process";
import {createHash} from "node:crypto";
import {copyFile, mkdir, mkdtemp, readFile, rm, stat, writeFile} from "node:fs/promises";
import {createServer, type AddressInfo} from "node:net";
import {tmpdir} from "node:os";
import path from "node:path";
import {stripVTControlCharacters} from "node:util";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ImageStore} from "../../src/index.js";
import {FakeServer, type Reply} from "../llm/helpers/fakeServer.js";
import {runCli} from "./helpers/runCli.js";

// Real GGUF models of three families and quantizations, written by forge-py (random weights, real tokenizers), the
// committed stories260K (no licence, no template), an adapter, a truncated file; a fake Ollama server (none can be
// installed here) that answers /api/tags, /api/show and /api/delete as Ollama documents them.
const stories = path.resolve("test/fixtures/models/stories260K.gguf");
const genesis = path.resolve("models/living-image-genesis.gguf");
let dir: string;
let extra: string;
let image: string;
let env: Record<string, string>;
let ollama: FakeServer;
const ollamaTags = new Set(["brick-base:latest", "other:7b"]);

const cli = (...args: string[]) => runCli(dir, args, env);

function writeSynthetic(file: string, flavour: string, type: string): void {
    execFileSync("python3", ["-c", `from forge.model.synthetic import write_synthetic
from forge.gguf.constants import TensorType
write_synthetic(${JSON.stringify(file)}, ${JSON.stringify(flavour)}, TensorType.${type})`], {env: {...process.env, PYTHONPATH: path.resolve("forge-py")}});
}

function ollamaRoute(method: string, route: string, _body: Buffer, json: unknown): Reply {
    const details = (quantization: string, size: string) => ({format: "gguf", family: "llama", parameter_size: size, quantization_level: quantization});
    if (method === "GET" && route === "/api/tags") return {status: 200, json: {models: [...ollamaTags].map((name) => ({
        name, model: name, size: name === "other:7b" ? 4_100_000_000 : 2_019_393_189, digest: `sha256:${createHash("sha256").update(name).digest("hex")}`,
        modified_at: "2026-11-30T10:00:00Z", details: name === "other:7b" ? details("Q5_K_M", "7.2B") : details("Q4_K_M", "3.2B")
    }))}};
    if (method === "POST" && route === "/api/show") {
        const name = (json as {model: string}).model;
        const tag = name.includes(":") ? name : `${name}:latest`;
        if (!ollamaTags.has(tag)) return {status: 404, json: {error: `model '${name}' not found`}};
        if (tag === "other:7b") return {status: 200, json: {
            modelfile: "FROM /nowhere/blob", template: "{{ if .System }}<|im_start|>system\n{{ .System }}<|im_end|>{{ end }}", details: details("Q5_K_M", "7.2B"),
            model_info: {"general.architecture": "qwen2", "general.parameter_count": 7_615_616_512, "qwen2.context_length": 32768}
        }};
        return {status: 200, json: {
            modelfile: "FROM /nowhere/blob\nTEMPLATE ...", parameters: "stop \"<|eot_id|>\"",
            template: "<|start_header_id|>{{ .Role }}<|end_header_id|>\n\n{{ .Content }}<|eot_id|>",
            license: "LLAMA 3.2 COMMUNITY LICENSE AGREEMENT\nLlama 3.2 Version Release Date: September 25, 2024", details: details("Q4_K_M", "3.2B"),
            model_info: {"general.architecture": "llama", "general.parameter_count": 3_212_749_888, "llama.context_length": 131072}
        }};
    }
    if (method === "DELETE" && route === "/api/delete") {
        const name = (json as {model: string}).model;
        return ollamaTags.delete(name.includes(":") ? name : `${name}:latest`) ? {status: 200} : {status: 404, json: {error: `model '${name}' not found`}};
    }
    return {status: 404, text: "404 page not found"};
}

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-model-cli-"));
    extra = path.join(dir, "extra");
    await mkdir(path.join(dir, "models"));
    await mkdir(extra);
    writeSynthetic(path.join(dir, "models", "qwen2-q4k.gguf"), "qwen2", "Q4_K");
    writeSynthetic(path.join(extra, "gemma3-q8.gguf"), "gemma3", "Q8_0");
    writeSynthetic(path.join(extra, "llama3-f16.gguf"), "llama3", "F16");
    await copyFile(stories, path.join(extra, "stories260K.gguf"));
    // Where node-llama-cpp's `pull` puts models (the test's HOME is its folder).
    await mkdir(path.join(dir, ".node-llama-cpp", "models"), {recursive: true});
    await copyFile(stories, path.join(dir, ".node-llama-cpp", "models", "pulled.gguf"));
    execFileSync("python3", ["-c", `from forge import adapter; open(${JSON.stringify(path.join(extra, "adapter.gguf"))}, "wb").write(adapter.encode())`],
        {env: {...process.env, PYTHONPATH: path.resolve("test/fixtures/forge")}});
    const bytes = await readFile(stories);
    await writeFile(path.join(extra, "cut.gguf"), bytes.subarray(0, bytes.length - 1000));
    image = path.join(dir, "workspace.image.json");
    await copyFile(path.resolve("workspace.image.json"), image);
    // No persona on the embedded model: BRICK on the Qwen2 file, ROBIN on an Ollama model (its engine spec), ALFRED and
    // BABS on stories260K (BABS through the embedded engine's spec).
    ollama = await new FakeServer(ollamaRoute).start();
    const store = await ImageStore.open(image);
    const byName = (name: string) => Object.values(store.state.personas).find((p) => p.name === name)!.personaId;
    store.update((d) => {
        d.personas[byName("BRICK")]!.baseModelPath = path.join(dir, "models", "qwen2-q4k.gguf");
        d.personas[byName("ROBIN")]!.baseModelPath = `ollama://${ollama.url.slice("http://".length)}/brick-base`;
        d.personas[byName("ALFRED")]!.baseModelPath = path.join(extra, "stories260K.gguf");
        d.personas[byName("BABS")]!.baseModelPath = `embedded:${path.join(extra, "stories260K.gguf")}`;
        for (const p of Object.values(d.personas)) p.baseModelFingerprint = null;
    }, "test models");
    await store.save();
    await store.close();
    // The user's models folder and LIVING_IMAGE_MODELS must not reach outside the test's folder.
    env = {HOME: dir, XDG_DATA_HOME: path.join(dir, "xdg"), LIVING_IMAGE_MODELS: "", OLLAMA_HOST: ollama.url.replace(/^http:\/\//, ""), LIVING_IMAGE_SOURCE: "1"};
}, 120_000);
afterAll(async () => {
    await ollama?.close();
    if (dir != null) await rm(dir, {recursive: true, force: true});
});

type Listed = {
    files: {file: string, path: string, via: string, architecture: string, parameters: number, fileType: string | null, dominantType: string,
        templateKind: string | null, contextLength: number, license: string | null, projectModel: boolean, usedBy: string[]}[],
    unreadable: {path: string, problem: string}[], adapters: number,
    ollama: {origin: string, by: string, problem: string | null, models: {tag: string, architecture: string, parameters: number, quantization: string,
        templateKind: string | null, contextLength: number, license: string | null, usedBy: string[]}[]}
};

describe("living-image model list, show and rm", () => {
    it("lists every model of the search path and of Ollama with its facts and the personas that use it, as JSON and as text", async () => {
        const listed = await cli("model", "list", "--models", extra, "--json");
        expect(listed.code).toBe(0);
        const catalog = JSON.parse(listed.stdout) as Listed;
        const file = (name: string) => catalog.files.find((f) => f.file === name)!;
        expect(file("qwen2-q4k.gguf")).toMatchObject({architecture: "qwen2", fileType: "Q4_K_M", dominantType: "Q4_K", templateKind: "ChatML",
            contextLength: 256, license: "MIT", via: "the image's models/", usedBy: ["BRICK"], projectModel: false});
        expect(file("gemma3-q8.gguf")).toMatchObject({architecture: "gemma3", fileType: "Q8_0", dominantType: "Q8_0", templateKind: "Gemma", via: "--models", usedBy: []});
        expect(file("llama3-f16.gguf")).toMatchObject({architecture: "llama", fileType: "F16", dominantType: "F16"});
        expect(file("stories260K.gguf")).toMatchObject({architecture: "llama", parameters: 292_800, fileType: null, dominantType: "F32", templateKind: null,
            license: null, usedBy: ["ALFRED", "BABS"]});
        expect(file("living-image-genesis.gguf")).toMatchObject({projectModel: true, via: "the project's models/", usedBy: []});
        expect(file("qwen2-q4k.gguf").parameters).toBeGreaterThan(1_000_000);
        expect(file("pulled.gguf")).toMatchObject({via: "node-llama-cpp's models folder", architecture: "llama", usedBy: []});
        expect(catalog.adapters).toBe(1);
        expect(catalog.unreadable).toEqual([{path: path.join(extra, "cut.gguf"), problem: expect.stringMatching(/truncated/) as string}]);
        expect(catalog.ollama).toMatchObject({origin: ollama.url, by: "OLLAMA_HOST", problem: null});
        expect(catalog.ollama.models).toEqual([
            expect.objectContaining({tag: "brick-base:latest", architecture: "llama", parameters: 3_212_749_888, quantization: "Q4_K_M", templateKind: "Llama 3",
                contextLength: 131072, license: expect.stringMatching(/^LLAMA 3.2 COMMUNITY/) as string, usedBy: ["ROBIN"]}),
            expect.objectContaining({tag: "other:7b", architecture: "qwen2", templateKind: "ChatML", contextLength: 32768, license: null, usedBy: []})
        ]);

        const text = await cli("model", "list", "--models", extra);
        expect(text.code).toBe(0);
        expect(text.stdout).not.toContain("\u001b[");
        const line = (name: string) => text.stdout.split("\n").find((l) => l.trimStart().startsWith(name)) ?? "";
        expect(line("qwen2-q4k.gguf")).toMatch(/733 kB\s+qwen2\s+1\.3M\s+Q4_K_M\s+ChatML\s+256\s+MIT\s+BRICK$/);
        expect(line("stories260K.gguf")).toMatch(/llama\s+293K\s+F32\s+none\s+2048\s+unknown\s+ALFRED, BABS$/);
        expect(line("living-image-genesis.gguf *")).not.toBe("");
        expect(line("brick-base:latest")).toMatch(/2\.0 GB\s+llama\s+3\.2B\s+Q4_K_M\s+Llama 3\s+131072\s+LLAMA 3\.2 COMMUNITY LIC…\s+ROBIN$/);
        expect(text.stdout).toMatch(/cut\.gguf: cannot be read: it is truncated/);
        expect(text.stdout).toContain("1 LoRA adapter file in these folders");
        // Colours as on a terminal when forced (e.g. into less -R), and never with NO_COLOR, whatever else is set.
        const coloured = await runCli(dir, ["model", "list", "--ollama", "off"], {...env, FORCE_COLOR: "1"});
        expect(coloured.stdout).toContain("\u001b[");
        expect(stripVTControlCharacters(coloured.stdout)).toContain("qwen2-q4k.gguf");
        const plain = await runCli(dir, ["model", "list", "--ollama", "off"], {...env, FORCE_COLOR: "1", NO_COLOR: "1"});
        expect(plain.stdout).not.toContain("\u001b[");
    }, 240_000);

    it("says in one line that Ollama does not answer, whether nothing listens or the server hangs, and lists the files all the same", async () => {
        const hanging = await new FakeServer(() => ({status: 200, wait: new Promise<void>(() => undefined)})).start();
        try {
            const started = Date.now();
            const hung = await cli("model", "list", "--ollama", hanging.url);
            expect(hung.code).toBe(0);
            expect(hung.stdout).toContain(`Ollama does not answer at ${hanging.url} (GET /api/tags: no answer within 3 s)`);
            expect(hung.stdout).toMatch(/qwen2-q4k\.gguf/);
            expect(Date.now() - started).toBeLessThan(200_000);
        } finally {
            await hanging.close();
        }
        // A port nothing listens on: one the system gave out and took back.
        const port = await new Promise<number>((resolve) => {
            const probe = createServer().listen(0, "127.0.0.1", () => {
                const free = (probe.address() as AddressInfo).port;
                probe.close(() => resolve(free));
            });
        });
        const closed = await cli("model", "list", "--json", "--ollama", `127.0.0.1:${port}`);
        expect(JSON.parse(closed.stdout)).toMatchObject({ollama: {origin: `http://127.0.0.1:${port}`, by: "--ollama", models: [], problem: expect.stringMatching(/does not answer.*ECONNREFUSED/) as string}});
        const off = JSON.parse((await cli("model", "list", "--json", "--ollama", "off")).stdout) as {ollama: unknown};
        expect(off.ollama).toBeNull();
    }, 240_000);

    it("shows everything about one model: a file by name or path (its sha256 computed, its metadata), an Ollama model by tag", async () => {
        const qwen = path.join(dir, "models", "qwen2-q4k.gguf");
        const shown = JSON.parse((await cli("model", "show", "qwen2-q4k", "--json")).stdout) as {path: string, sha256: string, tensorTypes: {type: string}[], metadata: Record<string, unknown>, usedBy: string[]};
        expect(shown.path).toBe(qwen);
        expect(shown.sha256).toBe(createHash("sha256").update(await readFile(qwen)).digest("hex"));
        expect(shown.tensorTypes.map((t) => t.type)).toEqual(["Q4_K", "F32"]);
        expect(shown.metadata["qwen2.block_count"]).toBe(2);
        expect(shown.usedBy).toEqual(["BRICK"]);
        const text = await cli("model", "show", path.join(extra, "stories260K.gguf"));
        expect(text.code).toBe(0);
        expect(text.stdout).toMatch(/licence\s+unknown/);
        expect(text.stdout).toMatch(/chat template\s+none/);
        expect(text.stdout).toMatch(/used by\s+ALFRED, BABS/);
        const tagged = await cli("model", "show", "other:7b");
        expect(tagged.stdout).toMatch(/other:7b\s+\(Ollama at/);
        expect(tagged.stdout).toMatch(/parameters\s+7,615,616,512 \(7\.6B\)/);
        const missing = await cli("model", "show", "no-such-model");
        expect(missing.code).toBe(1);
        expect(missing.stderr).toContain(`No model no-such-model: no no-such-model.gguf in`);
        expect(missing.stderr).toContain(`Ollama at ${ollama.url} has no model no-such-model`);
        const adapter = await cli("model", "show", path.join(extra, "adapter.gguf"));
        expect(adapter.code).toBe(1);
        expect(adapter.stderr).toContain("is a LoRA adapter, not a model");
    }, 240_000);

    it("removes a model only when no persona uses it, never a committed one without --force, and asks unless --yes", async () => {
        const inUse = await cli("model", "rm", "qwen2-q4k", "--yes");
        expect(inUse.code).toBe(1);
        expect(inUse.stderr).toMatch(/is the base model of BRICK in .*: it is not removed/);
        expect((await stat(path.join(dir, "models", "qwen2-q4k.gguf"))).isFile()).toBe(true);
        const committed = await cli("model", "rm", "living-image-genesis", "--yes");
        expect(committed.code).toBe(1);
        expect(committed.stderr).toContain("is a model committed with the project");
        expect((await stat(genesis)).isFile()).toBe(true);
        const unasked = await cli("model", "rm", "gemma3-q8", "--models", extra);
        expect(unasked.code).toBe(1);
        expect(unasked.stderr).toContain("model rm asks for confirmation; pass --yes to remove without asking");
        expect((await stat(path.join(extra, "gemma3-q8.gguf"))).isFile()).toBe(true);
        const removed = await cli("model", "rm", "gemma3-q8", "--models", extra, "--yes");
        expect(removed.code).toBe(0);
        expect(removed.stdout).toContain(`Removed ${path.join(extra, "gemma3-q8.gguf")}.`);
        await expect(stat(path.join(extra, "gemma3-q8.gguf"))).rejects.toThrow();
        const broken = await cli("model", "rm", path.join(extra, "cut.gguf"), "--yes");
        expect(broken.code).toBe(0);

        const ollamaInUse = await cli("model", "rm", "ollama:brick-base", "--yes");
        expect(ollamaInUse.code).toBe(1);
        expect(ollamaInUse.stderr).toMatch(/brick-base:latest \(Ollama at .*\) is the base model of ROBIN/);
        const deleted = await cli("model", "rm", "other:7b", "--yes");
        expect(deleted.code).toBe(0);
        expect(ollama.bodiesOf("DELETE", "/api/delete")).toEqual([{model: "other:7b"}]);
        expect(ollamaTags.has("other:7b")).toBe(false);
    }, 240_000);
});
