"""llama.cpp's CPU matmul rounds the activations to the weight type's "vec_dot" type before the dot product
(ggml's type_traits_cpu: Q8_0 for Q4_0/Q5_0/Q8_0, Q8_1 for Q4_1/Q5_1, Q8_K for the K-quants, F16 for F16, BF16
for BF16; F32 stays F32), and Gemma's GELU goes through a float16 table. Emulating both in the numpy forward pass
shows that this, not the weights, is what separates its logits from llama.cpp's: the tolerances of the logits
tests rest on it."""
from __future__ import annotations

import contextlib

import numpy as np

from forge.gguf.constants import TensorType
from forge.model import layers
from forge.model import llama as llama_module
from forge.model.weights import QuantizedMatrix


def _q8(x: np.ndarray, block: int, fp16_scale: bool) -> np.ndarray:
    rows, n = x.shape
    b = x.astype(np.float32).reshape(rows, n // block, block)
    amax = np.abs(b).max(axis=2, keepdims=True)
    inv = np.divide(np.float32(127), amax, out=np.zeros_like(amax), where=amax > 0)
    d = amax / np.float32(127)
    if fp16_scale:
        d = d.astype(np.float16).astype(np.float32)
    return (np.clip(np.rint(b * inv), -127, 127) * d).reshape(rows, n)


def round_activations(tensor_type: TensorType, x: np.ndarray) -> np.ndarray:
    t = TensorType(tensor_type)
    if t == TensorType.F16:
        return x.astype(np.float16).astype(x.dtype)
    if t == TensorType.BF16:
        u = x.astype(np.float32).view(np.uint32)
        return (((u + (0x7FFF + ((u >> 16) & 1))) >> 16) << 16).astype(np.uint32).view(np.float32).astype(x.dtype)
    if t in (TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K):
        return _q8(x, 256, fp16_scale=False).astype(x.dtype)
    if t in (TensorType.Q4_0, TensorType.Q5_0, TensorType.Q8_0, TensorType.Q4_1, TensorType.Q5_1):
        return _q8(x, 32, fp16_scale=True).astype(x.dtype)
    return x


@contextlib.contextmanager
def like_llama_cpp():
    """Within it, quantized matmuls and GEGLU round as llama.cpp's CPU backend does."""
    matmul = QuantizedMatrix.matmul
    geglu = layers.geglu_forward

    def rounded_matmul(self: QuantizedMatrix, x: np.ndarray) -> np.ndarray:
        return matmul(self, round_activations(self.type, x))

    def table_geglu(gate: np.ndarray, up: np.ndarray):
        g16 = gate.astype(np.float16).astype(gate.dtype)
        _, cache = geglu(g16, up)
        gelu = cache[3].astype(np.float16).astype(gate.dtype)
        gelu = np.where(gate <= -10, 0, np.where(gate >= 10, gate, gelu))
        return gelu * up, cache

    QuantizedMatrix.matmul = rounded_matmul  # type: ignore[method-assign]
    llama_module.L.geglu_forward = table_geglu  # type: ignore[assignment]
    try:
        yield
    finally:
        QuantizedMatrix.matmul = matmul  # type: ignore[method-assign]
        llama_module.L.geglu_forward = geglu  # type: ignore[assignment]
