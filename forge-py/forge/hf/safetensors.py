"""The safetensors format (what PEFT, vLLM and transformers load), written and read with the standard library and
numpy: an 8-byte little-endian header length, a JSON header naming each tensor's dtype, shape and byte range (with
an optional `__metadata__` of strings), padded with spaces to 8 bytes, then the raw little-endian data."""
from __future__ import annotations

import json
import struct

import numpy as np

from ..atomic import atomic_write_bytes
from ..errors import ModelError

DTYPES = {"F32": "<f4", "F16": "<f2", "F64": "<f8", "I64": "<i8", "I32": "<i4", "I8": "i1", "U8": "u1", "BOOL": "?"}
_NAMES = {np.dtype(v): k for k, v in DTYPES.items()}


def encode_safetensors(tensors: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> bytes:
    header: dict[str, object] = {}
    if metadata:
        header["__metadata__"] = {str(k): str(v) for k, v in metadata.items()}
    blobs, offset = [], 0
    for name in sorted(tensors):
        array = np.asarray(tensors[name])
        dtype = _NAMES.get(array.dtype.newbyteorder("<") if array.dtype.byteorder == ">" else array.dtype)
        if dtype is None:
            raise ModelError(f"tensor {name!r} has dtype {array.dtype}, which safetensors here does not write", tensor=name)
        blob = np.ascontiguousarray(array, dtype=DTYPES[dtype]).tobytes()
        header[name] = {"dtype": dtype, "shape": list(array.shape), "data_offsets": [offset, offset + len(blob)]}
        blobs.append(blob)
        offset += len(blob)
    text = json.dumps(header, separators=(",", ":")).encode("utf-8")
    text += b" " * (-len(text) % 8)
    return struct.pack("<Q", len(text)) + text + b"".join(blobs)


def write_safetensors(path: str, tensors: dict[str, np.ndarray], metadata: dict[str, str] | None = None) -> str:
    """Writes atomically; returns the sha256."""
    return atomic_write_bytes(path, encode_safetensors(tensors, metadata))


def read_safetensors(path: str) -> tuple[dict[str, np.ndarray], dict[str, str]]:
    with open(path, "rb") as f:
        data = f.read()
    if len(data) < 8:
        raise ModelError(f"{path} is too short to be a safetensors file", path=path)
    (n,) = struct.unpack("<Q", data[:8])
    if 8 + n > len(data):
        raise ModelError(f"{path}: its header runs past the end of the file (truncated?)", path=path)
    header = json.loads(data[8: 8 + n])
    metadata = header.pop("__metadata__", {}) or {}
    body = memoryview(data)[8 + n:]
    tensors = {}
    for name, info in header.items():
        start, end = info["data_offsets"]
        if info["dtype"] not in DTYPES or end > len(body):
            raise ModelError(f"{path}: tensor {name!r} has dtype {info['dtype']} or range past the end", path=path)
        tensors[name] = np.frombuffer(body[start:end], dtype=DTYPES[info["dtype"]]).reshape(info["shape"])
    return tensors, metadata
