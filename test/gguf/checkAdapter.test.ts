import {execFileSync} from "node:child_process";
import {copyFile, mkdtemp, readFile, rm, writeFile} from "node:fs/promises";
import {tmpdir} from "node:os";
import {join, resolve} from "node:path";
import {readGgufFileInfo} from "node-llama-cpp";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {baseShapesOf, checkAdapter, InvalidAdapterError, readGgufHeader, sha256File} from "../../src/gguf/index.js";
import type {BaseShapes} from "../../src/gguf/index.js";

const stories = resolve(import.meta.dirname, "../fixtures/models/stories260K.gguf");
const fixtureDir = resolve(import.meta.dirname, "../fixtures/forge");

let work: string;
let adapter: string;
let adapterSha: string;
beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "verify-adapter-test-"));
    adapter = join(work, "good.gguf");
    // The fixture package's stdlib GGUF writer: a LoRA adapter made by something other than this reader.
    execFileSync("python3", ["-c", `from forge import adapter; open(${JSON.stringify(adapter)}, "wb").write(adapter.encode(pairs=("blk.0.attn_q.weight", "blk.1.ffn_up.weight")))`],
        {env: {...process.env, PYTHONPATH: fixtureDir}});
    adapterSha = await sha256File(adapter);
});
afterAll(async () => {
    await rm(work, {recursive: true, force: true});
});

async function reasonFor(path: string, sha: string, base?: BaseShapes): Promise<string> {
    const error = await checkAdapter(path, {sha256: sha, base}).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidAdapterError);
    return (error as InvalidAdapterError).reason;
}

/** An adapter for `blk.0.attn_q.weight` with the given ggml dimensions, written by the fixture package. */
function writeAdapter(name: string, options: {nIn: number, nOut: number, rank?: number}): string {
    const file = join(work, name);
    execFileSync("python3", ["-c", `from forge import adapter; open(${JSON.stringify(file)}, "wb").write(adapter.encode(rank=${options.rank ?? 2}, n_in=${options.nIn}, n_out=${options.nOut}))`],
        {env: {...process.env, PYTHONPATH: fixtureDir}});
    return file;
}

describe("checkAdapter", () => {
    it("accepts a complete LoRA adapter with the announced sha256 and reports its facts", async () => {
        expect(adapterSha).toBe(execFileSync("sha256sum", [adapter]).toString().split(" ")[0]);
        await expect(checkAdapter(adapter, {sha256: adapterSha.toUpperCase()})).resolves.toMatchObject(
            {path: adapter, sha256: adapterSha, architecture: "llama", alpha: 4, rank: 2, pairs: 2});
    });

    it("checks the shapes against a base model: one trained for stories260K fits it, one for another base does not", async () => {
        const base = baseShapesOf(await readGgufHeader(stories, {maxArrayElements: 0}));
        // stories260K's attn_q is ne [64, 64].
        const fits = writeAdapter("fits.gguf", {nIn: 64, nOut: 64});
        await expect(checkAdapter(fits, {base})).resolves.toMatchObject({rank: 2, pairs: 1});
        const other = writeAdapter("other-base.gguf", {nIn: 128, nOut: 128});
        const reason = await reasonFor(other, await sha256File(other), base);
        expect(reason).toMatch(/do not fit the base model's blk\.0\.attn_q\.weight \[64, 64\].*trained for another base/);
        const llama = {...base, architecture: "qwen2"};
        expect(await reasonFor(fits, await sha256File(fits), llama)).toBe('its architecture is "llama" but the base model\'s is "qwen2"');
    });

    it("never quotes the bytes of a file it refuses", async () => {
        const secret = join(work, "secret.txt");
        await writeFile(secret, "password=hunter2 and more text than a header");
        const error = await checkAdapter(secret).then(() => null, (e: unknown) => e as Error);
        expect(error).toBeInstanceOf(InvalidAdapterError);
        expect(error!.message).not.toMatch(/hunter2|0x[0-9a-f]{8}|passw/);
        expect(error!.message).toContain("not a GGUF file");
    });

    it("refuses a missing file, a non-GGUF and a full model", async () => {
        expect(await reasonFor(join(work, "nope.gguf"), adapterSha)).toBe("the file does not exist");
        const text = join(work, "notes.gguf");
        await writeFile(text, "this is not a model at all, just some text");
        expect(await reasonFor(text, adapterSha)).toContain("does not begin with the GGUF magic");
        expect(await reasonFor(stories, adapterSha)).toContain("general.type is null, expected \"adapter\"");
    });

    it("refuses a file cut short in its header or in its tensor data", async () => {
        const bytes = await readFile(adapter);
        const headerCut = join(work, "header-cut.gguf");
        await writeFile(headerCut, bytes.subarray(0, 40));
        expect(await reasonFor(headerCut, adapterSha)).toMatch(/ends at byte \d+, inside its header/);
        const dataCut = join(work, "data-cut.gguf");
        await writeFile(dataCut, bytes.subarray(0, bytes.length - 8));
        expect(await reasonFor(dataCut, adapterSha)).toMatch(/truncated: it has \d+ bytes and its tensors need \d+/);
    });

    it("refuses a tampered adapter (one changed byte) by its sha256", async () => {
        const tampered = join(work, "tampered.gguf");
        await copyFile(adapter, tampered);
        const bytes = await readFile(tampered);
        bytes[bytes.length - 3] = bytes[bytes.length - 3]! ^ 0xff;
        await writeFile(tampered, bytes);
        expect(await reasonFor(tampered, adapterSha)).toContain(`but ${adapterSha} was expected`);
    });
});

describe("readGgufHeader", () => {
    it("reads the same metadata and tensor table as node-llama-cpp on a real model", async () => {
        const ours = await readGgufHeader(stories);
        const theirs = await readGgufFileInfo(stories, {readTensorInfo: true});
        expect(ours.version).toBe(theirs.version);
        expect(ours.metadata.get("general.architecture")).toBe("llama");
        expect(ours.metadata.get("llama.block_count")).toBe(theirs.metadata.llama?.block_count);
        expect(ours.metadata.get("llama.embedding_length")).toBe(theirs.metadata.llama?.embedding_length);
        expect((ours.metadata.get("tokenizer.ggml.tokens") as string[]).slice(0, 5)).toEqual(theirs.metadata.tokenizer.ggml.tokens.slice(0, 5));
        expect(ours.tensors.map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, Number(t.offset)]))
            .toEqual((theirs.tensorInfo ?? []).map((t) => [t.name, t.dimensions.map(Number), t.ggmlType, Number(t.offset)]));
        // infoEndOffset is where the tensor table ends; data starts at the next multiple of the alignment (32).
        const end = Number(theirs.infoEndOffset);
        expect(Number(ours.dataOffset)).toBe(end + (32 - end % 32) % 32);
    });
});
