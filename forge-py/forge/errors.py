"""Errors of the forge. Each carries the `kind` reported in the `error` event and a message that names the fix."""
from __future__ import annotations


class ForgeError(Exception):
    """Base class: `kind` is the machine-readable reason, the message is for a human."""

    kind = "internal"

    def __init__(self, message: str, **fields: object) -> None:
        super().__init__(message)
        self.fields = fields


class JobError(ForgeError):
    """The job file is missing, is not JSON, or has a field of the wrong shape."""

    kind = "invalid_job"


class GgufError(ForgeError):
    """A GGUF file cannot be read, or metadata would make llama.cpp fail (or abort) on it."""

    kind = "invalid_gguf"


class ModelError(ForgeError):
    """A model's architecture or tensors are not what this forge can train."""

    kind = "invalid_model"


class MissingDependencyError(ForgeError):
    """An optional dependency (unsloth, torch, peft, trl) is not importable."""

    kind = "missing_dependency"


class Cancelled(ForgeError):
    """SIGINT or SIGTERM arrived; nothing partial was left behind."""

    kind = "cancelled"
