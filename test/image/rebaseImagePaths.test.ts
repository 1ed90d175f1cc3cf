import {mkdirSync, writeFileSync} from "node:fs";
import path from "node:path";
import {afterEach, beforeEach, describe, expect, it} from "vitest";
import {emptyWorld, ImageStore, type WorldState} from "../../src/image/index.js";
import {persona, tempDir} from "./sampleWorld.js";

describe("saveAs into another folder", () => {
    let dir: {dir: string, remove: () => void};
    beforeEach(() => {
        dir = tempDir();
    });
    afterEach(() => dir.remove());

    function world(paths: {codexPath: string, baseModelPath: string | null, activeAdapterPath: string | null}[]): WorldState {
        const state = emptyWorld();
        paths.forEach((p, i) => {
            const id = `00000000-0000-4000-8000-00000000000${i}`;
            state.personas[id] = {...persona(`P${i}`, id, 0), ...p};
        });
        return state;
    }

    it("rebases each relative path that names a file, so the copy names the same files", async () => {
        const home = path.join(dir.dir, "home");
        mkdirSync(path.join(home, "models"), {recursive: true});
        mkdirSync(path.join(home, "adapters", "P0"), {recursive: true});
        for (const file of ["models/m.gguf", "adapters/P0/a.gguf", "p0.json"]) writeFileSync(path.join(home, file), "x");
        const absolute = path.join(home, "models", "m.gguf");
        const source = path.join(home, "source.image.json");
        const store = await ImageStore.open(source, {create: () => world([
            {codexPath: "p0.json", baseModelPath: "models/m.gguf", activeAdapterPath: "adapters/P0/a.gguf"},
            // A URI, an engine tag, an absolute path and a missing file stay as they are.
            {codexPath: "gone.json", baseModelPath: "hf:owner/repo:Q4_K_M", activeAdapterPath: null},
            {codexPath: "p0.json", baseModelPath: "llama3.2:1b", activeAdapterPath: absolute},
            {codexPath: "p0.json", baseModelPath: "models/missing.gguf", activeAdapterPath: null}
        ])});
        const target = path.join(dir.dir, "elsewhere", "deeper", "copy.image.json");
        mkdirSync(path.dirname(target), {recursive: true});
        await store.saveAs(target);
        const copy = await ImageStore.open(target, {readOnly: true});
        const [p0, p1, p2, p3] = Object.values(copy.state.personas).map((p) => ({codexPath: p.codexPath, baseModelPath: p.baseModelPath, activeAdapterPath: p.activeAdapterPath}));
        expect(p0).toEqual({codexPath: "../../home/p0.json", baseModelPath: "../../home/models/m.gguf", activeAdapterPath: "../../home/adapters/P0/a.gguf"});
        expect(p1).toEqual({codexPath: "gone.json", baseModelPath: "hf:owner/repo:Q4_K_M", activeAdapterPath: null});
        expect(p2).toEqual({codexPath: "../../home/p0.json", baseModelPath: "llama3.2:1b", activeAdapterPath: absolute});
        expect(p3!.baseModelPath).toBe("models/missing.gguf");
        // The original keeps its own paths, and so does a copy saved beside it.
        expect(Object.values(store.state.personas)[0]!.baseModelPath).toBe("models/m.gguf");
        const sibling = path.join(home, "sibling.image.json");
        await store.saveAs(sibling);
        const besides = await ImageStore.open(sibling, {readOnly: true});
        expect(besides.state).toStrictEqual(store.state);
        await Promise.all([copy.close(), besides.close(), store.close()]);
    });
});
