"""Writes a llama GGUF of a chosen size with random F16 weights, and LoRA adapters for it, for the llm bench.

The tokenizer (metadata only) is copied from the committed genesis model, so llama.cpp loads the file and
the engine finds BOS and a ChatML template. The weights are random: the bench times loading, context
creation and adapter application, which do not depend on what the weights say.

    PYTHONPATH=forge-py python3 bench/makeLlamaGguf.py --out DIR --n-embd 512 --n-layer 8 --n-ff 1376 \
        --n-head 8 --adapters 60

Prints one JSON line: the model's path, parameter count and bytes, and the adapters' paths.
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

# bench/forge.py would shadow the forge package: this script's folder is not an import root.
sys.path[:] = [p for p in sys.path if os.path.abspath(p or ".") != os.path.dirname(os.path.abspath(__file__))]

import numpy as np  # noqa: E402

from forge.gguf.constants import TensorType  # noqa: E402
from forge.gguf.metadata import Meta  # noqa: E402
from forge.gguf.reader import read_gguf  # noqa: E402
from forge.gguf.validate import validate_adapter, validate_llama  # noqa: E402
from forge.gguf.writer import TensorSpec, write_gguf  # noqa: E402

TOKENIZER_SOURCE = os.path.join(os.path.dirname(__file__), "..", "models", "living-image-genesis.gguf")
# The projections a persona adapter typically adapts; enough tensors that loading one is not free.
ADAPTER_TARGETS = ("attn_q", "attn_v", "ffn_down")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", required=True)
    parser.add_argument("--n-embd", type=int, required=True)
    parser.add_argument("--n-layer", type=int, required=True)
    parser.add_argument("--n-ff", type=int, required=True)
    parser.add_argument("--n-head", type=int, required=True)
    parser.add_argument("--n-head-kv", type=int, default=0)
    parser.add_argument("--context", type=int, default=512)
    parser.add_argument("--adapters", type=int, default=0)
    parser.add_argument("--rank", type=int, default=8)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    started = time.perf_counter()
    n_embd, n_layer, n_ff, n_head = args.n_embd, args.n_layer, args.n_ff, args.n_head
    n_head_kv = args.n_head_kv or n_head
    head_dim = n_embd // n_head
    kv = n_head_kv * head_dim

    source = read_gguf(TOKENIZER_SOURCE)
    tokenizer = {key: meta for key, meta in source.metadata.items() if key.startswith("tokenizer.")}
    vocab = len(tokenizer["tokenizer.ggml.tokens"].value)
    metadata = {
        "general.architecture": Meta.str("llama"),
        "general.name": Meta.str(f"bench-random-{n_embd}x{n_layer}"),
        "general.file_type": Meta.u32(1),  # mostly F16
        "llama.context_length": Meta.u32(args.context),
        "llama.embedding_length": Meta.u32(n_embd),
        "llama.block_count": Meta.u32(n_layer),
        "llama.feed_forward_length": Meta.u32(n_ff),
        "llama.attention.head_count": Meta.u32(n_head),
        "llama.attention.head_count_kv": Meta.u32(n_head_kv),
        "llama.attention.layer_norm_rms_epsilon": Meta.f32(1e-5),
        "llama.rope.freq_base": Meta.f32(10000.0),
        "llama.rope.dimension_count": Meta.u32(head_dim),
        "llama.vocab_size": Meta.u32(vocab),
        **tokenizer,
    }

    rng = np.random.default_rng(args.seed)

    def matrix(rows: int, cols: int) -> np.ndarray:
        # Small enough that activations stay finite through every layer; F16 halves the file.
        return (rng.standard_normal((rows, cols), dtype=np.float32) * 0.02).astype(np.float16)

    shapes: dict[str, tuple[int, int]] = {}
    specs = [
        TensorSpec("token_embd.weight", matrix(vocab, n_embd), TensorType.F16),
        TensorSpec("output.weight", matrix(vocab, n_embd), TensorType.F16),
        TensorSpec("output_norm.weight", np.ones(n_embd, dtype=np.float32)),
    ]
    for i in range(n_layer):
        layer = {
            "attn_q": (n_embd, n_embd), "attn_k": (kv, n_embd), "attn_v": (kv, n_embd),
            "attn_output": (n_embd, n_embd), "ffn_gate": (n_ff, n_embd), "ffn_up": (n_ff, n_embd),
            "ffn_down": (n_embd, n_ff),
        }
        specs.append(TensorSpec(f"blk.{i}.attn_norm.weight", np.ones(n_embd, dtype=np.float32)))
        specs.append(TensorSpec(f"blk.{i}.ffn_norm.weight", np.ones(n_embd, dtype=np.float32)))
        for name, shape in layer.items():
            shapes[f"blk.{i}.{name}.weight"] = shape
            specs.append(TensorSpec(f"blk.{i}.{name}.weight", matrix(*shape), TensorType.F16))
    validate_llama(metadata, specs)
    parameters = int(sum(s.array.size for s in specs))
    model_path = os.path.join(args.out, f"random-{n_embd}x{n_layer}.gguf")
    write_gguf(model_path, metadata, specs)
    del specs

    adapters = []
    targets = [f"blk.{i}.{t}.weight" for i in range(n_layer) for t in ADAPTER_TARGETS]
    adapter_meta = {
        "general.architecture": Meta.str("llama"),
        "general.type": Meta.str("adapter"),
        "adapter.type": Meta.str("lora"),
        "adapter.lora.alpha": Meta.f32(float(args.rank)),
    }
    for n in range(args.adapters):
        lora = []
        for base in targets:
            out, inp = shapes[base]
            lora.append(TensorSpec(f"{base}.lora_a", rng.standard_normal((args.rank, inp), dtype=np.float32) * 0.01))
            lora.append(TensorSpec(f"{base}.lora_b", rng.standard_normal((out, args.rank), dtype=np.float32) * 0.01))
        validate_adapter(adapter_meta, lora)
        # Each version its own name: llama.cpp caches adapters by path for the model's life.
        path = os.path.join(args.out, f"random-{n_embd}x{n_layer}-lora-{n}.gguf")
        write_gguf(path, adapter_meta, lora)
        adapters.append(path)

    print(json.dumps({
        "model": model_path, "parameters": parameters, "bytes": os.path.getsize(model_path),
        "adapters": adapters, "adapter_bytes": os.path.getsize(adapters[0]) if adapters else 0,
        "seconds": round(time.perf_counter() - started, 2),
    }))


if __name__ == "__main__":
    main()
