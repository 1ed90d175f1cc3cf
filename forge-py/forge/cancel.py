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
        self._previous: dict[int, object] = {}

    def install(self) -> "CancelToken":
        for sig in (signal.SIGINT, signal.SIGTERM):
            self._previous[sig] = signal.signal(sig, self._handle)
        return self

    def uninstall(self) -> None:
        """Restores the handlers that were there before `install` (the forge may run inside a test process)."""
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)  # type: ignore[arg-type]
        self._previous.clear()

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.signal = signum

    @property
    def cancelled(self) -> bool:
        return self.signal is not None

    def check(self) -> None:
        if self.signal is not None:
            name = signal.Signals(self.signal).name
            raise Cancelled(f"stopped by {name}; nothing was written", signal=name)
