"""Converts a PEFT LoRA state dict of a Hugging Face llama into GGUF LoRA tensors, as llama.cpp's
`convert_lora_to_gguf.py` does: HF names → GGUF names, and lora_b of q_proj/k_proj permuted.

HF llama applies RoPE with `rotate_half` (pairs (i, i + d/2)); llama.cpp rotates adjacent pairs
(2i, 2i + 1). The converter permutes the output rows of Q and K so both give the same attention. A LoRA
delta B @ A has its output rows in B, so only B is permuted.
"""
from __future__ import annotations

import re

import numpy as np

from ..errors import ModelError
from ..gguf.metadata import Meta
from ..gguf.writer import TensorSpec

HF_TO_GGUF = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}

# e.g. base_model.model.model.layers.3.self_attn.q_proj.lora_A.weight (PEFT may insert ".default").
_KEY = re.compile(r"(?:^|\.)layers\.(\d+)\.(self_attn\.[qkvo]_proj|mlp\.(?:gate|up|down)_proj)\.lora_([AB])(?:\.default)?\.weight$")


def permute_qk(weights: np.ndarray, n_head: int, n_head_kv: int | None = None) -> np.ndarray:
    """llama.cpp's `LlamaModel.permute`: reorders output rows of an HF Q (n_head) or K (n_head_kv) weight."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return (weights.reshape(n_head, 2, weights.shape[0] // n_head // 2, *weights.shape[1:])
            .swapaxes(1, 2)
            .reshape(weights.shape))


def unpermute_qk(weights: np.ndarray, n_head: int, n_head_kv: int | None = None) -> np.ndarray:
    """The inverse of `permute_qk` (GGUF row order → HF row order)."""
    if n_head_kv is not None and n_head != n_head_kv:
        n_head = n_head_kv
    return (weights.reshape(n_head, weights.shape[0] // n_head // 2, 2, *weights.shape[1:])
            .swapaxes(1, 2)
            .reshape(weights.shape))


def gguf_name(hf_key: str) -> tuple[str, str] | None:
    """`(gguf base tensor name, "a" | "b")` for a PEFT LoRA key, or None for keys that are not LoRA weights."""
    m = _KEY.search(hf_key)
    if m is None:
        return None
    layer, module, half = m.groups()
    return f"blk.{layer}.{HF_TO_GGUF[module]}.weight", half.lower()


def peft_to_gguf_tensors(state: dict[str, np.ndarray], n_head: int, n_head_kv: int) -> list[TensorSpec]:
    """GGUF LoRA tensors (`<name>.lora_a` (rank, in), `<name>.lora_b` (out, rank)) from a PEFT state dict."""
    halves: dict[str, dict[str, np.ndarray]] = {}
    for key, value in state.items():
        named = gguf_name(key)
        if named is None:
            if "lora_" in key:
                raise ModelError(f"PEFT tensor {key!r} has no GGUF name: only llama projections are supported",
                                 tensor=key)
            continue
        base, half = named
        halves.setdefault(base, {})[half] = np.asarray(value, dtype=np.float32)
    specs: list[TensorSpec] = []
    for base in sorted(halves):
        pair = halves[base]
        if set(pair) != {"a", "b"}:
            raise ModelError(f"PEFT state has only lora_{list(pair)[0].upper()} for {base}", tensor=base)
        a, b = pair["a"], pair["b"]
        if base.endswith("attn_q.weight"):
            b = permute_qk(b, n_head, n_head)
        elif base.endswith("attn_k.weight"):
            b = permute_qk(b, n_head, n_head_kv)
        specs.append(TensorSpec(base + ".lora_a", np.ascontiguousarray(a)))
        specs.append(TensorSpec(base + ".lora_b", np.ascontiguousarray(b)))
    if not specs:
        raise ModelError("the PEFT state dict holds no LoRA weights of llama projections")
    return specs


GGUF_TO_HF = {v: k for k, v in HF_TO_GGUF.items()}
_GGUF_LORA = re.compile(r"^blk\.(\d+)\.(attn_[qkvo]|attn_output|ffn_gate|ffn_up|ffn_down)\.weight\.lora_([ab])$")


def gguf_to_peft_state(tensors: dict[str, np.ndarray], n_head: int, n_head_kv: int,
                       permuted: bool = True) -> dict[str, np.ndarray]:
    """The inverse of `peft_to_gguf_tensors`: a PEFT state dict (PEFT's key names, as
    `get_peft_model_state_dict` gives them) from GGUF LoRA tensors, so the unsloth and peft backends can continue
    from the adapter a persona uses now, as the numpy forge does, and vLLM can load it. `permuted`: the base's
    GGUF has Q and K rows permuted from Hugging Face's (llama; qwen2, qwen3 and gemma3 use HF's rotation as is)."""
    state: dict[str, np.ndarray] = {}
    for name, value in tensors.items():
        m = _GGUF_LORA.match(name)
        if m is None:
            raise ModelError(f"GGUF tensor {name!r} is not a LoRA half of a llama projection", tensor=name)
        layer, module, half = m.groups()
        array = np.asarray(value, dtype=np.float32)
        if half == "b" and module == "attn_q" and permuted:
            array = unpermute_qk(array, n_head, n_head)
        elif half == "b" and module == "attn_k" and permuted:
            array = unpermute_qk(array, n_head, n_head_kv)
        state[f"base_model.model.model.layers.{layer}.{GGUF_TO_HF[module]}.lora_{half.upper()}.weight"] = array
    if not state:
        raise ModelError("the GGUF adapter holds no LoRA tensors")
    return state


def adapter_metadata(alpha: float, name: str = "") -> dict[str, Meta]:
    meta = {
        "general.architecture": Meta.str("llama"),
        "general.type": Meta.str("adapter"),
        "adapter.type": Meta.str("lora"),
        "adapter.lora.alpha": Meta.f32(alpha),
    }
    if name:
        meta["general.name"] = Meta.str(name)
    return meta
