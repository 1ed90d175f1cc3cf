"""`forge unsloth` (the seed's GPU path) and `forge peft` (plain transformers + PEFT, no 4-bit).

unsloth's FastLanguageModel loads the Hugging Face model in 4 bits, `get_peft_model` puts LoRA on every
linear projection, TRL's SFTTrainer trains on the job's token ids with assistant-only labels, and the
PEFT adapter is converted to a GGUF LoRA by this project's own writer (`hf/peft_to_gguf.py`).
The job has the same fields as `forge lora`, plus `hf_model` (a Hugging Face id or local directory whose
tokenizer produced the token ids) and optional `max_seq_length`, `gradient_accumulation_steps`.
"""
from __future__ import annotations

import hashlib
import importlib
import os
import tempfile
import time
from typing import Any

from ..atomic import atomic_write_bytes
from ..cancel import CancelToken
from ..errors import JobError, MissingDependencyError
from ..events import EventWriter
from ..gguf.validate import validate_adapter
from ..gguf.writer import encode_gguf
from ..gguf.reader import read_gguf
from ..hf.peft_to_gguf import adapter_metadata, gguf_to_peft_state, peft_to_gguf_tensors
from ..job import Job
from .lora import adapter_file_name

HF_TARGETS = ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]


def _need(module: str, hint: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError as error:
        raise MissingDependencyError(
            f"`{module}` is not importable ({error}); {hint}", module=module
        ) from error


def run_unsloth(job: Job, events: EventWriter, cancel: CancelToken) -> dict:
    # Fail before anything else: unsloth needs a CUDA GPU; on the CPU use `forge lora`.
    _need("unsloth", "install unsloth on a CUDA machine (pip install unsloth), or use `forge lora` on the CPU")
    return _run_hf(job, events, cancel, use_unsloth=True)


def run_peft(job: Job, events: EventWriter, cancel: CancelToken) -> dict:
    for module in ("torch", "transformers", "peft", "trl", "datasets"):
        _need(module, "pip install torch transformers peft trl datasets, or use `forge lora` on the CPU")
    return _run_hf(job, events, cancel, use_unsloth=False)


def _run_hf(job: Job, events: EventWriter, cancel: CancelToken, use_unsloth: bool) -> dict:
    torch = _need("torch", "pip install torch")
    trl = _need("trl", "pip install trl")
    datasets = _need("datasets", "pip install datasets")
    transformers = _need("transformers", "pip install transformers")
    peft = _need("peft", "pip install peft")

    hf_model = job.get("hf_model", str, required=True)
    persona = job.get("persona", str, required=True)
    adapters_dir = job.get("adapters_dir", str, "adapters")
    rank = job.positive_int("rank", 8)
    alpha = job.get("alpha", float, float(2 * rank))
    dropout = job.get("dropout", float, 0.0)
    steps = job.positive_int("steps", 200)
    lr = job.get("lr", float, 2e-4)
    batch_size = job.positive_int("batch_size", 8)
    seed = job.get("seed", int, 0)
    max_seq_length = job.positive_int("max_seq_length", 2048)
    train_raw = job.get("train", list, required=True)
    val_raw = job.get("validation", list, [])
    started = time.perf_counter()
    events.emit("start", command="unsloth" if use_unsloth else "peft", persona=persona, hf_model=hf_model,
                train=len(train_raw), validation=len(val_raw), rank=rank, alpha=alpha, steps=steps)

    if use_unsloth:
        from unsloth import FastLanguageModel  # type: ignore[import-not-found]

        model, _tokenizer = FastLanguageModel.from_pretrained(
            model_name=hf_model, max_seq_length=max_seq_length, load_in_4bit=True, dtype=None)
        model = FastLanguageModel.get_peft_model(
            model, r=rank, lora_alpha=alpha, lora_dropout=dropout, target_modules=HF_TARGETS, bias="none",
            use_gradient_checkpointing="unsloth", random_state=seed)
    else:
        model = transformers.AutoModelForCausalLM.from_pretrained(hf_model, torch_dtype=torch.float32)
        model = peft.get_peft_model(model, peft.LoraConfig(
            r=rank, lora_alpha=alpha, lora_dropout=dropout, target_modules=HF_TARGETS, bias="none",
            task_type="CAUSAL_LM"))
    config = model.config
    n_head = int(config.num_attention_heads)
    n_head_kv = int(getattr(config, "num_key_value_heads", None) or n_head)
    init_adapter = job.get("init_adapter", str, None)
    if init_adapter:
        # Continue from the persona's current adapter, so that the "before" loss is that adapter's, as in `forge lora`.
        state = gguf_to_peft_state(read_gguf(init_adapter).arrays(), n_head, n_head_kv)
        result = peft.set_peft_model_state_dict(model, {k: torch.tensor(v) for k, v in state.items()})
        missing = [k for k in state if k in set(getattr(result, "unexpected_keys", []) or [])]
        if missing:
            raise JobError(f"init_adapter {init_adapter} does not fit {hf_model}: {len(missing)} tensors have no place "
                           f"(e.g. {missing[0]}); was it trained on another base model?", field="init_adapter")

    def rows(raw: list, field: str) -> Any:
        items = []
        for i, s in enumerate(raw):
            if not isinstance(s, dict) or not isinstance(s.get("tokens"), list):
                raise JobError(f"{field}[{i}] must be an object with a `tokens` list", field=field)
            tokens = s["tokens"][:max_seq_length]
            mask = (s.get("mask") or [1] * len(s["tokens"]))[:max_seq_length]
            # HF shifts labels itself; -100 marks tokens that are not assistant turns.
            items.append({"input_ids": tokens, "attention_mask": [1] * len(tokens),
                          "labels": [t if m else -100 for t, m in zip(tokens, mask)]})
        return datasets.Dataset.from_list(items)

    train_ds = rows(train_raw, "train")
    val_ds = rows(val_raw, "validation") if val_raw else None

    def collate(batch: list[dict]) -> dict:
        width = max(len(b["input_ids"]) for b in batch)
        def pad(key: str, value: int) -> Any:
            return torch.tensor([b[key] + [value] * (width - len(b[key])) for b in batch])
        return {"input_ids": pad("input_ids", 0), "attention_mask": pad("attention_mask", 0),
                "labels": pad("labels", -100)}

    class Events(transformers.TrainerCallback):  # type: ignore[misc]
        def on_log(self, args: Any, state: Any, control: Any, logs: Any = None, **kw: Any) -> None:
            if logs and "loss" in logs:
                elapsed = max(time.perf_counter() - started, 1e-9)
                events.emit("progress", step=state.global_step, total=steps, loss=float(logs["loss"]),
                            tokens_per_s=round(state.num_input_tokens_seen / elapsed, 1)
                            if getattr(state, "num_input_tokens_seen", 0) else None)

        def on_step_end(self, args: Any, state: Any, control: Any, **kw: Any) -> None:
            if cancel.cancelled:
                control.should_training_stop = True

    with tempfile.TemporaryDirectory() as out_dir:
        sft_config = trl.SFTConfig(
            output_dir=out_dir, max_steps=steps, learning_rate=lr, per_device_train_batch_size=batch_size,
            gradient_accumulation_steps=job.positive_int("gradient_accumulation_steps", 1), logging_steps=1,
            seed=seed, report_to=[], save_strategy="no", lr_scheduler_type="cosine", warmup_steps=job.get(
                "warmup_steps", int, 0), max_grad_norm=job.get("grad_clip", float, 1.0),
            weight_decay=job.get("weight_decay", float, 0.0), include_num_input_tokens_seen=True,
            dataset_kwargs={"skip_prepare_dataset": True}, remove_unused_columns=False)
        trainer = trl.SFTTrainer(model=model, args=sft_config, train_dataset=train_ds, eval_dataset=val_ds,
                                 data_collator=collate, callbacks=[Events()])
        before = float(trainer.evaluate()["eval_loss"]) if val_ds is not None else None
        if before is not None:
            events.emit("eval", split="validation", loss=before, when="before")
        trainer.train()
        cancel.check()  # the callback stopped training early on a signal: write nothing
        after = float(trainer.evaluate()["eval_loss"]) if val_ds is not None else None
        if after is not None:
            events.emit("eval", split="validation", loss=after, when="after")

    state = {k: v.detach().float().cpu().numpy() for k, v in peft.get_peft_model_state_dict(model).items()}
    specs = peft_to_gguf_tensors(state, n_head, n_head_kv)
    metadata = adapter_metadata(alpha, os.path.basename(hf_model.rstrip("/")))
    validate_adapter(metadata, specs)
    data = encode_gguf(metadata, specs)
    sha = hashlib.sha256(data).hexdigest()
    path = os.path.join(adapters_dir, persona, adapter_file_name(persona, sha))
    cancel.check()
    atomic_write_bytes(path, data)
    events.emit("artifact", path=path, sha256=sha, bytes=len(data))
    return {"command": "unsloth" if use_unsloth else "peft", "persona": persona, "adapter": path, "sha256": sha,
            "steps": steps, "validation_loss_before": before, "validation_loss_after": after,
            "seconds": round(time.perf_counter() - started, 3), "tensors": len(specs) // 2}
