"""`forge peft-export`: a GGUF LoRA adapter → the PEFT form vLLM and transformers load (`adapter_model.safetensors`
and `adapter_config.json` in a folder), for the base model it was trained on.

Names become PEFT's (`base_model.model.model.layers.N.self_attn.q_proj.lora_A.weight`); for a llama base, lora_b of
q and k gets its rows un-permuted (llama.cpp's converter permuted the base's Q and K rows, see hf/peft_to_gguf.py).
The scale survives: llama.cpp applies alpha / rank, as PEFT's `lora_alpha / r` does (alpha 0 means 1: lora_alpha r).
"""
from __future__ import annotations

import json
import os
import time

import numpy as np

from ..atomic import atomic_write_bytes
from ..cancel import CancelToken
from ..errors import ModelError
from ..events import EventWriter
from ..gguf.reader import read_gguf
from ..hf.peft_to_gguf import GGUF_TO_HF, gguf_to_peft_state
from ..hf.safetensors import encode_safetensors
from ..job import Job
from ..model.config import LlamaConfig


def peft_config(rank: int, alpha: float, targets: list[str], base_name: str) -> dict:
    return {
        "base_model_name_or_path": base_name, "peft_type": "LORA", "task_type": "CAUSAL_LM", "r": rank,
        "lora_alpha": alpha if alpha else float(rank), "lora_dropout": 0.0, "bias": "none", "fan_in_fan_out": False,
        "inference_mode": True, "init_lora_weights": True, "target_modules": targets, "modules_to_save": None,
        "use_rslora": False, "use_dora": False,
    }


def run_peft_export(job: Job, events: EventWriter, cancel: CancelToken) -> dict:
    adapter_path = job.get("adapter", str, required=True)
    base_path = job.get("base_model", str, required=True)
    output_dir = job.get("output_dir", str, required=True)
    started = time.perf_counter()
    base = read_gguf(base_path)
    config = LlamaConfig.from_gguf(base)
    adapter = read_gguf(adapter_path)
    if adapter.value("general.type") != "adapter" or adapter.value("adapter.type") != "lora":
        raise ModelError(f"{adapter_path} is not a GGUF LoRA adapter (general.type/adapter.type)", path=adapter_path)
    if adapter.value("general.architecture") != config.arch:
        raise ModelError(f"{adapter_path} is an adapter for {adapter.value('general.architecture')!r}, the base is "
                         f"{config.arch!r}", path=adapter_path)
    base_name = job.get("base_model_name", str, None) or str(base.value("general.name", "")) or \
        os.path.splitext(os.path.basename(base_path))[0]
    tensors = {name: np.array(adapter.tensor(name), dtype=np.float32) for name in adapter.tensors}
    state = gguf_to_peft_state(tensors, config.n_head, config.n_head_kv, permuted=config.arch == "llama")
    ranks = {a.shape[0] for k, a in state.items() if ".lora_A." in k}
    if len(ranks) != 1:
        raise ModelError(f"{adapter_path}: its LoRA pairs have ranks {sorted(ranks)}; PEFT needs one rank",
                         path=adapter_path)
    targets = sorted({GGUF_TO_HF[n.split(".")[2]].split(".")[-1] for n in tensors if n.endswith(".lora_a")})
    alpha = float(adapter.value("adapter.lora.alpha", 0.0))
    cancel.check()
    data = encode_safetensors(state, {"format": "pt"})
    weights = os.path.join(output_dir, "adapter_model.safetensors")
    config_path = os.path.join(output_dir, "adapter_config.json")
    config_bytes = (json.dumps(peft_config(ranks.pop(), alpha, targets, base_name), indent=2) + "\n").encode("utf-8")
    # The config last: a folder with adapter_config.json is complete (vLLM and PEFT look for it first).
    events.emit("artifact", path=weights, sha256=atomic_write_bytes(weights, data), bytes=len(data))
    events.emit("artifact", path=config_path, sha256=atomic_write_bytes(config_path, config_bytes))
    return {"command": "peft-export", "output_dir": output_dir, "tensors": len(state), "targets": targets,
            "seconds": round(time.perf_counter() - started, 3)}
