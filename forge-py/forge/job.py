"""Reading a job file and its fields, with errors that name the field and the expected shape."""
from __future__ import annotations

import json
from typing import Any

from .errors import JobError


class Job:
    """I am a parsed job file (a JSON object). Relative paths in it are relative to the working directory."""

    def __init__(self, data: dict[str, Any], path: str = "<job>") -> None:
        self.data = data
        self.path = path

    @staticmethod
    def load(path: str) -> "Job":
        try:
            with open(path, encoding="utf-8") as f:
                data = json.load(f)
        except OSError as error:
            raise JobError(f"cannot read job file {path}: {error.strerror}", path=path) from error
        except json.JSONDecodeError as error:
            raise JobError(f"job file {path} is not valid JSON: {error}", path=path) from error
        if not isinstance(data, dict):
            raise JobError(f"job file {path} must hold a JSON object", path=path)
        return Job(data, path)

    def get(self, key: str, kind: type | tuple[type, ...], default: Any = None, required: bool = False) -> Any:
        if key not in self.data or self.data[key] is None:
            if required:
                raise JobError(f"job field `{key}` is required", field=key)
            return default
        value = self.data[key]
        kinds = kind if isinstance(kind, tuple) else (kind,)
        if float in kinds and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            names = "/".join(k.__name__ for k in kinds)
            raise JobError(f"job field `{key}` must be {names}, got {type(value).__name__}", field=key)
        return value

    def positive_int(self, key: str, default: int) -> int:
        value = self.get(key, int, default)
        if value < 1:
            raise JobError(f"job field `{key}` must be at least 1, got {value}", field=key)
        return value
