import {copyFile, mkdir, mkdtemp, readdir, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {ImageExistsError, journalPathFor} from "../../src/image/index.js";
import {createImage} from "../../src/index.js";

let root: string;
beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), "li-create-image-"));
});
afterAll(async () => {
    await rm(root, {recursive: true, force: true});
});

describe("createImage (`living-image new`)", () => {
    it("leaves nothing behind when it fails half-way, so the next `new` is not blocked by an orphan journal", async () => {
        // Codices where the third is damaged: two personas are made (and journalled) before the failure.
        const codices = path.join(root, "codices");
        await mkdir(codices);
        for (const name of ["brick", "robin"]) await copyFile(path.resolve("codices", `${name}.json`), path.join(codices, `${name}.json`));
        await writeFile(path.join(codices, "alfred.json"), "{\"name\": \"ALFRED\", \"not\": \"a codex\"");
        const dir = path.join(root, "images");
        await mkdir(dir);
        const file = path.join(dir, "world.image.json");

        await expect(createImage(file, {codicesDir: codices})).rejects.toThrow();
        expect(await readdir(dir)).toEqual([]);

        // With the codex mended, `new` succeeds at the same path.
        await copyFile(path.resolve("codices", "alfred.json"), path.join(codices, "alfred.json"));
        const made = await createImage(file, {codicesDir: codices});
        expect(made.personas).toEqual(["BRICK", "ROBIN", "ALFRED"]);
        expect((await readdir(dir)).sort()).toEqual(["world.image.json"]);
    });

    it("is refused where a journal of an image that was never saved holds changes, and leaves it as it was", async () => {
        const dir = path.join(root, "orphan");
        await mkdir(dir);
        const file = path.join(dir, "world.image.json");
        const journal = journalPathFor(file);
        await writeFile(journal, "{\"not\": \"read by new\"}\n");
        const error = await createImage(file).then(() => null, (e: unknown) => e);
        expect(error).toBeInstanceOf(ImageExistsError);
        expect((error as ImageExistsError).found).toBe("journal");
        expect((error as Error).message).toMatch(/holds changes to an image world\.image\.json that was never saved or is gone.*move .* away to start afresh/s);
        expect(await readFile(journal, "utf8")).toBe("{\"not\": \"read by new\"}\n");
        expect(await readdir(dir)).toEqual([path.basename(journal)]);
    });
});
