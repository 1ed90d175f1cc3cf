"""`forge lora`: trains a LoRA adapter on golden samples over a GGUF base (llama, qwen2, qwen3, gemma3; F32, F16,
BF16 or quantized), in numpy, on the CPU. A quantized base stays quantized in memory (QLoRA)."""
from __future__ import annotations

import hashlib
import os
import re
import time

import numpy as np

from ..atomic import atomic_write_bytes
from ..cancel import CancelToken
from ..errors import JobError
from ..events import EventWriter
from ..gguf.reader import read_gguf
from ..gguf.validate import validate_adapter
from ..gguf.writer import encode_gguf
from ..job import Job
from ..model.llama import Llama
from ..model.lora import LORA_TARGETS, LoraWeights, lora_base_names
from ..train.loop import TrainSettings, evaluate, train
from ..train.samples import parse_samples

_PERSONA = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def adapter_file_name(persona: str, sha256: str) -> str:
    """Content-addressed: llama.cpp caches adapters by path, so every version needs its own name."""
    return f"{persona.lower()}-{sha256[:16]}.gguf"


def run_lora(job: Job, events: EventWriter, cancel: CancelToken) -> dict:
    base_model = job.get("base_model", str, required=True)
    persona = job.get("persona", str, required=True)
    if not _PERSONA.match(persona):
        raise JobError(f"persona {persona!r} must be letters, digits, _ or - (it names a directory)", field="persona")
    adapters_dir = job.get("adapters_dir", str, "adapters")
    rank = job.positive_int("rank", 8)
    alpha = job.get("alpha", float, float(2 * rank))
    dropout = job.get("dropout", float, 0.0)
    if not 0.0 <= dropout < 1.0:
        raise JobError(f"dropout must be in [0, 1), got {dropout}", field="dropout")
    targets = job.get("targets", list, list(LORA_TARGETS))
    zero_b = job.get("zero_b", bool, False)
    init_adapter = job.get("init_adapter", str, None)
    batch_size = job.positive_int("batch_size", 8)
    settings = TrainSettings(
        steps=0 if zero_b else job.get("steps", int, 200),
        lr=job.get("lr", float, 1e-3),
        batch_size=batch_size,
        warmup_steps=job.get("warmup_steps", int, 0),
        weight_decay=job.get("weight_decay", float, 0.0),
        grad_clip=job.get("grad_clip", float, 1.0),
        dropout=dropout,
        seed=job.get("seed", int, 0),
        progress_every=job.positive_int("progress_every", 1),
    )
    if settings.steps < 0:
        raise JobError("steps must be 0 or more", field="steps")

    started = time.perf_counter()
    gguf = read_gguf(base_model)
    model = Llama.from_gguf(gguf, quantized=True)
    c = model.config
    train_samples = parse_samples(job.get("train", list, []), "train", c.vocab_size, c.context_length)
    val_samples = parse_samples(job.get("validation", list, []), "validation", c.vocab_size, c.context_length)
    if settings.steps > 0 and not train_samples:
        raise JobError("train is empty: give at least one {tokens, mask} sample (or steps: 0)", field="train")
    events.emit("start", command="lora", persona=persona, base_model=base_model, train=len(train_samples),
                validation=len(val_samples), rank=rank, alpha=alpha, targets=targets, steps=settings.steps,
                zero_b=zero_b)

    rng = np.random.default_rng(settings.seed)
    names = lora_base_names(c, targets)
    lora = LoraWeights.load(init_adapter, model.params) if init_adapter else LoraWeights.init(
        model.params, names, rank, alpha, rng)

    before = after = None
    if val_samples:
        before = evaluate(model, val_samples, lora, batch_size, cancel)
        events.emit("eval", split="validation", loss=before, when="before")
    result = train(model, train_samples, settings, events, cancel, lora)
    if zero_b:
        for b in lora.b.values():
            b[...] = 0.0
    if val_samples:
        after = evaluate(model, val_samples, lora, batch_size, cancel)
        events.emit("eval", split="validation", loss=after, when="after")

    cancel.check()
    metadata = lora.metadata(str(gguf.value("general.name", "")), c.arch)
    specs = lora.tensor_specs()
    validate_adapter(metadata, specs, model.params)
    data = encode_gguf(metadata, specs)
    sha = hashlib.sha256(data).hexdigest()
    path = os.path.join(adapters_dir, persona, adapter_file_name(persona, sha))
    atomic_write_bytes(path, data)
    events.emit("artifact", path=path, sha256=sha, bytes=len(data))
    summary = {
        "command": "lora", "persona": persona, "adapter": path, "sha256": sha, "steps": result.steps,
        "train_tokens": result.tokens, "tokens_per_s": round(result.tokens_per_s, 1),
        "train_loss": result.final_loss, "validation_loss_before": before, "validation_loss_after": after,
        "seconds": round(time.perf_counter() - started, 3),
    }
    return summary
