import {execFileSync} from "node:child_process";
import {mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {checkModelFile, InvalidModelFileError, tensorBytes} from "../../src/gguf/index.js";

const stories = resolve(import.meta.dirname, "../fixtures/models/stories260K.gguf");
const genesis = resolve(import.meta.dirname, "../../models/living-image-genesis.gguf");
const fixtureDir = resolve(import.meta.dirname, "../fixtures/forge");

let work: string;
beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "check-model-test-"));
});
afterAll(async () => {
    await rm(work, {recursive: true, force: true});
});

async function reasonFor(path: string): Promise<string> {
    const error = await checkModelFile(path).then(() => null, (e: unknown) => e as Error);
    expect(error).toBeInstanceOf(InvalidModelFileError);
    expect((error as InvalidModelFileError).userError).toBe(true);
    return (error as InvalidModelFileError).reason;
}

describe("checkModelFile", () => {
    it("reads what a real model's header says", async () => {
        const facts = await checkModelFile(stories);
        expect(facts).toMatchObject({
            architecture: "llama", parameters: 292_800, quantization: "F32", contextLength: 2048, chatTemplate: null,
            layers: 5, embeddingLength: 64, tokenizer: "llama", bytes: 1_185_376
        });
        const own = await checkModelFile(genesis);
        expect(own.architecture).toBe("llama");
        expect(own.chatTemplate).toContain("<|im_start|>");
    });

    it("refuses random bytes, only the magic, a truncated model, an adapter and a missing file, naming the file and never quoting it", async () => {
        const random = join(work, "random.gguf");
        await writeFile(random, Buffer.from(Array.from({length: 4096}, (_, i) => (i * 7919 + 13) % 256)));
        expect(await reasonFor(random)).toBe("it does not begin with the GGUF magic, so it is not a GGUF file");
        const magic = join(work, "magic.gguf");
        await writeFile(magic, "GGUF");
        expect(await reasonFor(magic)).toMatch(/ends at byte 4, inside its header/);
        const bytes = await readFile(stories);
        const cut = join(work, "cut.gguf");
        await writeFile(cut, bytes.subarray(0, bytes.length - 1000));
        expect(await reasonFor(cut)).toMatch(/truncated: it has 1184376 bytes and its tensors need 1185376/);
        const adapter = join(work, "adapter.gguf");
        execFileSync("python3", ["-c", `from forge import adapter; open(${JSON.stringify(adapter)}, "wb").write(adapter.encode())`],
            {env: {...process.env, PYTHONPATH: fixtureDir}});
        expect(await reasonFor(adapter)).toMatch(/LoRA adapter, not a base model/);
        expect(await reasonFor(join(work, "nope.gguf"))).toBe("there is no such file");
        const error = await checkModelFile(random).catch((e: unknown) => e as Error);
        expect((error as Error).message).toContain(random);
        expect((error as Error).message).not.toMatch(/0x[0-9a-f]{8}/);
    });
});

describe("tensorBytes", () => {
    it("knows the block layouts of quantized types", () => {
        expect(tensorBytes(0, [64n, 64n])).toBe(16_384n);
        expect(tensorBytes(8, [4096n, 10n])).toBe(4096n / 32n * 34n * 10n); // Q8_0
        expect(tensorBytes(12, [4096n])).toBe(16n * 144n); // Q4_K
        expect(tensorBytes(14, [256n, 3n])).toBe(3n * 210n); // Q6_K
        expect(tensorBytes(12, [100n])).toBeNull(); // not a whole block
        expect(tensorBytes(999, [32n])).toBeNull();
    });
});
