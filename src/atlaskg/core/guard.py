"""No hidden I/O: a process-wide audit hook that refuses network connections and reads of files
outside what the user named, while atlaskg works.

Audit hooks cannot be removed once added (PEP 578), so the hook is installed once, by the CLI
entry point (and the test suite), and only acts inside `guarded(...)`. Library users who call
`atlaskg.load()` keep control of their own process; rdflib's own switches (no SPARQL graph
loading, no remote JSON-LD contexts) apply everywhere.
"""

from __future__ import annotations

import os
import sys
import sysconfig
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from atlaskg.core.errors import AccessRefused

_NETWORK_EVENTS = {"socket.connect", "socket.getaddrinfo", "socket.sendto", "urllib.Request",
                   "http.client.connect"}
_state = threading.local()
_installed = False


def install() -> None:
    """Add the audit hook to this process (idempotent)."""
    global _installed
    if not _installed:
        sys.addaudithook(_hook)
        _installed = True


@contextmanager
def guarded(read_paths=(), allow_hosts=()):
    """Within the block, refuse network access except to `allow_hosts`, and refuse reading files
    outside `read_paths`, the bundled data and Python's own installation."""
    previous = getattr(_state, "policy", None)
    _state.policy = (_allowed_roots(read_paths), frozenset(allow_hosts))
    try:
        yield
    finally:
        _state.policy = previous


@contextmanager
def allowing_hosts(hosts):
    """Within the block, also allow connections to `hosts` (an endpoint the user named)."""
    previous = getattr(_state, "policy", None)
    if previous is not None:
        _state.policy = (previous[0], previous[1] | frozenset(hosts))
    try:
        yield
    finally:
        _state.policy = previous


@contextmanager
def allowing_reads(paths):
    """Within the block, also allow reading `paths` (a credentials file the user pointed to, the
    built store the command opens)."""
    previous = getattr(_state, "policy", None)
    if previous is not None:
        extra = tuple(str(Path(p).resolve()) for p in paths)
        _state.policy = (previous[0] + extra, previous[1])
    try:
        yield
    finally:
        _state.policy = previous


def policy():
    """This thread's policy, for a worker thread to adopt (the policy is per thread)."""
    return getattr(_state, "policy", None)


@contextmanager
def adopted(policy_of_caller):
    """Within the block, this thread follows the policy another thread had (policy())."""
    previous = getattr(_state, "policy", None)
    _state.policy = policy_of_caller
    try:
        yield
    finally:
        _state.policy = previous


def _allowed_roots(read_paths) -> tuple[str, ...]:
    from atlaskg.core.resources import BUNDLED, bundled_dir, data_root

    roots = {bundled_dir(name) for name in BUNDLED}
    roots.add(data_root() / "pyproject.toml")  # read again to recognise the checkout in use
    roots.update(Path(p) for p in read_paths)
    cwd = Path.cwd().resolve()
    roots.update(Path(p) for p in sys.path if p and Path(p).resolve() != cwd)
    roots.update(Path(p) for p in sysconfig.get_paths().values())
    roots.update(Path(p) for p in (sys.prefix, sys.base_prefix))
    return tuple(sorted({str(Path(r).resolve()) for r in roots}))


def _inside(path: str, roots: tuple[str, ...]) -> bool:
    return any(path == root or path.startswith(root.rstrip(os.sep) + os.sep) for root in roots)


def _hook(event: str, args: tuple) -> None:
    policy = getattr(_state, "policy", None)
    if policy is None:
        return
    roots, hosts = policy
    if event in _NETWORK_EVENTS:
        target = _network_target(event, args)
        if target not in hosts:
            raise AccessRefused(f"network access refused ({event} {target}); atlaskg only connects "
                                "to an endpoint you name explicitly")
    elif event == "open" and args and isinstance(args[0], (str, bytes, os.PathLike)):
        if _opens_for_reading_only(args):
            path = os.path.realpath(os.fsdecode(args[0]))
            if _holds_content(path) and not _inside(path, roots) and not path.startswith(("/dev/", "/proc/self/")):
                raise AccessRefused(f"file access refused: {path} (not among the files you named)")


def _opens_for_reading_only(args: tuple) -> bool:
    """`open(path, mode)` raises the event with a mode string; `os.open(path, flags)` (used by
    tempfile.mkstemp) with mode None and the flags third."""
    mode = args[1] if len(args) > 1 else None
    if isinstance(mode, str):
        return "r" in mode and not any(c in mode for c in "wax+")
    flags = args[2] if len(args) > 2 and isinstance(args[2], int) else os.O_RDONLY
    return not flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC)


def _holds_content(path: str) -> bool:
    """A file whose bytes could be read. Directories only list names, and a path that does not
    exist cannot be read: the event carries no dir_fd, so a name relative to a directory
    descriptor (shutil.rmtree walks that way) looks relative to the working directory here."""
    return os.path.exists(path) and not os.path.isdir(path)


def _network_target(event: str, args: tuple) -> str:
    """The host an event would reach."""
    if event == "urllib.Request":
        return urlsplit(str(args[0])).hostname or str(args[0])
    for arg in args:
        if isinstance(arg, tuple) and arg:
            return str(arg[0])
        if isinstance(arg, (str, bytes)):
            return os.fsdecode(arg) if isinstance(arg, bytes) else arg
    return "?"
