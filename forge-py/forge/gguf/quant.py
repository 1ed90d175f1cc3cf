"""Tensor data encodings: F32, F16, BF16, the 32-element block types (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0) and the
256-element K-quants (Q4_K, Q5_K, Q6_K, in kquants.py).

Decoding gives exactly ggml's dequantize_row_* values (the same float32 products, in the same order). Encoding
follows ggml's reference quantizers (quantize_row_*_ref in ggml-quants.c, which llama-quantize uses without an
importance matrix), vectorised over blocks with numpy; sums are summed in numpy's order, so in a rare tie a byte may
differ from llama-quantize's, never the format.
"""
from __future__ import annotations

import numpy as np

from ..errors import GgufError
from .constants import TENSOR_BLOCK, TensorType
from . import kquants as K

_Q4_0 = np.dtype([("d", "<f2"), ("qs", "u1", (16,))])
_Q4_1 = np.dtype([("d", "<f2"), ("m", "<f2"), ("qs", "u1", (16,))])
_Q5_0 = np.dtype([("d", "<f2"), ("qh", "<u4"), ("qs", "u1", (16,))])
_Q5_1 = np.dtype([("d", "<f2"), ("m", "<f2"), ("qh", "<u4"), ("qs", "u1", (16,))])
_Q8_0 = np.dtype([("d", "<f2"), ("qs", "i1", (32,))])

SUPPORTED = (TensorType.F32, TensorType.F16, TensorType.BF16, TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0,
             TensorType.Q5_1, TensorType.Q8_0, TensorType.Q4_K, TensorType.Q5_K, TensorType.Q6_K)


def block_size(tensor_type: TensorType) -> int:
    return TENSOR_BLOCK[tensor_type][0]


def tensor_nbytes(tensor_type: TensorType, n_elements: int) -> int:
    per_block, block_bytes = TENSOR_BLOCK[tensor_type]
    if n_elements % per_block:
        raise GgufError(
            f"a {tensor_type.name} tensor needs a multiple of {per_block} elements, got {n_elements}: "
            "pad the row length or store it as F32/F16",
            tensor_type=tensor_type.name,
        )
    return n_elements // per_block * block_bytes


def row_nbytes(tensor_type: TensorType, row_length: int) -> int:
    return tensor_nbytes(tensor_type, row_length)


def _unsupported(tensor_type: TensorType, what: str) -> GgufError:
    names = ", ".join(t.name for t in SUPPORTED)
    return GgufError(f"tensor type {tensor_type.name} cannot be {what}: this forge reads {names}; "
                     "requantize the model to one of them (llama-quantize)", tensor_type=tensor_type.name)


# ---- decoding ------------------------------------------------------------------------------------------------

def _nibbles(qs: np.ndarray) -> np.ndarray:
    """(nb, 16) bytes → (nb, 32): the low nibbles are elements 0..15, the high ones 16..31 (ggml's layout)."""
    return np.concatenate([qs & 0x0F, qs >> 4], axis=1)


def _fifth_bits(qh: np.ndarray) -> np.ndarray:
    """Q5_0/Q5_1: bit j of the u32 `qh` is the fifth bit of element j → (nb, 32) of 0 or 16."""
    return (((qh[:, None] >> np.arange(32, dtype=np.uint32)) & 1) << 4).astype(np.uint8)


def _f16(block: np.ndarray, at: int) -> np.ndarray:
    """The f16 at byte `at` of each block, as a float32 column."""
    return block[:, at: at + 2].copy().view("<f2").astype(np.float32)


def _levels(qs: np.ndarray, offset: int, qh: np.ndarray | None = None) -> np.ndarray:
    """(nb, 16) packed nibbles (+ the u32 fifth bits) → (nb, 32) float32 levels minus `offset`."""
    q = np.empty((len(qs), 2, 16), np.uint8)
    np.bitwise_and(qs, 0x0F, out=q[:, 0])
    np.right_shift(qs, 4, out=q[:, 1])
    q = q.reshape(len(qs), 32)
    if qh is not None:
        q |= _fifth_bits(qh.copy().view("<u4")[:, 0])
    out = q.astype(np.float32)
    if offset:
        out -= np.float32(offset)
    return out


