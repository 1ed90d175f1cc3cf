"""The JSON-lines protocol: one event object per line on stdout, flushed at once; human text goes to stderr."""
from __future__ import annotations

import json
import math
import sys
from typing import Any, TextIO

EVENT_TYPES = ("start", "progress", "eval", "artifact", "done", "error")


def _clean(value: Any) -> Any:
    # JSON has no NaN/Infinity: a diverged loss is reported as null rather than as invalid JSON.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {k: _clean(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
    return value


class EventWriter:
    """I write events `{"type": ..., ...fields}`; every line is a complete JSON object."""

    def __init__(self, out: TextIO | None = None, err: TextIO | None = None) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr

    def emit(self, type_: str, **fields: Any) -> None:
        if type_ not in EVENT_TYPES:
            raise ValueError(f"unknown event type {type_!r}")
        self.out.write(json.dumps(_clean({"type": type_, **fields}), allow_nan=False) + "\n")
        self.out.flush()

    def say(self, text: str) -> None:
        self.err.write(text + "\n")
        self.err.flush()
