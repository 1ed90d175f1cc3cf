import {execFileSync} from "node:child_process";
import {mkdtemp, open, readFile, rm, stat} from "node:fs/promises";
import {tmpdir} from "node:os";
import path from "node:path";
import {parseSafetensorsMetadata} from "@huggingface/hub";
import {afterAll, beforeAll, describe, expect, it} from "vitest";
import {checkModelFile, readGgufHeader} from "../../src/gguf/index.js";
import {runCli} from "./helpers/runCli.js";

// `living-image forge peft-export` and `forge merge` on a real Qwen2 Q8_0 model and a LoRA adapter over it, both
// written by forge-py. The PEFT files are read back with Hugging Face's own safetensors parser (@huggingface/hub's
// parseSafetensorsMetadata, the format authors' JavaScript reader), not with the project's reader.
let dir: string;
let base: string;
let adapter: string;
let gemma: string;
const env = {LIVING_IMAGE_SOURCE: "1", FORGE_THREADS: "1"};
const cli = (...args: string[]) => runCli(dir, args, env);

beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "li-forge-tools-"));
    base = path.join(dir, "qwen2-q8.gguf");
    adapter = path.join(dir, "qwen2-adapter.gguf");
    gemma = path.join(dir, "gemma3.gguf");
    execFileSync("python3", ["-c", `
import numpy as np
from forge.gguf.constants import TensorType
from forge.gguf.writer import write_gguf
from forge.model.llama import Llama
from forge.model.lora import LORA_TARGETS, LoraWeights, lora_base_names
from forge.model.synthetic import write_synthetic
write_synthetic(${JSON.stringify(base)}, "qwen2", TensorType.Q8_0, seed=4)
write_synthetic(${JSON.stringify(gemma)}, "gemma3", TensorType.F32, seed=4)
model = Llama.from_gguf(${JSON.stringify(base)}, quantized=True)
rng = np.random.default_rng(1)
lora = LoraWeights.init(model.params, lora_base_names(model.config, list(LORA_TARGETS)), 4, 8.0, rng)
for b in lora.b.values():
    b[...] = rng.standard_normal(b.shape).astype(np.float32) * 0.01
write_gguf(${JSON.stringify(adapter)}, lora.metadata("", model.config.arch), lora.tensor_specs())
`], {env: {...process.env, PYTHONPATH: path.resolve("forge-py")}});
}, 120_000);
afterAll(async () => {
    if (dir != null) await rm(dir, {recursive: true, force: true});
});

/** A fetch that answers the hub client's requests (`…/resolve/main/FILE`, with Range) from a local folder. */
function folderFetch(folder: string): typeof fetch {
    return (async (input: string | URL | Request, init?: RequestInit) => {
        const url = new URL(typeof input === "string" ? input : input instanceof URL ? input.href : input.url);
        const file = path.join(folder, decodeURIComponent(url.pathname.split("/resolve/main/")[1] ?? ""));
        const size = await stat(file).then((s) => s.size, () => null);
        if (size == null) return new Response("", {status: 404, headers: {"X-Error-Code": "EntryNotFound"}});
        const range = /bytes=(\d+)-(\d+)/.exec(new Headers(init?.headers).get("range") ?? "");
        const start = range == null ? 0 : Number(range[1]);
        const end = range == null ? size - 1 : Math.min(size - 1, Number(range[2]));
        const bytes = Buffer.alloc(end - start + 1);
        const handle = await open(file, "r");
        await handle.read(bytes, 0, bytes.length, start);
        await handle.close();
        return new Response(bytes, {status: range == null ? 200 : 206, headers: {
            "Content-Range": `bytes ${start}-${end}/${size}`, "Content-Length": String(bytes.length), "ETag": `"${size}"`, "Content-Type": "application/octet-stream"
        }});
    }) as typeof fetch;
}

/** The float32 values of each tensor of a GGUF (F32 tensors only), by name, read at the offsets its header gives. */
async function ggufTensors(file: string): Promise<Map<string, {shape: number[], values: Float32Array}>> {
    const header = await readGgufHeader(file, {maxArrayElements: 0});
    const bytes = await readFile(file);
    const tensors = new Map<string, {shape: number[], values: Float32Array}>();
    for (const t of header.tensors) {
        expect(t.ggmlType).toBe(0);
        const count = t.dimensions.reduce((n, d) => n * Number(d), 1);
        const start = Number(header.dataOffset + t.offset);
        tensors.set(t.name, {shape: t.dimensions.map(Number).reverse(), values: new Float32Array(bytes.buffer.slice(bytes.byteOffset + start, bytes.byteOffset + start + count * 4))});
    }
    return tensors;
}

