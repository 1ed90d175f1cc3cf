"""The hyper-parameters of a decoder model, read from (and written to) GGUF metadata.

One config covers the architectures the forge trains, which differ in a few switches:

| arch   | RoPE   | extra                                                                                   |
| ------ | ------ | --------------------------------------------------------------------------------------- |
| llama  | normal | optional `rope_freqs.weight` (Llama 3.1's long-context factors)                          |
| qwen2  | NEOX   | biases on q, k, v                                                                        |
| qwen3  | NEOX   | q/k RMSNorm per head; head size from `key_length` (q is wider than the embedding)        |
| gemma3 | NEOX   | embeddings ×√n_embd, q/k norms, norms after attention and FFN, GELU, sliding-window      |
|        |        | attention on 5 layers of 6 with their own RoPE base, linear RoPE scaling on the others    |

Gemma 3 rather than Gemma 2: it is the family people run now (1B to 27B), and what it adds over Qwen3 (q/k norms) is
shared code; Gemma 2's attention and final logit soft-capping are not implemented.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from ..errors import ModelError
from ..gguf.metadata import Meta
from ..gguf.reader import GgufFile

ARCHITECTURES = ("llama", "qwen2", "qwen3", "gemma3")


@dataclass(frozen=True)
class LlamaConfig:
    vocab_size: int
    n_embd: int
    n_layer: int
    n_head: int
    n_head_kv: int
    n_ff: int
    context_length: int
    rms_eps: float = 1e-5
    rope_base: float = 10000.0
    rope_dims: int = 0  # 0: the whole head
    arch: str = "llama"
    key_length: int = 0  # 0: n_embd / n_head
    rope_neox: bool = False
    qkv_bias: bool = False
    qk_norm: bool = False
    post_norms: bool = False
    embed_scale: float = 1.0
    activation: str = "silu"  # "silu" (SwiGLU) or "gelu" (GEGLU, tanh approximation)
    sliding_window: int = 0  # 0: every layer attends to the whole past
    swa_pattern: int = 0  # with a window: layer i is local when i % pattern < pattern - 1
    rope_base_swa: float = 10000.0
    rope_scale: float = 1.0  # positions are multiplied by this (linear RoPE scaling: 1 / factor) on global layers
    attn_scale: float = 0.0  # 0: 1 / sqrt(head_dim)

    @property
    def head_dim(self) -> int:
        return self.key_length or self.n_embd // self.n_head

    @property
    def q_dim(self) -> int:
        return self.n_head * self.head_dim

    @property
    def kv_dim(self) -> int:
        return self.n_head_kv * self.head_dim

    @property
    def n_rot(self) -> int:
        return self.rope_dims or self.head_dim

    @property
    def scale(self) -> float:
        return self.attn_scale or 1.0 / math.sqrt(self.head_dim)

    def is_local(self, layer: int) -> bool:
        """Whether the layer attends through the sliding window (llama.cpp's set_swa_pattern)."""
        if not self.sliding_window:
            return False
        return self.swa_pattern == 0 or layer % self.swa_pattern < self.swa_pattern - 1

    def validate(self) -> None:
        if self.arch not in ARCHITECTURES:
            raise ModelError(f"architecture {self.arch!r} is not one of {list(ARCHITECTURES)}")
        if not self.key_length and self.n_embd % self.n_head:
            raise ModelError(f"n_embd {self.n_embd} is not a multiple of n_head {self.n_head}")
        if self.n_head % self.n_head_kv:
            raise ModelError(f"n_head {self.n_head} is not a multiple of n_head_kv {self.n_head_kv}")
        if self.n_rot % 2 or self.n_rot > self.head_dim:
            raise ModelError(f"rope dimension count {self.n_rot} must be even and at most head_dim {self.head_dim}")
        if self.activation not in ("silu", "gelu"):
            raise ModelError(f"activation {self.activation!r} is neither silu nor gelu")

    @staticmethod
    def from_gguf(gguf: GgufFile) -> "LlamaConfig":
        arch = gguf.value("general.architecture")
        if arch not in ARCHITECTURES:
            raise ModelError(
                f"{gguf.path} has architecture {arch!r}; the numpy forge trains {', '.join(ARCHITECTURES)} "
                "(use `forge unsloth` on a GPU for others)",
                path=gguf.path, arch=str(arch),
            )

        def need(key: str) -> object:
            full = f"{arch}.{key}"
            if full not in gguf.metadata:
                raise ModelError(f"{gguf.path} lacks metadata {full!r}", path=gguf.path, key=full)
            return gguf.metadata[full].value

        def opt(key: str, default: object) -> object:
            return gguf.value(f"{arch}.{key}", default)

        n_head = int(need("attention.head_count"))  # type: ignore[arg-type]
        n_embd = int(need("embedding_length"))  # type: ignore[arg-type]
        tokens = gguf.value("tokenizer.ggml.tokens")
        vocab = len(tokens) if tokens is not None else int(gguf.tensors["token_embd.weight"].shape[0])
        gemma = arch == "gemma3"
        window = int(opt("attention.sliding_window", 0)) if gemma else 0  # type: ignore[arg-type]
        scaling = gguf.value(f"{arch}.rope.scaling.type", "none")
        factor = float(gguf.value(f"{arch}.rope.scaling.factor", 1.0) or 1.0)
        config = LlamaConfig(
            vocab_size=vocab,
            n_embd=n_embd,
            n_layer=int(need("block_count")),  # type: ignore[arg-type]
            n_head=n_head,
            n_head_kv=int(opt("attention.head_count_kv", n_head)),  # type: ignore[arg-type]
            n_ff=int(need("feed_forward_length")),  # type: ignore[arg-type]
            context_length=int(need("context_length")),  # type: ignore[arg-type]
            rms_eps=float(need("attention.layer_norm_rms_epsilon")),  # type: ignore[arg-type]
            rope_base=float(opt("rope.freq_base", 10000.0)),  # type: ignore[arg-type]
            rope_dims=int(opt("rope.dimension_count", 0)),  # type: ignore[arg-type]
            arch=arch,
            key_length=int(opt("attention.key_length", 0)),  # type: ignore[arg-type]
            rope_neox=arch != "llama",
            qkv_bias="blk.0.attn_q.bias" in gguf.tensors,
            qk_norm="blk.0.attn_q_norm.weight" in gguf.tensors,
            post_norms=gemma,
            embed_scale=math.sqrt(n_embd) if gemma else 1.0,
            activation="gelu" if gemma else "silu",
            sliding_window=window,
            swa_pattern=int(opt("attention.sliding_window_pattern", 6)) if window else 0,  # type: ignore[arg-type]
            rope_base_swa=float(opt("rope.freq_base_swa", 10000.0)),  # type: ignore[arg-type]
            rope_scale=1.0 / factor if scaling == "linear" and factor > 0 else 1.0,
            # llama.cpp scales Gemma 3's queries by 1/sqrt(head size), except the 27B's (62 layers): 1/sqrt(n_embd/n_head).
            attn_scale=1.0 / math.sqrt(n_embd / n_head) if gemma and int(need("block_count")) == 62 else 0.0,  # type: ignore[arg-type]
        )
        if scaling not in ("none", "linear", None):
            raise ModelError(f"{gguf.path}: RoPE scaling {scaling!r} is not supported (none or linear)", path=gguf.path)
        config.validate()
        return config

    def to_metadata(self) -> dict[str, Meta]:
        a = self.arch
        meta = {
            "general.architecture": Meta.str(a),
            f"{a}.context_length": Meta.u32(self.context_length),
            f"{a}.embedding_length": Meta.u32(self.n_embd),
            f"{a}.block_count": Meta.u32(self.n_layer),
            f"{a}.feed_forward_length": Meta.u32(self.n_ff),
            f"{a}.attention.head_count": Meta.u32(self.n_head),
            f"{a}.attention.head_count_kv": Meta.u32(self.n_head_kv),
            f"{a}.attention.layer_norm_rms_epsilon": Meta.f32(self.rms_eps),
            f"{a}.rope.freq_base": Meta.f32(self.rope_base),
            f"{a}.rope.dimension_count": Meta.u32(self.n_rot),
        }
        if self.key_length:
            meta[f"{a}.attention.key_length"] = Meta.u32(self.key_length)
            meta[f"{a}.attention.value_length"] = Meta.u32(self.key_length)
        if self.sliding_window:
            meta[f"{a}.attention.sliding_window"] = Meta.u32(self.sliding_window)
            meta[f"{a}.attention.sliding_window_pattern"] = Meta.u32(self.swa_pattern)
            meta[f"{a}.rope.freq_base_swa"] = Meta.f32(self.rope_base_swa)
        if self.rope_scale != 1.0:
            meta[f"{a}.rope.scaling.type"] = Meta.str("linear")
            meta[f"{a}.rope.scaling.factor"] = Meta.f32(1.0 / self.rope_scale)
        return meta
