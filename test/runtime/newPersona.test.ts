import {writeFile} from "node:fs/promises";
import path from "node:path";
import {describe, expect, it} from "vitest";
import {codexTemplate, InvalidCodexError} from "../../src/objects/index.js";
import {CodexFileError, DuplicatePersonaError, newPersona, PersonaInUseError, UnusableModelError} from "../../src/runtime/index.js";
import type {Runtime} from "../../src/index.js";
import {writeLoraGguf, stories260KTargets} from "../llm/helpers/writeLoraGguf.js";
import {freshRuntimeForEach} from "./helpers.js";

const storiesModel = path.resolve("test/fixtures/models/stories260K.gguf");
let runtime: Runtime;
let dir: string;

freshRuntimeForEach((fresh) => ({runtime, dir} = fresh));

async function codexFile(name: string, edit: (codex: Record<string, unknown>) => void = () => undefined): Promise<string> {
    const codex = codexTemplate(name) as unknown as Record<string, unknown>;
    edit(codex);
    const file = path.join(dir, `${name.toLowerCase()}-${Math.random().toString(36).slice(2)}.json`);
    await writeFile(file, JSON.stringify(codex));
    return file;
}

describe("making a persona from a codex", () => {
    it("adds it with its codex and model stored relative to the image, and the Playground does the same", async () => {
        const id = await newPersona(runtime.manager, {name: "zed", codexFile: await codexFile("ZED"), model: storiesModel});
        const record = runtime.image.state.personas[id]!;
        expect(record.name).toBe("ZED");
        expect(path.isAbsolute(record.codexPath)).toBe(false);
        expect(path.resolve(dir, record.codexPath)).toMatch(/zed-.*\.json$/);
        expect(runtime.manager.resolve(record.baseModelPath!)).toBe(storiesModel);
        expect(record.codex.name).toBe("ZED");

        const file = await codexFile("NOVA");
        const answer = await runtime.evaluate(`(Image newPersona: #NOVA codex: '${file}') name`);
        expect(answer).toBe("NOVA");
        expect(runtime.manager.list().map((p) => p.name)).toEqual(["BRICK", "ROBIN", "ALFRED", "BABS", "ZED", "NOVA"]);
        expect(await runtime.evaluate("NOVA model")).toMatch(/living-image-genesis\.gguf$/);
    });

    it("refuses a duplicate name, a bad codex, a codex of another name and a model that is not one, changing nothing", async () => {
        const before = runtime.image.state;
        const attempt = async (name: string, codex: string, model?: string) => newPersona(runtime.manager, {name, codexFile: codex, model});
        await expect(attempt("BRICK", await codexFile("BRICK"))).rejects.toThrow(DuplicatePersonaError);
        const weights = await codexFile("ZED", (c) => {
            (c.rubric as {weight: number}[])[0]!.weight = 0.9;
        });
        await expect(attempt("ZED", weights)).rejects.toThrow(/\$\.rubric weights must add up to 1/);
        await expect(attempt("ZED", await codexFile("ZED", (c) => delete c.identity))).rejects.toThrow(InvalidCodexError);
        await expect(attempt("ZOO", await codexFile("ZED"))).rejects.toThrow(/\$\.name is "ZED", but the persona is to be named ZOO/);
        const notJson = path.join(dir, "broken.json");
        await writeFile(notJson, "{\"schemaVersion\": 1,");
        await expect(attempt("ZED", notJson)).rejects.toThrow(CodexFileError);
        await expect(attempt("ZED", path.join(dir, "missing.json"))).rejects.toThrow(/cannot be read \(ENOENT\)/);
        await expect(attempt("ZED", await codexFile("ZED"), notJson)).rejects.toThrow(UnusableModelError);
        const adapter = path.join(dir, "adapter.gguf");
        await writeLoraGguf(adapter, {targets: stories260KTargets(), seed: 1, scale: 1});
        await expect(attempt("ZED", await codexFile("ZED"), adapter)).rejects.toThrow(/is a LoRA adapter, not a base model/);
        await expect(runtime.evaluate(`Image newPersona: #ZED codex: '${notJson}'`)).rejects.toThrow(CodexFileError);
        expect(runtime.image.state).toBe(before);
    });
});

describe("removing a persona", () => {
    it("is refused while others delegate to it, and then changes nothing", async () => {
        await runtime.evaluate("ROBIN parent: BRICK. BABS parent: BRICK");
        const before = runtime.image.state;
        const brick = runtime.manager.get("BRICK");
        const refusal = runtime.manager.remove(brick.personaId);
        await expect(refusal).rejects.toThrow(PersonaInUseError);
        await expect(runtime.manager.remove(brick.personaId)).rejects.toThrow(/ROBIN and BABS delegate to it/);
        expect(runtime.image.state).toBe(before);
        await runtime.evaluate("ROBIN parent: nil. BABS parent: nil");
        await runtime.manager.remove(brick.personaId);
        expect(runtime.manager.list().map((p) => p.name)).toEqual(["ROBIN", "ALFRED", "BABS"]);
    });
});
