"""Frozen base weights kept as their GGUF stores them, dequantized a band of rows at a time (QLoRA on the CPU).

A quantized model's weights then cost their quantized size (the pages of the mapped file) plus one band of float32
at a time, instead of four bytes per parameter.
"""
from __future__ import annotations

from typing import Any, Union

import numpy as np

from ..errors import ModelError
from ..gguf.constants import TensorType
from ..gguf.quant import decode, row_nbytes
from ..gguf.reader import GgufFile

# Elements dequantized at once: 1 Mi float32 values (4 MiB), big enough that BLAS runs at full speed on a band.
BAND_ELEMENTS = 1 << 20


class QuantizedMatrix:
    """I am a frozen weight W (out, in) in its stored type; I multiply by it without ever holding all of it as floats.

    `matmul(x)` is x @ W.T and `matmul_t(dy)` is dy @ W (the backward pass to the input); `take(ids)` gathers rows
    (an embedding lookup). Results are in `dtype` (float32, or float64 for gradient checks).
    """

    ndim = 2

    def __init__(self, tensor_type: TensorType, raw: Any, shape: tuple[int, int], dtype: Any = np.float32,
                 name: str = "") -> None:
        if len(shape) != 2:
            raise ModelError(f"{name or 'a weight'} is not a matrix: shape {shape}", tensor=name)
        self.type = TensorType(tensor_type)
        self.raw = raw
        self.shape = (int(shape[0]), int(shape[1]))
        self.dtype = np.dtype(dtype)
        self.name = name
        self.row_bytes = row_nbytes(self.type, self.shape[1])
        self.band = max(1, BAND_ELEMENTS // self.shape[1])

    @property
    def nbytes(self) -> int:
        return self.row_bytes * self.shape[0]

    def rows(self, start: int, stop: int) -> np.ndarray:
        stop = min(stop, self.shape[0])
        values = decode(self.type, self.raw[start * self.row_bytes: stop * self.row_bytes], (stop - start, self.shape[1]))
        return values if values.dtype == self.dtype else values.astype(self.dtype)

    def bands(self):
        for start in range(0, self.shape[0], self.band):
            yield start, self.rows(start, start + self.band)

    def dense(self) -> np.ndarray:
        """The whole matrix as floats (for merging and tests; training never needs it)."""
        return np.array(self.rows(0, self.shape[0]), dtype=self.dtype)

    def take(self, ids: np.ndarray) -> np.ndarray:
        flat = np.asarray(ids).reshape(-1)
        unique, inverse = np.unique(flat, return_inverse=True)
        out = np.empty((len(unique), self.shape[1]), dtype=self.dtype)
        for i, row in enumerate(unique.tolist()):
            out[i] = self.rows(row, row + 1)[0]
        return out[inverse].reshape(*np.shape(ids), self.shape[1])

    def matmul(self, x: np.ndarray) -> np.ndarray:
        out = np.empty((x.shape[0], self.shape[0]), dtype=np.result_type(x.dtype, self.dtype))
        for start, w in self.bands():
            np.matmul(x, w.T, out=out[:, start: start + len(w)])
        return out

    def matmul_t(self, dy: np.ndarray) -> np.ndarray:
        out = np.zeros((dy.shape[0], self.shape[1]), dtype=np.result_type(dy.dtype, self.dtype))
        for start, w in self.bands():
            out += dy[:, start: start + len(w)] @ w
        return out

    def astype(self, dtype: Any) -> "QuantizedMatrix":
        return QuantizedMatrix(self.type, self.raw, self.shape, dtype, self.name)


Weight = Union[np.ndarray, QuantizedMatrix]


def matmul(x: np.ndarray, w: Weight) -> np.ndarray:
    """x @ W.T for a dense or a quantized W."""
    return w.matmul(x) if isinstance(w, QuantizedMatrix) else x @ w.T


def matmul_t(dy: np.ndarray, w: Weight) -> np.ndarray:
    """dy @ W for a dense or a quantized W."""
    return w.matmul_t(dy) if isinstance(w, QuantizedMatrix) else dy @ w


def take_rows(w: Weight, ids: np.ndarray) -> np.ndarray:
    return w.take(ids) if isinstance(w, QuantizedMatrix) else w[ids]


def dense(w: Weight) -> np.ndarray:
    return w.dense() if isinstance(w, QuantizedMatrix) else w


def load_params(gguf: GgufFile, dtype: Any = np.float32, quantized: bool = True) -> dict[str, Weight]:
    """The model's tensors: vectors always as dense arrays; matrices stored in anything but F32 stay quantized
    (`QuantizedMatrix`) unless `quantized` is false, when everything is dequantized (full training, gradient checks)."""
    params: dict[str, Weight] = {}
    for name, info in gguf.tensors.items():
        if quantized and len(info.shape) == 2 and info.type != TensorType.F32:
            params[name] = QuantizedMatrix(info.type, gguf.raw(name), info.shape, dtype, name)
        else:
            params[name] = np.array(gguf.tensor(name), dtype=dtype)
    return params


def weight_bytes(params: dict[str, Weight]) -> int:
    """Bytes the weights hold in memory: quantized matrices at their stored size, arrays at theirs."""
    return sum(w.nbytes for w in params.values())
