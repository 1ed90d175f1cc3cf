"""Writes GGUF v3: typed metadata, tensors padded to the alignment (and `general.alignment` equal to it)."""
from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Iterable

import numpy as np

from ..atomic import atomic_write_bytes
from ..errors import GgufError
from .constants import DEFAULT_ALIGNMENT, GGUF_MAGIC, GGUF_VERSION, SCALAR_DTYPE, SCALAR_FORMAT, TensorType, ValueType
from .metadata import Meta
from .quant import encode


@dataclass(frozen=True)
class TensorSpec:
    """A tensor to write: numpy-order `array` stored as `type`; or, with `raw`, bytes already in `type` copied as
    they are (`array` then only gives the shape: see `stored`)."""

    name: str
    array: np.ndarray
    type: TensorType = TensorType.F32
    raw: bytes | memoryview | None = None

    @staticmethod
    def stored(name: str, tensor_type: TensorType, shape: tuple[int, ...], raw: bytes | memoryview) -> "TensorSpec":
        """A tensor copied byte for byte from another file (re-encoding a quantized tensor would change it)."""
        return TensorSpec(name, np.broadcast_to(np.float32(0), shape), tensor_type, raw)


def _pack_string(s: str) -> bytes:
    raw = s.encode("utf-8", errors="surrogateescape")
    return struct.pack("<Q", len(raw)) + raw


def _pack_value(meta: Meta, key: str) -> bytes:
    t = meta.type
    try:
        if t == ValueType.STRING:
            if not isinstance(meta.value, str):
                raise TypeError("expected str")
            return _pack_string(meta.value)
        if t == ValueType.ARRAY:
            item_type = meta.item_type
            assert item_type is not None
            items = meta.value
            head = struct.pack("<IQ", int(item_type), len(items))
            if item_type in SCALAR_DTYPE:
                return head + np.asarray(items, dtype=SCALAR_DTYPE[item_type]).tobytes()
            if item_type == ValueType.STRING:
                return head + b"".join(_pack_string(s) for s in items)
            return head + b"".join(_pack_value(m, key) for m in items)
        return struct.pack("<" + SCALAR_FORMAT[t], meta.value)
    except (TypeError, struct.error, ValueError, OverflowError) as error:
        raise GgufError(
            f"metadata {key!r} cannot be written as {t.name}: {error}; build it with the matching Meta constructor",
            key=key,
        ) from error


def encode_gguf(
    metadata: dict[str, Meta], tensors: Iterable[TensorSpec], alignment: int = DEFAULT_ALIGNMENT
) -> bytes:
    """The bytes of a GGUF v3 file. `general.alignment` is written whenever `alignment` is not the default,
    and is forced to equal the padding actually used (a mismatch loads silently with wrong weights)."""
    if alignment <= 0 or alignment % 8:
        raise GgufError(f"alignment must be a positive multiple of 8, got {alignment}")
    meta = dict(metadata)
    if "general.alignment" in meta and int(meta["general.alignment"].value) != alignment:
        raise GgufError(
            f"general.alignment is {meta['general.alignment'].value} but the padding is {alignment}: they must be equal",
        )
    if alignment != DEFAULT_ALIGNMENT:
        meta["general.alignment"] = Meta.u32(alignment)
    specs = list(tensors)
    names = [s.name for s in specs]
    if len(set(names)) != len(names):
        raise GgufError("tensor names must be unique")

    out = bytearray()
    out += GGUF_MAGIC + struct.pack("<IQQ", GGUF_VERSION, len(specs), len(meta))
    for key, value in meta.items():
        out += _pack_string(key) + struct.pack("<I", int(value.type)) + _pack_value(value, key)

    blobs: list[bytes] = []
    offset = 0
    for spec in specs:
        blob = encode(spec.type, spec.array) if spec.raw is None else bytes(spec.raw)
        ne = tuple(reversed(spec.array.shape)) or (1,)
        out += _pack_string(spec.name) + struct.pack("<I", len(ne)) + struct.pack(f"<{len(ne)}Q", *ne)
        out += struct.pack("<IQ", int(spec.type), offset)
        padded = -(-len(blob) // alignment) * alignment
        blobs.append(blob + b"\0" * (padded - len(blob)))
        offset += padded
    out += b"\0" * ((-len(out)) % alignment)
    for blob in blobs:
        out += blob
    return bytes(out)


def write_gguf(
    path: str, metadata: dict[str, Meta], tensors: Iterable[TensorSpec], alignment: int = DEFAULT_ALIGNMENT
) -> str:
    """Writes atomically and returns the sha256 of the file."""
    return atomic_write_bytes(path, encode_gguf(metadata, tensors, alignment))
