import {mkdir, mkdtemp, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {embeddedModelName, isModelUri, locateModelFile, modelSearchPath, projectModelsDir, userModelsDir} from "../../src/gguf/index.js";

describe("the models search path", () => {
    it("searches --models, LIVING_IMAGE_MODELS, the image's folder and its models/, the user folder and the project's models/, in that order", () => {
        const env = {LIVING_IMAGE_MODELS: ["/env/one", "", "/env/two"].join(path.delimiter), XDG_DATA_HOME: "/xdg", HOME: "/home/u"};
        expect(modelSearchPath({imageDir: "/images", extraDirs: ["/cli"], env})).toEqual([
            {dir: "/cli", source: "--models"},
            {dir: "/env/one", source: "LIVING_IMAGE_MODELS"},
            {dir: "/env/two", source: "LIVING_IMAGE_MODELS"},
            {dir: "/images", source: "the image's folder"},
            {dir: "/images/models", source: "the image's models/"},
            {dir: "/xdg/living-image/models", source: "the user models folder"},
            {dir: projectModelsDir, source: "the project's models/"}
        ]);
    });

    it("keeps each folder once, at its first place", () => {
        const dirs = modelSearchPath({imageDir: path.dirname(projectModelsDir), extraDirs: [projectModelsDir], env: {HOME: "/h"}});
        expect(dirs.filter((d) => d.dir === projectModelsDir)).toEqual([{dir: projectModelsDir, source: "--models"}]);
    });

    it("puts the user models folder under XDG_DATA_HOME, or ~/.local/share when it is unset or relative", () => {
        expect(userModelsDir({XDG_DATA_HOME: "/data", HOME: "/home/u"})).toBe("/data/living-image/models");
        expect(userModelsDir({HOME: "/home/u"})).toBe("/home/u/.local/share/living-image/models");
        expect(userModelsDir({XDG_DATA_HOME: "relative/data", HOME: "/home/u"})).toBe("/home/u/.local/share/living-image/models");
    });

    it("tells URIs and engine tags from file paths", () => {
        for (const uri of ["hf:owner/repo:Q4_K_M", "https://example.invalid/m.gguf", "llama3.2:1b"]) expect(isModelUri(uri)).toBe(true);
        for (const file of ["models/x.gguf", "/abs/x.gguf", "x.gguf", "C:/models/x.gguf"]) expect(isModelUri(file)).toBe(false);
    });
});

describe("locateModelFile", () => {
    let dir: string;
    const env = () => ({HOME: path.join(dir, "home")});
    beforeEach(async () => {
        dir = await mkdtemp(path.join(tmpdir(), "li-search-"));
    });
    afterEach(async () => {
        await rm(dir, {recursive: true, force: true});
    });

    it("answers the file where the image says, before any search", async () => {
        await mkdir(path.join(dir, "models"));
        await writeFile(path.join(dir, "models", "m.gguf"), "x");
        expect(locateModelFile("models/m.gguf", {imageDir: dir, env: env()})).toEqual({found: {path: path.join(dir, "models", "m.gguf"), via: "as stored"}, searched: []});
    });

    it("finds a moved file by name on the search path, and says where it looked", async () => {
        const elsewhere = path.join(dir, "elsewhere");
        await mkdir(elsewhere);
        await writeFile(path.join(elsewhere, "m.gguf"), "four");
        const search = locateModelFile("../gone/m.gguf", {imageDir: path.join(dir, "image"), env: {...env(), LIVING_IMAGE_MODELS: elsewhere}});
        expect(search.found).toEqual({path: path.join(elsewhere, "m.gguf"), via: "LIVING_IMAGE_MODELS"});
        expect(search.searched).toEqual([{path: path.join(dir, "gone", "m.gguf"), via: "as stored", outcome: "absent"}]);
    });

    it("passes over a file of the same name but another size than the recorded fingerprint", async () => {
        const [a, b] = [path.join(dir, "a"), path.join(dir, "b")];
        await mkdir(a);
        await mkdir(b);
        await writeFile(path.join(a, "m.gguf"), "a different model");
        await writeFile(path.join(b, "m.gguf"), "four");
        const search = locateModelFile("m.gguf", {imageDir: dir, extraDirs: [a, b], env: env(), fingerprint: {sha256: "0".repeat(64), bytes: 4}});
        expect(search.found).toEqual({path: path.join(b, "m.gguf"), via: "--models"});
        expect(search.searched[1]).toEqual({path: path.join(a, "m.gguf"), via: "--models", outcome: "a different file (size differs)"});
    });

    it("always finds the embedded model in the project's models/", () => {
        const search = locateModelFile(`../../nowhere/${embeddedModelName}`, {imageDir: dir, env: env()});
        expect(search.found).toEqual({path: path.join(projectModelsDir, embeddedModelName), via: "the project's models/"});
    });

    it("answers null and every place it looked when the file is nowhere", () => {
        const search = locateModelFile("models/absent.gguf", {imageDir: dir, env: env()});
        expect(search.found).toBeNull();
        expect(search.searched.map((p) => p.via)).toEqual(["as stored", "the image's folder", "the user models folder", "the project's models/"]);
        expect(search.searched.every((p) => p.outcome === "absent" && p.path.endsWith("absent.gguf"))).toBe(true);
    });
});
