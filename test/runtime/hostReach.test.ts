import {access, writeFile, readFile} from "node:fs/promises";
import path from "node:path";
import {describe, expect, it} from "vitest";
import type {MethodProvenance, Runtime} from "../../src/index.js";
import {freshRuntimeForEach} from "./helpers.js";

let runtime: Runtime;
let dir: string;

freshRuntimeForEach((fresh) => ({runtime, dir} = fresh));

const provenance: MethodProvenance = {
    origin: "synthesized", model: "living-image-genesis.gguf", modelSha256: null, promptSha256: "0".repeat(64), examples: [],
    gates: [], tries: 1, at: new Date(), acceptedBy: "user"
};

/** Installs `source` in BRICK as a method a model wrote. */
function synthesized(source: string): void {
    runtime.compile(runtime.manager.get("BRICK"), source, "synthesized", {provenance});
}

const exists = (file: string) => access(file).then(() => true, () => false);

describe("code a model wrote has no reach into the host", () => {
    it("a synthesized method may not save the image elsewhere, swap a model or adapter, or grant itself the reach; by hand the same code may", async () => {
        const target = path.join(dir, "elsewhere.image.json");
        synthesized(`leak ^ Image saveAs: '${target}'`);
        synthesized("swap ^ self swapModel: 'other.gguf'");
        synthesized("swapAdapterToo ^ self swapAdapter: nil");
        synthesized("grant ^ self at: #hostReach put: true");
        synthesized("save ^ Image save");
        await expect(runtime.evaluate("BRICK leak")).rejects.toThrow(/Image saveAs: was refused: BRICK>>leak was written by a model \(synthesized\).*BRICK at: #hostReach put: true/);
        expect(await exists(target)).toBe(false);
        await expect(runtime.evaluate("BRICK swap")).rejects.toThrow(/swapModel: was refused: BRICK>>swap/);
        await expect(runtime.evaluate("BRICK swapAdapterToo")).rejects.toThrow(/swapAdapter: was refused/);
        await expect(runtime.evaluate("BRICK grant")).rejects.toThrow(/at: #hostReach put: was refused/);
        await expect(runtime.evaluate("BRICK save")).rejects.toThrow(/Image save was refused/);
        // Called from a method written by hand, the synthesized one is still on the stack: still refused.
        runtime.compile(runtime.manager.get("BRICK"), "viaHand ^ self leak");
        await expect(runtime.evaluate("BRICK viaHand")).rejects.toThrow(/BRICK>>leak was written by a model/);
        expect(runtime.manager.get("BRICK").record.slots["hostReach"]).toBeUndefined();

        // The Architect grants it: then the method may save a copy.
        await runtime.evaluate("BRICK at: #hostReach put: true");
        await runtime.evaluate("BRICK leak");
        expect(await exists(target)).toBe(true);
    });

    it("saving from Smalltalk writes only image files, never over a file that is not an image, and quotes no content", async () => {
        const notes = path.join(dir, "notes.txt");
        await writeFile(notes, "a secret line\n");
        const error = await runtime.evaluate(`Image saveAs: '${notes}'`).then(() => new Error("saved"), (e: unknown) => e as Error);
        expect(error.message).toMatch(/will not write over .*notes\.txt: notes\.txt exists and is not a Living Image image/);
        expect(error.message).not.toContain("secret");
        expect(await readFile(notes, "utf8")).toBe("a secret line\n");
        const swap = await runtime.evaluate(`BRICK swapModel: '${notes}'`).then(() => new Error("swapped"), (e: unknown) => e as Error);
        expect(swap.message).toMatch(/not a GGUF file/);
        expect(swap.message).not.toContain("secret");
    });
});