describe("living-image forge peft-export and forge merge", () => {
    it("peft-export writes PEFT files that Hugging Face's safetensors parser reads, holding the adapter's own weights under PEFT's names", async () => {
        const out = path.join(dir, "peft");
        const exported = await cli("forge", "peft-export", base, adapter, out);
        expect(exported.code, exported.stderr).toBe(0);
        expect(exported.stdout).toContain(`PEFT adapter written to ${out}`);
        expect(exported.stdout).toMatch(/adapter_model\.safetensors\s+sha256 [0-9a-f]{64}/);

        const parsed = await parseSafetensorsMetadata({repo: "local/peft", path: "adapter_model.safetensors", hubUrl: "http://local.invalid", fetch: folderFetch(out)});
        expect(parsed.sharded).toBe(false);
        if (parsed.sharded) return;
        const {__metadata__: _meta, ...entries} = parsed.header;
        const gguf = await ggufTensors(adapter);
        const layers = {attn_q: "self_attn.q_proj", attn_k: "self_attn.k_proj", attn_v: "self_attn.v_proj", attn_output: "self_attn.o_proj",
            ffn_gate: "mlp.gate_proj", ffn_up: "mlp.up_proj", ffn_down: "mlp.down_proj"} as Record<string, string>;
        expect(Object.keys(entries)).toHaveLength(gguf.size);
        const raw = await readFile(path.join(out, "adapter_model.safetensors"));
        const dataStart = 8 + Number(raw.readBigUInt64LE(0));
        let compared = 0;
        for (const [name, tensor] of gguf) {
            // blk.N.attn_q.weight.lora_a → base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight (Qwen2: no row permutation)
            const match = /^blk\.(\d+)\.(\w+)\.weight\.lora_([ab])$/.exec(name)!;
            const peftName = `base_model.model.model.layers.${match[1]}.${layers[match[2]!]}.lora_${match[3]!.toUpperCase()}.weight`;
            const entry = entries[peftName];
            expect(entry, peftName).toBeDefined();
            expect(entry!.dtype).toBe("F32");
            expect(entry!.shape).toEqual(tensor.shape);
            const [from, to] = entry!.data_offsets;
            const values = new Float32Array(raw.buffer.slice(raw.byteOffset + dataStart + from, raw.byteOffset + dataStart + to));
            expect(values).toEqual(tensor.values);
            compared++;
        }
        expect(compared).toBe(gguf.size);
        // The parser checks each entry, not that the data is whole (it lets a cut file through): the format's own rule,
        // as the reference (Rust) reader enforces it, is that the tensors' bytes follow each other and end the file.
        const spans = Object.values(entries).map((e) => e.data_offsets).sort((a, b) => a[0] - b[0]);
        spans.forEach(([from], i) => expect(from).toBe(i === 0 ? 0 : spans[i - 1]![1]));
        expect(dataStart + spans.at(-1)![1]).toBe(raw.length);
        expect(compared).toBeGreaterThanOrEqual(2 * 2 * 2);
        const config = JSON.parse(await readFile(path.join(out, "adapter_config.json"), "utf8")) as Record<string, unknown>;
        expect(config).toMatchObject({peft_type: "LORA", r: 4, lora_alpha: 8, base_model_name_or_path: "synthetic-qwen2"});
        expect([...(config["target_modules"] as string[])].sort()).toEqual(["down_proj", "gate_proj", "k_proj", "o_proj", "q_proj", "up_proj", "v_proj"]);

        const again = await cli("forge", "peft-export", base, adapter, out);
        expect(again.code).toBe(1);
        expect(again.stderr).toContain("already holds a PEFT adapter: name another folder, or pass --force");
        expect((await cli("forge", "peft-export", base, adapter, out, "--force")).code).toBe(0);
    }, 240_000);

    it("merge folds the adapter into a model of the base's type with progress, and refuses before starting what cannot work", async () => {
        const merged = path.join(dir, "merged.gguf");
        const run = await cli("forge", "merge", base, adapter, merged);
        expect(run.code, run.stderr).toBe(0);
        expect(run.stdout).toMatch(/\[[#-]+\] \d+\/\d+/);
        expect(run.stdout).toMatch(/Merged into .*merged\.gguf \(.*, Q8_0, sha256 [0-9a-f]{64}\)/);
        const facts = await checkModelFile(merged);
        expect(facts).toMatchObject({architecture: "qwen2", quantization: "Q8_0", parameters: (await checkModelFile(base)).parameters});

        const f16 = path.join(dir, "merged-f16.gguf");
        const typed = JSON.parse((await cli("forge", "merge", base, adapter, f16, "--type", "F16", "--scale", "0.5", "--json")).stdout) as {output: string, bytes: number};
        expect(typed.output).toBe(f16);
        expect(typed.bytes).toBe((await stat(f16)).size);

        const exists = await cli("forge", "merge", base, adapter, merged);
        expect(exists.code).toBe(1);
        expect(exists.stderr).toContain("exists: name a new file for the merged model, or pass --force");
        const wrongBase = await cli("forge", "merge", gemma, adapter, path.join(dir, "never.gguf"));
        expect(wrongBase.code).toBe(1);
        expect(wrongBase.stderr).toMatch(/adapter/i);
        const notAModel = await cli("forge", "merge", adapter, adapter, path.join(dir, "never.gguf"));
        expect(notAModel.code).toBe(1);
        expect(notAModel.stderr).toContain("it is a LoRA adapter, not a base model");
        const badScale = await cli("forge", "merge", base, adapter, path.join(dir, "never.gguf"), "--scale", "lots");
        expect(badScale.code).toBe(1);
        await expect(stat(path.join(dir, "never.gguf"))).rejects.toThrow();
        const usage = await cli("forge", "merge", base);
        expect(usage.code).toBe(1);
        expect(usage.stderr).toContain("living-image forge merge BASE.gguf ADAPTER.gguf OUT.gguf");
    }, 240_000);
});
