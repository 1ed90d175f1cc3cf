"""Samples are token ids with a 0/1 loss mask of the same length; mask[i] = 1 makes token i a target."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np

from ..errors import JobError


@dataclass(frozen=True)
class Sample:
    tokens: np.ndarray  # (T,) int64
    mask: np.ndarray  # (T,) float32, 1 where the token is predicted (assistant turns)


def parse_samples(raw: Any, field: str, vocab_size: int, max_len: int) -> list[Sample]:
    if raw is None:
        return []
    if not isinstance(raw, list):
        raise JobError(f"{field} must be a list of {{tokens, mask}} objects", field=field)
    out: list[Sample] = []
    for i, item in enumerate(raw):
        where = f"{field}[{i}]"
        if not isinstance(item, dict) or not isinstance(item.get("tokens"), list):
            raise JobError(f"{where} must be an object with a `tokens` list of ints", field=where)
        tokens = np.asarray(item["tokens"], dtype=np.int64)
        mask_raw = item.get("mask")
        mask = np.ones(len(tokens), dtype=np.float32) if mask_raw is None else np.asarray(mask_raw, dtype=np.float32)
        if tokens.ndim != 1 or len(tokens) < 2:
            raise JobError(f"{where}.tokens needs at least 2 token ids", field=where)
        if mask.shape != tokens.shape:
            raise JobError(f"{where}.mask has {mask.size} entries for {tokens.size} tokens: give one 0/1 per token",
                           field=where)
        if tokens.min() < 0 or tokens.max() >= vocab_size:
            raise JobError(f"{where}.tokens has ids outside the vocabulary [0, {vocab_size}): "
                           "tokenize with the job's base model", field=where)
        if len(tokens) > max_len:
            raise JobError(f"{where} has {len(tokens)} tokens, more than the context length {max_len}: "
                           "split or shorten the conversation", field=where)
        if not np.isin(mask, (0.0, 1.0)).all():
            raise JobError(f"{where}.mask must hold only 0 and 1", field=where)
        out.append(Sample(tokens, mask))
    return out


def make_batch(samples: list[Sample], pad_id: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Right-pads to the longest sample. Causal attention means padding never affects earlier positions,
    and its mask is 0, so it never counts in the loss."""
    T = max(len(s.tokens) for s in samples)
    tokens = np.full((len(samples), T), pad_id, dtype=np.int64)
    mask = np.zeros((len(samples), T), dtype=np.float32)
    for i, s in enumerate(samples):
        tokens[i, : len(s.tokens)] = s.tokens
        mask[i, : len(s.mask)] = s.mask
    return tokens, mask
