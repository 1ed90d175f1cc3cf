"""The hyper-parameters of a llama model, read from (and written to) GGUF metadata."""
from __future__ import annotations

from dataclasses import dataclass

from ..errors import ModelError
from ..gguf.metadata import Meta
from ..gguf.reader import GgufFile


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

    @property
    def head_dim(self) -> int:
        return self.n_embd // self.n_head

    @property
    def n_rot(self) -> int:
        return self.rope_dims or self.head_dim

    def validate(self) -> None:
        if self.n_embd % self.n_head:
            raise ModelError(f"n_embd {self.n_embd} is not a multiple of n_head {self.n_head}")
        if self.n_head % self.n_head_kv:
            raise ModelError(f"n_head {self.n_head} is not a multiple of n_head_kv {self.n_head_kv}")
        if self.n_rot % 2 or self.n_rot > self.head_dim:
            raise ModelError(f"rope dimension count {self.n_rot} must be even and at most head_dim {self.head_dim}")

    @staticmethod
    def from_gguf(gguf: GgufFile) -> "LlamaConfig":
        arch = gguf.value("general.architecture")
        if arch != "llama":
            raise ModelError(
                f"{gguf.path} has architecture {arch!r}; the numpy forge trains llama models only "
                "(use `forge unsloth` on a GPU for others)",
                path=gguf.path,
            )

        def need(key: str) -> object:
            if key not in gguf.metadata:
                raise ModelError(f"{gguf.path} lacks metadata {key!r}", path=gguf.path, key=key)
            return gguf.metadata[key].value

        n_head = int(need("llama.attention.head_count"))  # type: ignore[arg-type]
        tokens = gguf.value("tokenizer.ggml.tokens")
        vocab = len(tokens) if tokens is not None else int(gguf.tensors["token_embd.weight"].shape[0])
        config = LlamaConfig(
            vocab_size=vocab,
            n_embd=int(need("llama.embedding_length")),  # type: ignore[arg-type]
            n_layer=int(need("llama.block_count")),  # type: ignore[arg-type]
            n_head=n_head,
            n_head_kv=int(gguf.value("llama.attention.head_count_kv", n_head)),
            n_ff=int(need("llama.feed_forward_length")),  # type: ignore[arg-type]
            context_length=int(need("llama.context_length")),  # type: ignore[arg-type]
            rms_eps=float(need("llama.attention.layer_norm_rms_epsilon")),  # type: ignore[arg-type]
            rope_base=float(gguf.value("llama.rope.freq_base", 10000.0)),
            rope_dims=int(gguf.value("llama.rope.dimension_count", 0)),
        )
        config.validate()
        return config

    def to_metadata(self) -> dict[str, Meta]:
        return {
            "llama.context_length": Meta.u32(self.context_length),
            "llama.embedding_length": Meta.u32(self.n_embd),
            "llama.block_count": Meta.u32(self.n_layer),
            "llama.feed_forward_length": Meta.u32(self.n_ff),
            "llama.attention.head_count": Meta.u32(self.n_head),
            "llama.attention.head_count_kv": Meta.u32(self.n_head_kv),
            "llama.attention.layer_norm_rms_epsilon": Meta.f32(self.rms_eps),
            "llama.rope.freq_base": Meta.f32(self.rope_base),
            "llama.rope.dimension_count": Meta.u32(self.n_rot),
        }