# Block decoders over (nb, block bytes) uint8 views, in place where they can: a structured dtype's fields are
# several times slower to convert. Values are ggml's: (q − offset)·d, or q·d + m.
def _dec_q8_0(b: np.ndarray) -> np.ndarray:
    out = b[:, 2:].view(np.int8).astype(np.float32)
    out *= _f16(b, 0)
    return out


def _dec_q4_0(b: np.ndarray) -> np.ndarray:
    out = _levels(b[:, 2:], 8)
    out *= _f16(b, 0)
    return out


def _dec_q4_1(b: np.ndarray) -> np.ndarray:
    out = _levels(b[:, 4:], 0)
    out *= _f16(b, 0)
    out += _f16(b, 2)
    return out


def _dec_q5_0(b: np.ndarray) -> np.ndarray:
    out = _levels(b[:, 6:], 16, b[:, 2:6])
    out *= _f16(b, 0)
    return out


def _dec_q5_1(b: np.ndarray) -> np.ndarray:
    out = _levels(b[:, 8:], 0, b[:, 4:8])
    out *= _f16(b, 0)
    out += _f16(b, 2)
    return out


_DECODERS = {TensorType.Q8_0: _dec_q8_0, TensorType.Q4_0: _dec_q4_0, TensorType.Q4_1: _dec_q4_1,
             TensorType.Q5_0: _dec_q5_0, TensorType.Q5_1: _dec_q5_1}


def decode(tensor_type: TensorType, raw: bytes | memoryview | np.ndarray, shape: tuple[int, ...]) -> np.ndarray:
    """Raw little-endian bytes → a float32 numpy array of `shape` (F32 is a read-only view of `raw`)."""
    n = int(np.prod(shape)) if shape else 1
    t = TensorType(tensor_type)
    if t == TensorType.F32:
        return np.frombuffer(raw, dtype="<f4", count=n).reshape(shape)
    if t == TensorType.F16:
        return np.frombuffer(raw, dtype="<f2", count=n).astype(np.float32).reshape(shape)
    if t == TensorType.BF16:
        bits = np.frombuffer(raw, dtype="<u2", count=n).astype(np.uint32) << 16
        return bits.view(np.float32).reshape(shape)
    nb = n // block_size(t)
    if t in _DECODERS:
        values = _DECODERS[t](np.frombuffer(raw, dtype=np.uint8, count=nb * TENSOR_BLOCK[t][1]).reshape(nb, -1))
    elif t in K.DECODERS:
        values = K.DECODERS[t](raw, nb)
    else:
        raise _unsupported(t, "decoded")
    return values.reshape(shape)


# ---- encoding (ggml's reference quantizers) -------------------------------------------------------------------

def _roundf(v: np.ndarray) -> np.ndarray:
    """C's roundf: halves away from zero (numpy's round goes to even)."""
    return np.sign(v) * np.floor(np.abs(v) + np.float32(0.5))


def _signed_absmax(x: np.ndarray) -> np.ndarray:
    """The value of largest magnitude in each row, with its sign (the first one on a tie, as ggml's loop)."""
    return np.take_along_axis(x, np.argmax(np.abs(x), axis=1)[:, None], axis=1)[:, 0]


def _inverse(d: np.ndarray) -> np.ndarray:
    return np.divide(np.float32(1.0), d, out=np.zeros_like(d), where=d != 0)


def _pack_nibbles(q: np.ndarray) -> np.ndarray:
    return (q[:, :16] | (q[:, 16:] << 4)).astype(np.uint8)


def _pack_fifth_bits(q: np.ndarray) -> np.ndarray:
    bits = ((q >> 4) & 1).astype(np.uint32)
    return (bits << np.arange(32, dtype=np.uint32)).sum(axis=1, dtype=np.uint32)


