import {createHash} from "node:crypto";
import {copyFile, mkdir, mkdtemp, readFile, rename, rm} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, afterEach, beforeAll, beforeEach, describe, expect, it} from "vitest";
import {createEngine} from "../../src/llm/index.js";
import {createImage, Runtime, SwapRefusedError} from "../../src/index.js";
import {PersonaFileMissingError} from "../../src/runtime/index.js";

// Images that travel: save-as into another folder, a copy made with cp, and a model that moved or is gone.
// Real engine, real models: stories260K (a file only these tests know about) and the embedded genesis model.

const stories = path.resolve("test/fixtures/models/stories260K.gguf");
const genesis = path.resolve("models/living-image-genesis.gguf");
const sha256 = async (file: string) => createHash("sha256").update(await readFile(file)).digest("hex");

let root: string;
const saved = {XDG_DATA_HOME: process.env["XDG_DATA_HOME"], LIVING_IMAGE_MODELS: process.env["LIVING_IMAGE_MODELS"]};
beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "li-portable-"));
    // The search path must not find anything in the user's own models folder.
    process.env["XDG_DATA_HOME"] = path.join(root, "xdg");
    delete process.env["LIVING_IMAGE_MODELS"];
});
afterAll(async () => {
    for (const [key, value] of Object.entries(saved)) if (value == null) delete process.env[key]; else process.env[key] = value;
    await rm(root, {recursive: true, force: true});
});

let dir: string;
const open: Runtime[] = [];
beforeEach(async () => {
    dir = await mkdtemp(path.join(root, "case-"));
});
afterEach(async () => {
    for (const runtime of open.splice(0)) await runtime.dispose();
});

/** An image in `home/` whose personas use their own copy of stories260K at `home/models/tiny.gguf`. */
async function imageWithOwnModel(): Promise<{file: string, model: string}> {
    const model = path.join(dir, "home", "models", "tiny.gguf");
    await mkdir(path.dirname(model), {recursive: true});
    await copyFile(stories, model);
    const file = path.join(dir, "home", "own.image.json");
    await createImage(file, {model});
    return {file, model};
}

async function openWithEngine(file: string, options: {modelDirs?: string[]} = {}): Promise<Runtime> {
    const runtime = await Runtime.open(file, options);
    open.push(runtime);
    runtime.attachEngine(createEngine("node-llama-cpp", {threads: 1, defaultMaxTokens: 8, defaultTemperature: 0, contextSize: 512}));
    return runtime;
}

describe("an image saved or copied into another folder", () => {
    it("save-as rebases the model path, and the copy chats in its new folder", async () => {
        const {file, model} = await imageWithOwnModel();
        const original = await Runtime.open(file);
        const target = path.join(dir, "away", "deeper", "copy.image.json");
        await mkdir(path.dirname(target), {recursive: true});
        await original.saveAs(target);
        // The Playground's Image saveAs: takes the same path.
        const viaPlayground = path.join(dir, "away", "playground.image.json");
        await original.evaluate(`Image saveAs: '${viaPlayground}'`);
        await original.dispose();

        const copy = await openWithEngine(target);
        const brick = copy.manager.get("BRICK").record;
        expect(brick.baseModelPath).toBe("../../home/models/tiny.gguf");
        expect(brick.baseModelFingerprint).toEqual({sha256: await sha256(model), bytes: (await readFile(model)).length});
        expect(copy.manager.modelFileOf(brick.personaId)).toBe(model);
        const reply = await copy.evaluate("BRICK chat: 'Once upon a time'");
        expect(typeof reply).toBe("string");
        expect((reply as string).length).toBeGreaterThan(0);

        const other = await Runtime.open(viaPlayground, {readOnly: true});
        open.push(other);
        expect(other.manager.get("ROBIN").record.baseModelPath).toBe("../home/models/tiny.gguf");
    });

    it("a copy made with cp chats: the embedded model is always found, another one through --models", async () => {
        // The committed image names models/living-image-genesis.gguf beside it: a copy elsewhere finds it in the project's models/.
        const copied = path.join(dir, "cp", "workspace.image.json");
        await mkdir(path.dirname(copied));
        await copyFile(path.resolve("workspace.image.json"), copied);
        const workspace = await openWithEngine(copied);
        const brick = workspace.manager.get("BRICK").record;
        // An image from before fingerprints: recorded when the model is first found.
        expect(brick.baseModelFingerprint).toBeNull();
        expect(workspace.manager.modelFileOf(brick.personaId)).toBe(genesis);
        expect(typeof await workspace.evaluate("BRICK chat: 'Hello'")).toBe("string");
        expect(workspace.manager.get("BRICK").record.baseModelFingerprint?.sha256).toBe(await sha256(genesis));
        await workspace.dispose();

        const {file, model} = await imageWithOwnModel();
        const elsewhere = path.join(dir, "elsewhere", "own.image.json");
        await mkdir(path.dirname(elsewhere));
        await copyFile(file, elsewhere);
        const copy = await openWithEngine(elsewhere, {modelDirs: [path.dirname(model)]});
        expect(copy.manager.modelFileOf(copy.manager.get("ROBIN").personaId)).toBe(model);
        expect(typeof await copy.evaluate("ROBIN chat: 'Hello'")).toBe("string");
    });
});

describe("a model that is truly missing", () => {
    it("is named with its persona, file name and sha256, and the living-image command that fixes it", async () => {
        const {file, model} = await imageWithOwnModel();
        const moved = path.join(dir, "moved-tiny.gguf");
        await rename(model, moved);
        const runtime = await openWithEngine(file);
        const error = await runtime.evaluate("BRICK chat: 'Hello'").catch((e: unknown) => e) as PersonaFileMissingError;
        expect(error).toBeInstanceOf(PersonaFileMissingError);
        expect(error.userError).toBe(true);
        expect(error).toMatchObject({persona: "BRICK", what: "model", fileName: "tiny.gguf", sha256: await sha256(moved)});
        expect(error.message).toContain(`BRICK needs the base model tiny.gguf (sha256 ${await sha256(moved)}, 1.2 MB)`);
        expect(error.message).toContain(`living-image model locate BRICK /path/to/tiny.gguf --image ${file}`);
        expect(error.message).toContain("--models DIR");
        expect(error.message).toContain(path.join(root, "xdg", "living-image", "models", "tiny.gguf"));
        expect(error.message).not.toMatch(/\.ts\b|manager\.|relocateModel/);

        // The fix: record where the same model now is. Another model is refused.
        await expect(runtime.manager.relocateModel(runtime.manager.get("BRICK").personaId, genesis)).rejects.toThrow(SwapRefusedError);
        const located = await runtime.manager.relocateModel(runtime.manager.get("BRICK").personaId, moved);
        // Outside the image's folder, the path is stored absolute.
        expect(located).toEqual({path: moved, sha256: await sha256(moved)});
        expect(typeof await runtime.evaluate("BRICK chat: 'Hello'")).toBe("string");
    });
});
