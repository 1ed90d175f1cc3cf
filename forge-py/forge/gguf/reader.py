"""Reads a GGUF v2/v3 file: metadata (every value type, nested arrays too) and tensors of the types quant.py knows.

The file is memory-mapped, not read: a quantized model costs its pages only as they are touched, and a weight can
stay quantized in memory (QuantizedMatrix) and be dequantized block by block where it is used."""
from __future__ import annotations

import mmap
import os
import struct
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from ..errors import GgufError
from .constants import (
    DEFAULT_ALIGNMENT,
    GGUF_MAGIC,
    SCALAR_DTYPE,
    SCALAR_FORMAT,
    TensorType,
    ValueType,
)
from .metadata import Meta
from .quant import decode, tensor_nbytes


@dataclass
class TensorInfo:
    """A tensor as the file describes it; `shape` is numpy order (ggml's `ne` reversed)."""

    name: str
    shape: tuple[int, ...]
    type: TensorType
    offset: int


@dataclass
class GgufFile:
    """I am a whole GGUF file in memory: typed metadata and tensor infos, with lazy decoding of tensor data."""

    path: str
    version: int
    metadata: dict[str, Meta]
    tensors: dict[str, TensorInfo]
    alignment: int
    data_offset: int
    _buffer: bytes | mmap.mmap = field(repr=False, default=b"")

    def value(self, key: str, default: Any = None) -> Any:
        meta = self.metadata.get(key)
        return default if meta is None else meta.value

    def raw(self, name: str) -> memoryview:
        """The bytes of a tensor as stored (a view of the mapped file)."""
        info = self.tensors.get(name)
        if info is None:
            raise GgufError(f"{self.path} has no tensor {name!r}", path=self.path, tensor=name)
        n = int(np.prod(info.shape)) if info.shape else 1
        start = self.data_offset + info.offset
        end = start + tensor_nbytes(info.type, n)
        if end > len(self._buffer):
            raise GgufError(f"{self.path}: tensor {name!r} runs past the end of the file (truncated?)", path=self.path)
        return memoryview(self._buffer)[start:end]

    def tensor(self, name: str) -> np.ndarray:
        """The tensor decoded to float32 numpy (F32 is a read-only view of the file bytes)."""
        return decode(self.tensors[name].type if name in self.tensors else TensorType.F32, self.raw(name),
                      self.tensors[name].shape)

    def arrays(self) -> dict[str, np.ndarray]:
        return {name: self.tensor(name) for name in self.tensors}


class _Cursor:
    def __init__(self, buffer: bytes, path: str) -> None:
        self.buffer = buffer
        self.pos = 0
        self.path = path

    def take(self, n: int) -> memoryview:
        if self.pos + n > len(self.buffer):
            raise GgufError(f"{self.path} ends early at byte {self.pos}: the file is truncated or not GGUF", path=self.path)
        view = memoryview(self.buffer)[self.pos : self.pos + n]
        self.pos += n
        return view

    def scalar(self, value_type: ValueType) -> Any:
        fmt = "<" + SCALAR_FORMAT[value_type]
        return struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0]

    def string(self) -> str:
        n = self.scalar(ValueType.UINT64)
        return bytes(self.take(n)).decode("utf-8", errors="surrogateescape")

    def value(self, value_type: ValueType) -> Meta:
        if value_type == ValueType.STRING:
            return Meta(value_type, self.string())
        if value_type == ValueType.ARRAY:
            item_type = ValueType(self.scalar(ValueType.UINT32))
            count = self.scalar(ValueType.UINT64)
            if item_type in SCALAR_DTYPE:
                dtype = np.dtype(SCALAR_DTYPE[item_type])
                items = np.frombuffer(self.take(count * dtype.itemsize), dtype=dtype).tolist()
            elif item_type == ValueType.STRING:
                items = [self.string() for _ in range(count)]
            else:
                items = [self.value(ValueType.ARRAY) for _ in range(count)]
            return Meta(ValueType.ARRAY, items, item_type)
        try:
            return Meta(value_type, self.scalar(value_type))
        except KeyError as error:
            raise GgufError(f"{self.path}: unknown metadata value type {value_type}", path=self.path) from error


def read_gguf(path: str) -> GgufFile:
    """Parses `path`; raises GgufError naming what is wrong when it is not a GGUF v2/v3 file."""
    try:
        with open(path, "rb") as f:
            # An empty file cannot be mapped; it is not GGUF either, which the magic check says.
            buffer = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) if os.fstat(f.fileno()).st_size else b""
    except OSError as error:
        raise GgufError(f"cannot read GGUF file {path}: {error.strerror}; check the path", path=path) from error
    cur = _Cursor(buffer, path)
    if bytes(cur.take(4)) != GGUF_MAGIC:
        raise GgufError(f"{path} is not a GGUF file (bad magic): give a .gguf model or adapter", path=path)
    version = cur.scalar(ValueType.UINT32)
    if version not in (2, 3):
        raise GgufError(f"{path} is GGUF version {version}; this reader supports versions 2 and 3", path=path)
    n_tensors = cur.scalar(ValueType.UINT64)
    n_kv = cur.scalar(ValueType.UINT64)
    metadata: dict[str, Meta] = {}
    for _ in range(n_kv):
        key = cur.string()
        try:
            value_type = ValueType(cur.scalar(ValueType.UINT32))
        except ValueError as error:
            raise GgufError(f"{path}: key {key!r} has an unknown value type", path=path) from error
        metadata[key] = cur.value(value_type)
    tensors: dict[str, TensorInfo] = {}
    for _ in range(n_tensors):
        name = cur.string()
        n_dims = cur.scalar(ValueType.UINT32)
        ne = [cur.scalar(ValueType.UINT64) for _ in range(n_dims)]
        raw_type = cur.scalar(ValueType.UINT32)
        offset = cur.scalar(ValueType.UINT64)
        try:
            tensor_type = TensorType(raw_type)
        except ValueError as error:
            known = ", ".join(t.name for t in TensorType)
            raise GgufError(
                f"{path}: tensor {name!r} has ggml type {raw_type}, which this forge cannot read ({known}); "
                "requantize the model to one of them (llama-quantize)",
                path=path,
            ) from error
        tensors[name] = TensorInfo(name, tuple(reversed(ne)), tensor_type, offset)
    alignment = int(metadata["general.alignment"].value) if "general.alignment" in metadata else DEFAULT_ALIGNMENT
    data_offset = -(-cur.pos // alignment) * alignment
    return GgufFile(path, version, metadata, tensors, alignment, data_offset, buffer)
