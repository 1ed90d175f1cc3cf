"""The training loop: batches, forward/backward, clipping, AdamW, schedule, events, cancellation."""
from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from ..cancel import CancelToken
from ..events import EventWriter
from ..model import layers as L
from ..model.llama import Llama
from ..model.lora import LoraWeights
from ..model.optim import AdamW, clip_grad_norm, lr_at
from .samples import Sample, make_batch


@dataclass
class TrainSettings:
    steps: int
    lr: float
    batch_size: int = 8
    warmup_steps: int = 0
    weight_decay: float = 0.0
    grad_clip: float = 1.0
    dropout: float = 0.0
    seed: int = 0
    progress_every: int = 1
    # Batches of samples of similar length, so that a batch of short chats is not padded to a long one (genesis).
    bucket: bool = False


@dataclass
class TrainResult:
    steps: int
    tokens: int
    seconds: float
    final_loss: float

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.seconds if self.seconds > 0 else 0.0


def evaluate(model: Llama, samples: list[Sample], lora: LoraWeights | None, batch_size: int,
             cancel: CancelToken | None = None) -> float:
    """Mean masked next-token loss over all target tokens of `samples` (NaN when there are none)."""
    total, count = 0.0, 0.0
    order = sorted(range(len(samples)), key=lambda i: len(samples[i].tokens))
    for start in range(0, len(order), batch_size):
        if cancel:
            cancel.check()
        tokens, mask = make_batch([samples[i] for i in order[start : start + batch_size]])
        loss_sum, n = model.loss(tokens, mask, lora)
        total += loss_sum
        count += n
    return total / count if count else float("nan")


def _bucketed(samples: list[Sample], batch_size: int, rng: np.random.Generator) -> list[int]:
    """One epoch's order: shuffled, then sorted by length within windows of 64 batches, cut into batches, and the
    batches shuffled. Every sample once per epoch, each batch of about one length."""
    order = rng.permutation(len(samples)).tolist()
    window = batch_size * 64
    batches: list[list[int]] = []
    for start in range(0, len(order), window):
        chunk = sorted(order[start : start + window], key=lambda i: len(samples[i].tokens))
        batches += [chunk[i : i + batch_size] for i in range(0, len(chunk), batch_size)]
    return [i for b in (batches[j] for j in rng.permutation(len(batches))) for i in b]


def train(model: Llama, samples: list[Sample], settings: TrainSettings, events: EventWriter,
          cancel: CancelToken, lora: LoraWeights | None = None) -> TrainResult:
    """Trains `lora` when given (the base weights stay frozen), else every weight of `model`."""
    rng = np.random.default_rng(settings.seed)
    params = lora.parameters() if lora is not None else model.params
    optimizer = AdamW(params, weight_decay=settings.weight_decay)
    order: list[int] = []
    tokens_seen = 0
    seconds = 0.0
    loss = float("nan")
    for step in range(settings.steps):
        cancel.check()
        if len(order) < settings.batch_size:
            order.extend(_bucketed(samples, settings.batch_size, rng) if settings.bucket else rng.permutation(len(samples)).tolist())
        batch_ids, order = order[: settings.batch_size], order[settings.batch_size :]
        tokens, mask = make_batch([samples[i] for i in batch_ids])
        started = time.perf_counter()
        inputs, targets = tokens[:, :-1], tokens[:, 1:]
        logits, tape = model.forward(inputs, lora, settings.dropout, rng)
        B, T, V = logits.shape
        loss, ce = L.cross_entropy_forward(logits.reshape(B * T, V), targets.reshape(-1),
                                           mask[:, 1:].reshape(-1).astype(logits.dtype))
        del logits
        dlogits = L.cross_entropy_backward(ce).reshape(B, T, V)
        grads = model.backward(tape, dlogits, lora, base_grads=lora is None)
        del tape
        norm = clip_grad_norm(grads, settings.grad_clip)
        lr = lr_at(step, settings.steps, settings.lr, settings.warmup_steps)
        optimizer.step(grads, lr)
        elapsed = time.perf_counter() - started
        seconds += elapsed
        n_tokens = int(sum(len(samples[i].tokens) - 1 for i in batch_ids))
        tokens_seen += n_tokens
        if (step + 1) % settings.progress_every == 0 or step + 1 == settings.steps:
            events.emit("progress", step=step + 1, total=settings.steps, loss=loss,
                        tokens_per_s=round(n_tokens / elapsed, 1), lr=lr, grad_norm=norm)
    return TrainResult(settings.steps, tokens_seen, seconds, loss)
