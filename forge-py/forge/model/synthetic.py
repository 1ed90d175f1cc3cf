"""Real GGUF models of each architecture in scaled-down shapes, random weights, a real tokenizer of the family's
kind, stored in any type this forge can write: what the tests and the bench load into llama.cpp and the forge alike.

Every matrix is stored in the chosen type ("pure", as `llama-quantize --pure` does), falling back where its rows are
not a multiple of the type's block as llama-quantize does (quant.storage_type); vectors stay F32.
"""
from __future__ import annotations

import dataclasses
from typing import Any

import numpy as np

from ..gguf.constants import TensorType
from ..gguf.metadata import Meta
from ..gguf.quant import storage_type
from ..gguf.vocab import bpe_metadata, spm_metadata
from ..gguf.writer import TensorSpec, write_gguf
from .config import LlamaConfig

# llama.cpp's llama_ftype for a model stored (mostly) in each type.
FILE_TYPES = {
    TensorType.F32: 0, TensorType.F16: 1, TensorType.Q4_0: 2, TensorType.Q4_1: 3, TensorType.Q8_0: 7,
    TensorType.Q5_0: 8, TensorType.Q5_1: 9, TensorType.Q4_K: 15, TensorType.Q5_K: 17, TensorType.Q6_K: 18,
    TensorType.BF16: 32,
}

# Scaled-down shapes of each family: rows of 256 so every K-quant applies, the family's own switches.
BASE = dict(n_embd=256, n_layer=2, n_head=4, n_head_kv=2, n_ff=512, context_length=256)
FLAVOURS: dict[str, dict[str, Any]] = {
    # TinyLlama / Llama 2: SentencePiece, normal RoPE, an output head of its own.
    "llama": dict(arch="llama", tokenizer="spm", tied=False),
    # Llama 3.x: byte-level BPE (llama-bpe), RoPE base 500000 with rope_freqs factors.
    "llama3": dict(arch="llama", tokenizer="bpe:llama-bpe", tied=False, rope_base=500000.0, rope_freqs=True),
    # SmolLM2: byte-level BPE (smollm), tied embeddings.
    "smollm2": dict(arch="llama", tokenizer="bpe:smollm", tied=True),
    # Qwen2.5: biases on q/k/v, NEOX RoPE base 1e6, tied embeddings.
    "qwen2": dict(arch="qwen2", tokenizer="bpe:qwen2", tied=True, rope_base=1e6, rms_eps=1e-6, rope_neox=True,
                  qkv_bias=True),
    # Qwen3: q/k norms, q wider than the embedding (head size 128 × 4 heads), tied.
    "qwen3": dict(arch="qwen3", tokenizer="bpe:qwen2", tied=True, rope_base=1e6, rms_eps=1e-6, rope_neox=True,
                  qk_norm=True, key_length=128),
    # Gemma 3: SentencePiece with Gemma's specials, one KV head, local layers (window 4) alternating with global ones
    # (pattern 2 here, 6 in the real models) that use linear RoPE scaling (factor 8, as the 4B and larger).
    "gemma3": dict(arch="gemma3", tokenizer="spm:gemma", tied=True, rope_base=1e6, rms_eps=1e-6, rope_neox=True,
                   qk_norm=True, post_norms=True, embed_scale=16.0, activation="gelu", n_head_kv=1, key_length=64,
                   sliding_window=4, swa_pattern=2, rope_base_swa=10000.0, rope_scale=0.125),
}

# SmolLM2-135M's real shape (for the bench): 30 layers, 576 wide, 9 heads of 64, 3 KV heads, 1536 FFN, 49152 tokens.
SMOLLM2_135M = dict(n_embd=576, n_layer=30, n_head=9, n_head_kv=3, n_ff=1536, context_length=2048, vocab=49152)


def flavour_config(flavour: str, vocab_size: int, **shape: Any) -> tuple[LlamaConfig, dict[str, Any]]:
    spec = dict(FLAVOURS[flavour])
    fields = {f.name for f in dataclasses.fields(LlamaConfig)}
    values = {**BASE, **{k: v for k, v in spec.items() if k in fields}, **shape}
    config = LlamaConfig(vocab_size=vocab_size, **values)
    config.validate()
    return config, spec


def tokenizer_metadata(kind: str) -> dict[str, Meta]:
    if kind.startswith("bpe:"):
        pre = kind[4:]
        if pre == "llama-bpe":
            specials = ("<|begin_of_text|>", "<|end_of_text|>", "<|eot_id|>")
            return bpe_metadata(pre=pre, specials=specials, bos="<|begin_of_text|>", eos="<|eot_id|>", add_bos=True)
        if pre == "smollm":
            return bpe_metadata(pre=pre, specials=("<|endoftext|>", "<|im_start|>", "<|im_end|>"))
        return bpe_metadata(pre=pre)
    return spm_metadata(family="gemma" if kind == "spm:gemma" else "llama")