def encode(tensor_type: TensorType, array: np.ndarray) -> bytes:
    """A numpy array → raw bytes in `tensor_type`, as ggml's reference quantizer writes them."""
    t = TensorType(tensor_type)
    x = np.ascontiguousarray(array, dtype=np.float32).reshape(-1)
    if t == TensorType.F32:
        return x.astype("<f4").tobytes()
    if t == TensorType.F16:
        return x.astype("<f2").tobytes()
    if t == TensorType.BF16:
        return _bf16_bits(x).tobytes()
    if t in K.ENCODERS:
        tensor_nbytes(t, x.size)
        return K.ENCODERS[t](x.reshape(-1, 256))
    if t not in (TensorType.Q8_0, TensorType.Q4_0, TensorType.Q4_1, TensorType.Q5_0, TensorType.Q5_1):
        raise _unsupported(t, "encoded")
    tensor_nbytes(t, x.size)
    x = x.reshape(-1, 32)
    if t == TensorType.Q8_0:
        d = np.abs(x).max(axis=1) / np.float32(127)
        blocks = np.empty(len(x), dtype=_Q8_0)
        blocks["d"] = d.astype("<f2")
        blocks["qs"] = _roundf(x * _inverse(d)[:, None]).astype(np.int8)
        return blocks.tobytes()
    if t in (TensorType.Q4_0, TensorType.Q5_0):
        levels = 8 if t == TensorType.Q4_0 else 16
        d = _signed_absmax(x) / np.float32(-levels)
        # (int8_t)(v + levels + 0.5) truncates a positive value: a floor.
        q = np.minimum(2 * levels - 1, np.floor(x * _inverse(d)[:, None] + np.float32(levels + 0.5))).astype(np.uint8)
        blocks = np.empty(len(x), dtype=_Q4_0 if t == TensorType.Q4_0 else _Q5_0)
        blocks["d"] = d.astype("<f2")
        blocks["qs"] = _pack_nibbles(q & 0x0F)
        if t == TensorType.Q5_0:
            blocks["qh"] = _pack_fifth_bits(q)
        return blocks.tobytes()
    levels = 15 if t == TensorType.Q4_1 else 31
    lo, hi = x.min(axis=1), x.max(axis=1)
    d = (hi - lo) / np.float32(levels)
    q = np.floor((x - lo[:, None]) * _inverse(d)[:, None] + np.float32(0.5))
    q = (np.minimum(15, q) if t == TensorType.Q4_1 else q).astype(np.uint8)
    blocks = np.empty(len(x), dtype=_Q4_1 if t == TensorType.Q4_1 else _Q5_1)
    blocks["d"] = d.astype("<f2")
    blocks["m"] = lo.astype("<f2")
    blocks["qs"] = _pack_nibbles(q & 0x0F)
    if t == TensorType.Q5_1:
        blocks["qh"] = _pack_fifth_bits(q)
    return blocks.tobytes()


def _bf16_bits(x: np.ndarray) -> np.ndarray:
    """ggml's FP32→BF16: round to nearest even; a NaN stays a (quiet) NaN."""
    u = x.view(np.uint32)
    rounded = ((u + (np.uint32(0x7FFF) + ((u >> 16) & 1))) >> 16).astype(np.uint16)
    nan = (u & 0x7FFFFFFF) > 0x7F800000
    return np.where(nan, ((u >> 16) | 64).astype(np.uint16), rounded).astype("<u2")


def quantizable(tensor_type: TensorType, row_length: int) -> bool:
    """Whether rows of this length can be stored in `tensor_type` (its block must divide the row)."""
    return row_length % block_size(tensor_type) == 0


# llama-quantize's fallback where a row is not a multiple of 256 (e.g. SmolLM2's 576, Qwen2.5-0.5B's 896).
K_FALLBACK = {TensorType.Q4_K: TensorType.Q5_0, TensorType.Q5_K: TensorType.Q5_1, TensorType.Q6_K: TensorType.Q8_0}


def storage_type(tensor_type: TensorType, row_length: int) -> TensorType:
    """The type a weight of this row length is stored in when the model is quantized to `tensor_type`."""
    if quantizable(tensor_type, row_length):
        return tensor_type
    fallback = K_FALLBACK.get(tensor_type)
    if fallback is not None and quantizable(fallback, row_length):
        return fallback
    return TensorType.F16
