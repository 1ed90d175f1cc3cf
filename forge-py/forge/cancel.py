"""Cooperative cancellation: SIGINT/SIGTERM set a flag that long loops check between steps."""
from __future__ import annotations

import signal
from types import FrameType

from .errors import Cancelled


class CancelToken:
    """I turn SIGINT and SIGTERM into a `Cancelled` error raised at the next `check()`.

    A flag rather than raising inside the handler, so the signal never lands in the middle of writing an
    artifact; the atomic writer then removes its temporary file on the way out.
    """

    def __init__(self) -> None:
        self.signal: int | None = None

    def install(self) -> "CancelToken":
        signal.signal(signal.SIGINT, self._handle)
        signal.signal(signal.SIGTERM, self._handle)
        return self

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.signal = signum

    @property
    def cancelled(self) -> bool:
        return self.signal is not None

    def check(self) -> None:
        if self.signal is not None:
            name = signal.Signals(self.signal).name
            raise Cancelled(f"stopped by {name}; nothing was written", signal=name)
