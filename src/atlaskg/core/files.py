"""Writing outputs safely: a file, or a directory of outputs, is replaced whole or left as it was."""

from __future__ import annotations

import ctypes
import errno
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from atlaskg.core.errors import OutputError


def write_atomic(path: Path, data: bytes | Iterable[bytes]) -> None:
    """Write `data` to a temporary file beside `path`, then rename it over `path`. `data` may come
    in pieces (lines, say), written as they come: a large output is never held twice in memory."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as err:
        raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
    try:
        os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
        with os.fdopen(fd, "wb") as handle:
            if isinstance(data, bytes):
                handle.write(data)
            else:
                handle.writelines(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except OSError as err:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({err.strerror or err})") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def staged_directory(target: Path) -> Iterator[Path]:
    """A fresh directory beside `target` to write a whole output set into. When the block ends
    normally it takes `target`'s place in one step (the previous contents are removed after);
    on any error or interrupt it is removed and `target` is left exactly as it was. Staging
    directories left by a killed process are removed the next time."""
    target = Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        _remove_abandoned(target)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.staging-{os.getpid()}-", dir=target.parent))
    except OSError as err:
        raise OutputError(f"{target}: cannot write ({err.strerror or err})") from None
    try:
        yield staging
        os.chmod(staging, 0o777 & ~_umask())
        _switch(staging, target)
    except OSError as err:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(f"{target}: cannot write ({err.strerror or err}); left as it was") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def _switch(staging: Path, target: Path) -> None:
    """Put `staging` where `target` is: an atomic exchange where the kernel offers one
    (renameat2 RENAME_EXCHANGE), else two renames."""
    if not target.exists():
        os.replace(staging, target)
        return
    if _exchange(staging, target):
        shutil.rmtree(staging, ignore_errors=True)  # now holds the previous contents
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.retired-{os.getpid()}-", dir=target.parent))
    os.replace(target, retired / "previous")
    os.replace(staging, target)
    shutil.rmtree(retired, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths atomically; False when this system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _remove_abandoned(target: Path) -> None:
    """Remove staging and retired directories of `target` whose process no longer runs."""
    for leftover in target.parent.glob(f".{target.name}.*-*-*"):
        kind, _, rest = leftover.name[len(target.name) + 2:].partition("-")
        pid = rest.partition("-")[0]
        if kind in ("staging", "retired") and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
