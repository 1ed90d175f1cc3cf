"""LoRA weights for a llama model: W' = W + (alpha / rank) · B @ A on chosen attention and FFN projections."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..errors import JobError, ModelError
from ..gguf.constants import TensorType
from ..gguf.metadata import Meta
from ..gguf.reader import read_gguf
from ..gguf.writer import TensorSpec
from .config import LlamaConfig

# The projections LoRA may adapt. The token embedding and the output head are never adapted.
LORA_TARGETS = ("attn_q", "attn_k", "attn_v", "attn_output", "ffn_gate", "ffn_up", "ffn_down")


def lora_base_names(config: LlamaConfig, targets: list[str]) -> list[str]:
    bad = [t for t in targets if t not in LORA_TARGETS]
    if bad:
        raise JobError(f"unknown LoRA targets {bad}: choose from {list(LORA_TARGETS)}", targets=bad)
    if not targets:
        raise JobError("targets is empty: name at least one of " + ", ".join(LORA_TARGETS))
    return [f"blk.{i}.{t}.weight" for i in range(config.n_layer) for t in targets]


@dataclass
class LoraWeights:
    """I hold the A (rank, in) and B (out, rank) matrices of every adapted weight, PEFT's layout and names."""

    rank: int
    alpha: float
    a: dict[str, np.ndarray] = field(default_factory=dict)
    b: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def scale(self) -> float:
        # llama.cpp applies alpha / rank (rank read from lora_b); alpha 0 means a scale of 1.
        return self.alpha / self.rank if self.alpha else 1.0

    @staticmethod
    def init(
        params: dict[str, np.ndarray], names: list[str], rank: int, alpha: float, rng: np.random.Generator
    ) -> "LoraWeights":
        if rank < 1:
            raise JobError(f"rank must be at least 1, got {rank}")
        lora = LoraWeights(rank, alpha)
        for name in names:
            out_dim, in_dim = params[name].shape
            dtype = params[name].dtype
            # PEFT's default: A Kaiming-uniform (bound 1/sqrt(in)), B zero, so training starts at the base model.
            bound = 1.0 / np.sqrt(in_dim)
            lora.a[name] = rng.uniform(-bound, bound, size=(rank, in_dim)).astype(dtype)
            lora.b[name] = np.zeros((out_dim, rank), dtype=dtype)
        return lora

    def parameters(self) -> dict[str, np.ndarray]:
        out: dict[str, np.ndarray] = {}
        for name in self.a:
            out[name + ".lora_a"] = self.a[name]
            out[name + ".lora_b"] = self.b[name]
        return out

    def tensor_specs(self, tensor_type: TensorType = TensorType.F32) -> list[TensorSpec]:
        return [TensorSpec(name, array.astype(np.float32), tensor_type) for name, array in self.parameters().items()]

    def metadata(self, base_name: str = "", arch: str = "llama") -> dict[str, Meta]:
        # llama.cpp refuses an adapter whose architecture is not its base model's.
        meta = {
            "general.architecture": Meta.str(arch),
            "general.type": Meta.str("adapter"),
            "adapter.type": Meta.str("lora"),
            "adapter.lora.alpha": Meta.f32(self.alpha),
        }
        if base_name:
            meta["general.name"] = Meta.str(base_name)
        return meta

    @staticmethod
    def load(path: str, params: dict[str, np.ndarray]) -> "LoraWeights":
        """Reads a GGUF LoRA adapter (to continue training from it); checks it fits `params`."""
        gguf = read_gguf(path)
        if gguf.value("general.type") != "adapter" or gguf.value("adapter.type") != "lora":
            raise ModelError(f"{path} is not a GGUF LoRA adapter (general.type/adapter.type)", path=path)
        alpha = float(gguf.value("adapter.lora.alpha", 0.0))
        lora: LoraWeights | None = None
        for tname in gguf.tensors:
            if not tname.endswith(".lora_a"):
                continue
            base = tname[: -len(".lora_a")]
            a = gguf.tensor(tname).astype(np.float32)
            b = gguf.tensor(base + ".lora_b").astype(np.float32)
            if base not in params or params[base].shape != (b.shape[0], a.shape[1]) or a.shape[0] != b.shape[1]:
                raise ModelError(f"{path}: {base} does not fit the base model's shapes", path=path, tensor=base)
            if lora is None:
                lora = LoraWeights(int(a.shape[0]), alpha)
            lora.a[base] = a
            lora.b[base] = b
        if lora is None:
            raise ModelError(f"{path} has no .lora_a tensors", path=path)
        return lora
