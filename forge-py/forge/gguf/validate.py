"""Checks metadata before a GGUF is written: some missing llama keys abort llama.cpp's whole process
(an uncatchable GGML_ASSERT in Node), so the forge refuses to write such a file at all."""
from __future__ import annotations

from typing import Iterable

import numpy as np

from ..errors import GgufError
from .constants import ValueType
from .metadata import Meta
from .writer import TensorSpec

LLAMA_REQUIRED = {
    "general.architecture": ValueType.STRING,
    "llama.context_length": ValueType.UINT32,
    "llama.embedding_length": ValueType.UINT32,
    "llama.block_count": ValueType.UINT32,
    "llama.feed_forward_length": ValueType.UINT32,
    "llama.attention.head_count": ValueType.UINT32,
    "llama.attention.head_count_kv": ValueType.UINT32,
    "llama.attention.layer_norm_rms_epsilon": ValueType.FLOAT32,
}

TOKENIZER_REQUIRED = {
    "tokenizer.ggml.model": ValueType.STRING,
    "tokenizer.ggml.tokens": ValueType.ARRAY,
    "tokenizer.ggml.scores": ValueType.ARRAY,
    # Without token types llama.cpp loses the BOS token.
    "tokenizer.ggml.token_type": ValueType.ARRAY,
}


def _require(metadata: dict[str, Meta], required: dict[str, ValueType]) -> None:
    for key, value_type in required.items():
        meta = metadata.get(key)
        if meta is None:
            raise GgufError(f"metadata {key!r} is missing: llama.cpp needs it to load the file", key=key)
        if meta.type != value_type:
            raise GgufError(f"metadata {key!r} is {meta.type.name}, llama.cpp reads it as {value_type.name}", key=key)


def validate_llama(metadata: dict[str, Meta], tensors: Iterable[TensorSpec]) -> None:
    """Raises GgufError unless llama.cpp can load this as a llama model with a tokenizer."""
    _require(metadata, LLAMA_REQUIRED)
    _require(metadata, TOKENIZER_REQUIRED)
    if metadata["general.architecture"].value != "llama":
        raise GgufError("general.architecture must be 'llama'")
    n_embd = metadata["llama.embedding_length"].value
    n_head = metadata["llama.attention.head_count"].value
    n_head_kv = metadata["llama.attention.head_count_kv"].value
    if n_head < 1 or n_embd % n_head or n_head_kv < 1 or n_head % n_head_kv:
        raise GgufError(f"head counts {n_head}/{n_head_kv} do not divide n_embd {n_embd}")
    vocab = len(metadata["tokenizer.ggml.tokens"].value)
    for key in ("tokenizer.ggml.scores", "tokenizer.ggml.token_type"):
        if len(metadata[key].value) != vocab:
            raise GgufError(f"{key} has {len(metadata[key].value)} entries for {vocab} tokens", key=key)
    shapes = {t.name: t.array.shape for t in tensors}
    n_layer = metadata["llama.block_count"].value
    n_ff = metadata["llama.feed_forward_length"].value
    head_dim = n_embd // n_head
    expected = {"token_embd.weight": (vocab, n_embd), "output_norm.weight": (n_embd,)}
    for i in range(n_layer):
        expected.update({
            f"blk.{i}.attn_norm.weight": (n_embd,), f"blk.{i}.ffn_norm.weight": (n_embd,),
            f"blk.{i}.attn_q.weight": (n_embd, n_embd), f"blk.{i}.attn_k.weight": (n_head_kv * head_dim, n_embd),
            f"blk.{i}.attn_v.weight": (n_head_kv * head_dim, n_embd), f"blk.{i}.attn_output.weight": (n_embd, n_embd),
            f"blk.{i}.ffn_gate.weight": (n_ff, n_embd), f"blk.{i}.ffn_up.weight": (n_ff, n_embd),
            f"blk.{i}.ffn_down.weight": (n_embd, n_ff),
        })
    if "output.weight" in shapes:
        expected["output.weight"] = (vocab, n_embd)
    for name, shape in expected.items():
        if shapes.get(name) != shape:
            raise GgufError(f"tensor {name!r} has shape {shapes.get(name)}, llama.cpp expects {shape}", tensor=name)


def validate_adapter(metadata: dict[str, Meta], tensors: Iterable[TensorSpec],
                     base_params: dict[str, np.ndarray] | None = None) -> None:
    """Raises GgufError unless llama.cpp can load this as a LoRA adapter (for `base_params` when given)."""
    _require(metadata, {"general.architecture": ValueType.STRING, "general.type": ValueType.STRING,
                        "adapter.type": ValueType.STRING, "adapter.lora.alpha": ValueType.FLOAT32})
    if metadata["general.type"].value != "adapter" or metadata["adapter.type"].value != "lora":
        raise GgufError("a LoRA adapter needs general.type = 'adapter' and adapter.type = 'lora'")
    specs = {t.name: t.array.shape for t in tensors}
    if not specs:
        raise GgufError("the adapter has no tensors")
    for name, shape in specs.items():
        if name.endswith(".lora_a"):
            base = name[: -len(".lora_a")]
            b_shape = specs.get(base + ".lora_b")
            if b_shape is None:
                raise GgufError(f"{name} has no matching .lora_b", tensor=name)
            if len(shape) != 2 or len(b_shape) != 2 or shape[0] != b_shape[1]:
                raise GgufError(f"{base}: lora_a {shape} and lora_b {b_shape} disagree on the rank", tensor=base)
            if base_params is not None:
                w = base_params.get(base)
                if w is None or w.shape != (b_shape[0], shape[1]):
                    raise GgufError(f"{base}: no base weight of shape {(b_shape[0], shape[1])}", tensor=base)
        elif name.endswith(".lora_b"):
            if name[: -len(".lora_b")] + ".lora_a" not in specs:
                raise GgufError(f"{name} has no matching .lora_a", tensor=name)
        else:
            raise GgufError(f"adapter tensor {name!r} is neither .lora_a nor .lora_b", tensor=name)
