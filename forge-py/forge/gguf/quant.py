"""Tensor data encodings: F32, F16 and Q8_0 (32 int8 values sharing one f16 scale per block)."""
from __future__ import annotations

import numpy as np

from ..errors import GgufError
from .constants import TENSOR_BLOCK, TensorType

Q8_0_BLOCK = 32
_Q8_0_DTYPE = np.dtype([("d", "<f2"), ("qs", "i1", (Q8_0_BLOCK,))])


def tensor_nbytes(tensor_type: TensorType, n_elements: int) -> int:
    per_block, block_bytes = TENSOR_BLOCK[tensor_type]
    if n_elements % per_block:
        raise GgufError(
            f"a {tensor_type.name} tensor needs a multiple of {per_block} elements, got {n_elements}: "
            "pad the row length or store it as F32/F16",
            tensor_type=tensor_type.name,
        )
    return n_elements // per_block * block_bytes


def decode(tensor_type: TensorType, raw: bytes | memoryview, shape: tuple[int, ...]) -> np.ndarray:
    """Raw little-endian bytes → a numpy array of `shape` (F32 stays float32; F16 and Q8_0 become float32)."""
    n = int(np.prod(shape)) if shape else 1
    if tensor_type == TensorType.F32:
        return np.frombuffer(raw, dtype="<f4", count=n).reshape(shape)
    if tensor_type == TensorType.F16:
        return np.frombuffer(raw, dtype="<f2", count=n).astype(np.float32).reshape(shape)
    if tensor_type == TensorType.Q8_0:
        blocks = np.frombuffer(raw, dtype=_Q8_0_DTYPE, count=n // Q8_0_BLOCK)
        values = blocks["qs"].astype(np.float32) * blocks["d"].astype(np.float32)[:, None]
        return values.reshape(shape)
    raise GgufError(f"tensor type {tensor_type!r} cannot be decoded: only F32, F16 and Q8_0 are supported")


def encode(tensor_type: TensorType, array: np.ndarray) -> bytes:
    """A numpy array → raw bytes in `tensor_type` (Q8_0 rounds as ggml's reference quantizer does)."""
    if tensor_type == TensorType.F32:
        return np.ascontiguousarray(array, dtype="<f4").tobytes()
    if tensor_type == TensorType.F16:
        return np.ascontiguousarray(array, dtype="<f2").tobytes()
    if tensor_type == TensorType.Q8_0:
        flat = np.ascontiguousarray(array, dtype=np.float32).reshape(-1, Q8_0_BLOCK)
        amax = np.abs(flat).max(axis=1)
        d = amax / 127.0
        inv = np.divide(1.0, d, out=np.zeros_like(d), where=d != 0)
        blocks = np.empty(flat.shape[0], dtype=_Q8_0_DTYPE)
        blocks["d"] = d.astype("<f2")
        blocks["qs"] = np.round(flat * inv[:, None]).astype(np.int8)
        return blocks.tobytes()
    raise GgufError(f"tensor type {tensor_type!r} cannot be encoded: only F32, F16 and Q8_0 are supported")
