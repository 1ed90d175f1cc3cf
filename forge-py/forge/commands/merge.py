"""`forge merge`: a base GGUF plus a LoRA adapter → one GGUF with W' = W + scale · (alpha / rank) · B @ A.

Every tensor the adapter does not touch is copied byte for byte; each adapted weight is dequantized, merged in
float32 and quantized again (ggml's reference quantizers) to the type it was stored in, or to `type` ("Q8_0", "F16").
So the merged model is the base's size and type, and serves where an adapter cannot be loaded (an Ollama that
refuses `ADAPTER`). A quantized grid cannot hold a change smaller than its step: merged into a 4-bit base, an
adapter whose changes are below the step is mostly lost (tests/test_merge.py measures it); `type: "Q8_0"` keeps it
at twice a 4-bit file's size. With an F32 base the merged model answers as base plus adapter; with F16, to F16's
rounding. Quantizing afresh was measured against rounding onto the base's own block scales: it errs no more.
"""
from __future__ import annotations

import hashlib
import os
import time

import numpy as np

from ..atomic import atomic_write_bytes
from ..cancel import CancelToken
from ..errors import JobError, ModelError
from ..events import EventWriter
from ..gguf.constants import TensorType
from ..gguf.metadata import Meta
from ..gguf.quant import SUPPORTED, decode, quantizable
from ..gguf.reader import read_gguf
from ..gguf.writer import TensorSpec, encode_gguf
from ..job import Job


def run_merge(job: Job, events: EventWriter, cancel: CancelToken) -> dict:
    base_path = job.get("base_model", str, required=True)
    adapter_path = job.get("adapter", str, required=True)
    output = job.get("output", str, required=True)
    scale = job.get("scale", float, 1.0)
    type_name = job.get("type", str, None)
    forced: TensorType | None = None
    if type_name is not None:
        names = {t.name: t for t in SUPPORTED}
        if type_name.upper() not in names:
            raise JobError(f"type {type_name!r} is not one of {sorted(names)}", field="type")
        forced = names[type_name.upper()]
    if os.path.abspath(output) in (os.path.abspath(base_path), os.path.abspath(adapter_path)):
        raise JobError("output must be a new file, not the base model or the adapter", field="output")

    started = time.perf_counter()
    base = read_gguf(base_path)
    adapter = read_gguf(adapter_path)
    if adapter.value("general.type") != "adapter" or adapter.value("adapter.type") != "lora":
        raise ModelError(f"{adapter_path} is not a GGUF LoRA adapter (general.type/adapter.type)", path=adapter_path)
    arch, adapter_arch = base.value("general.architecture"), adapter.value("general.architecture")
    if adapter_arch != arch:
        raise ModelError(f"{adapter_path} is an adapter for {adapter_arch!r}, the base is {arch!r}: train it on this "
                         "base", path=adapter_path)
    alpha = float(adapter.value("adapter.lora.alpha", 0.0))
    deltas = {}
    for name in adapter.tensors:
        if not name.endswith(".lora_a"):
            continue
        target = name[: -len(".lora_a")]
        a = adapter.tensor(name).astype(np.float32)
        b = adapter.tensor(target + ".lora_b").astype(np.float32)
        info = base.tensors.get(target)
        if info is None or tuple(info.shape) != (b.shape[0], a.shape[1]) or a.shape[0] != b.shape[1]:
            raise ModelError(f"{adapter_path}: {target} does not fit the base model's shapes", path=adapter_path,
                             tensor=target)
        rank = a.shape[0]
        deltas[target] = (a, b, np.float32(scale * (alpha / rank if alpha else 1.0)))
    if not deltas:
        raise ModelError(f"{adapter_path} has no .lora_a tensors", path=adapter_path)
    events.emit("start", command="merge", base_model=base_path, adapter=adapter_path, output=output,
                tensors=len(deltas))

    specs = []
    for done, (name, info) in enumerate(base.tensors.items()):
        cancel.check()
        if name not in deltas:
            specs.append(TensorSpec.stored(name, info.type, info.shape, base.raw(name)))
            continue
        a, b, s = deltas[name]
        merged = decode(info.type, base.raw(name), info.shape) + s * (b @ a)
        kind = forced if forced is not None and quantizable(forced, info.shape[-1]) else info.type
        specs.append(TensorSpec(name, merged, kind))
        events.emit("progress", step=done + 1, total=len(base.tensors), loss=None, tokens_per_s=None)
    metadata = dict(base.metadata)
    metadata.pop("general.alignment", None)
    described = f"merged with LoRA adapter {os.path.basename(adapter_path)} at scale {scale}"
    metadata["general.description"] = Meta.str(described)
    if forced is not None:
        metadata.pop("general.file_type", None)  # no longer the base's mix of types
    data = encode_gguf(metadata, specs, base.alignment)
    sha = hashlib.sha256(data).hexdigest()
    atomic_write_bytes(output, data)
    events.emit("artifact", path=output, sha256=sha, bytes=len(data))
    return {"command": "merge", "output": output, "sha256": sha, "bytes": len(data), "merged": len(deltas),
            "seconds": round(time.perf_counter() - started, 3)}