def random_params(config: LlamaConfig, rng: np.random.Generator, tied: bool, rope_freqs: bool = False) -> dict[str, np.ndarray]:
    """Weights whose activations stay O(1) through the layers (matrices ~ 1/sqrt(in), norms ~ 1)."""
    c = config

    def mat(out_dim: int, in_dim: int) -> np.ndarray:
        return (rng.standard_normal((out_dim, in_dim)) / np.sqrt(in_dim)).astype(np.float32)

    def norm(n: int) -> np.ndarray:
        return (1.0 + 0.1 * rng.standard_normal(n)).astype(np.float32)

    E, Q, KV, F = c.n_embd, c.q_dim, c.kv_dim, c.n_ff
    p = {"token_embd.weight": (rng.standard_normal((c.vocab_size, E)) * 0.25).astype(np.float32),
         "output_norm.weight": norm(E)}
    if not tied:
        p["output.weight"] = mat(c.vocab_size, E) * 4.0
    if rope_freqs:
        # Llama 3.1's factors: 1 for high frequencies, up to 8 for the lowest.
        p["rope_freqs.weight"] = np.linspace(1.0, 8.0, c.n_rot // 2).astype(np.float32)
    for i in range(c.n_layer):
        b = f"blk.{i}."
        p.update({b + "attn_norm.weight": norm(E), b + "ffn_norm.weight": norm(E),
                  b + "attn_q.weight": mat(Q, E), b + "attn_k.weight": mat(KV, E), b + "attn_v.weight": mat(KV, E),
                  b + "attn_output.weight": mat(E, Q), b + "ffn_gate.weight": mat(F, E),
                  b + "ffn_up.weight": mat(F, E), b + "ffn_down.weight": mat(E, F)})
        if c.qkv_bias:
            p.update({b + "attn_q.bias": (0.1 * rng.standard_normal(Q)).astype(np.float32),
                      b + "attn_k.bias": (0.1 * rng.standard_normal(KV)).astype(np.float32),
                      b + "attn_v.bias": (0.1 * rng.standard_normal(KV)).astype(np.float32)})
        if c.qk_norm:
            p.update({b + "attn_q_norm.weight": norm(c.head_dim), b + "attn_k_norm.weight": norm(c.head_dim)})
        if c.post_norms:
            p.update({b + "post_attention_norm.weight": norm(E), b + "post_ffw_norm.weight": norm(E)})
    return p


def tensor_specs(params: dict[str, np.ndarray], tensor_type: TensorType) -> list[TensorSpec]:
    specs = []
    for name, array in params.items():
        kind = storage_type(tensor_type, array.shape[-1]) if array.ndim == 2 else TensorType.F32
        specs.append(TensorSpec(name, array, kind))
    return specs


def model_metadata(config: LlamaConfig, tokenizer: dict[str, Meta], tensor_type: TensorType, name: str) -> dict[str, Meta]:
    return {
        "general.name": Meta.str(name),
        "general.license": Meta.str("MIT"),
        "general.file_type": Meta.u32(FILE_TYPES.get(tensor_type, 0)),
        **config.to_metadata(),
        f"{config.arch}.vocab_size": Meta.u32(config.vocab_size),
        **tokenizer,
    }


def write_synthetic(path: str, flavour: str, tensor_type: TensorType = TensorType.F32, seed: int = 0,
                    **shape: Any) -> tuple[LlamaConfig, dict[str, np.ndarray]]:
    """Writes a model of `flavour` (a FLAVOURS key) stored in `tensor_type`; returns its config and the float32
    weights before quantization."""
    requested = shape.pop("vocab", None)
    _, spec = flavour_config(flavour, 1, **shape)
    tokenizer = tokenizer_metadata(spec["tokenizer"])
    vocab = requested or len(tokenizer["tokenizer.ggml.tokens"].value)
    tokens = tokenizer["tokenizer.ggml.tokens"].value
    if vocab > len(tokens):
        # A real-sized vocabulary (the bench): unused filler tokens after the real ones.
        _pad_vocab(tokenizer, vocab)
    config, spec = flavour_config(flavour, vocab, **shape)
    params = random_params(config, np.random.default_rng(seed), spec.get("tied", False), spec.get("rope_freqs", False))
    write_gguf(path, model_metadata(config, tokenizer, tensor_type, f"synthetic-{flavour}"), tensor_specs(params, tensor_type))
    return config, params


def _pad_vocab(tokenizer: dict[str, Meta], vocab: int) -> None:
    from ..gguf.constants import ValueType

    tokens = list(tokenizer["tokenizer.ggml.tokens"].value)
    types = list(tokenizer["tokenizer.ggml.token_type"].value)
    extra = vocab - len(tokens)
    tokens += [f"<unused{i}>" for i in range(extra)]
    types += [4] * extra  # user-defined tokens: never produced by merges
    tokenizer["tokenizer.ggml.tokens"] = Meta.array(ValueType.STRING, tokens)
    tokenizer["tokenizer.ggml.token_type"] = Meta.array(ValueType.INT32, types)
    if "tokenizer.ggml.scores" in tokenizer:
        scores = list(tokenizer["tokenizer.ggml.scores"].value) + [0.0] * extra
        tokenizer["tokenizer.ggml.scores"] = Meta.array(ValueType.FLOAT32, scores)
