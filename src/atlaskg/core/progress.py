"""What a long command is doing, shown on a terminal and nowhere else.

One status line on stderr, rewritten in place: the command, its current step and how long that
step has run (a ticker keeps the clock moving while Oxigraph or the SHACL engine works without
returning). When stderr is not a terminal (a pipe, a log file, CI) nothing is printed, so
scripts read clean output.
"""

from __future__ import annotations

import sys
import threading
import time
from typing import TextIO

_TICK_SECONDS = 0.25
_SHOW_AFTER_SECONDS = 0.5  # quick commands never flash a status line


class Progress:
    """Call it with each step's description; use it as a context manager around the work."""

    def __init__(self, command: str, stream: TextIO | None = None, enabled: bool | None = None):
        self._stream = stream if stream is not None else sys.stderr
        self._enabled = _is_terminal(self._stream) if enabled is None else enabled
        self._command = command
        self._step = ""
        self._step_started = self._started = time.monotonic()
        self._shown = False
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._ticker: threading.Thread | None = None

    def __call__(self, step: str) -> None:
        with self._lock:
            self._step, self._step_started = step, time.monotonic()
        self._draw()

    def __enter__(self) -> Progress:
        if self._enabled:  # anything else written clears the line first, then it comes back below
            self._saved = (sys.stdout, sys.stderr)
            sys.stdout, sys.stderr = _ClearingFirst(sys.stdout, self), _ClearingFirst(sys.stderr, self)
            self._ticker = threading.Thread(target=self._tick, name="atlaskg-progress", daemon=True)
            self._ticker.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self._stop.set()
        if self._ticker is not None:
            self._ticker.join()
            sys.stdout, sys.stderr = self._saved
        with self._lock:
            self._clear()

    def _clear(self) -> None:
        """Remove the status line (the caller holds the lock)."""
        if self._shown:
            self._stream.write("\r\x1b[K")
            self._stream.flush()
            self._shown = False

    def _tick(self) -> None:
        while not self._stop.wait(_TICK_SECONDS):
            self._draw()

    def _draw(self) -> None:
        if not self._enabled or self._stop.is_set():
            return
        with self._lock:
            now = time.monotonic()
            if now - self._started < _SHOW_AFTER_SECONDS or not self._step:
                return
            import shutil  # when a line is drawn: a quick command draws none

            line = f"{self._command}: {self._step} ({now - self._step_started:.1f} s)"
            width = shutil.get_terminal_size().columns - 1  # a wrapped line could not be rewritten
            self._stream.write("\r\x1b[K" + line[-width:] if len(line) > width else "\r\x1b[K" + line)
            self._stream.flush()
            self._shown = True


class _ClearingFirst:
    """A stream that clears the status line before each write, so output never lands after it."""

    def __init__(self, inner: TextIO, progress: Progress):
        self._inner, self._progress = inner, progress

    def write(self, text):
        with self._progress._lock:
            self._progress._clear()
            return self._inner.write(text)

    def flush(self) -> None:
        self._inner.flush()

    def __getattr__(self, name):
        return getattr(self._inner, name)


def _is_terminal(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
