"""Where the bundled ontology, shapes, data and queries live.

In a wheel they are package data inside `atlaskg/`; in a source checkout they sit at the
repository root. A user who installed the wheel (`pip install .`) and then edits `data/` in the
clone expects `atlaskg build`, run from that clone, to build what the clone holds: so a checkout
found at or above the working directory wins over the installed copy. `ATLASKG_ROOT` names a
checkout explicitly. Everything else asks this module, so every layout behaves the same.
"""

from __future__ import annotations

import functools
import os
import re
from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parents[1]  # atlaskg/, this module being atlaskg/core/resources.py
_SOURCE_ROOT = _PACKAGE_DIR.parents[1]
BUNDLED = ("ontology", "shapes", "data", "queries", "integrity", "mappings", "datasets")
_PROJECT_NAME = re.compile(r'^name\s*=\s*"atlaskg"\s*$', re.M)


def bundled_dir(name: str) -> Path:
    """The bundled directory `name` (one of BUNDLED)."""
    return data_root() / name


def bundled_files(name: str, pattern: str = "*.ttl") -> list[Path]:
    """The files under a bundled directory, sorted so that loading order is deterministic."""
    return sorted(bundled_dir(name).rglob(pattern))


def data_root() -> Path:
    """The directory holding ontology/, data/, shapes/...: `ATLASKG_ROOT`, else the atlaskg
    checkout containing the working directory, else the installed package, else the source tree
    this module was imported from."""
    return _data_root(os.environ.get("ATLASKG_ROOT") or "", Path.cwd())


@functools.lru_cache(maxsize=8)
def _data_root(explicit: str, cwd: Path) -> Path:
    """data_root() for one setting and working directory: every bundled file asks, so the
    checkout is looked for (and its pyproject.toml read) once, not once per file."""
    if explicit:
        return Path(explicit).resolve()
    checkout = enclosing_checkout(cwd)
    if checkout is not None:
        return checkout
    return _PACKAGE_DIR if (_PACKAGE_DIR / "ontology").is_dir() else _SOURCE_ROOT


def enclosing_checkout(start: Path) -> Path | None:
    """The nearest directory at or above `start` that is an atlaskg source checkout."""
    for directory in (start, *start.parents):
        project = directory / "pyproject.toml"
        if (directory / "ontology").is_dir() and (directory / "data").is_dir() and project.is_file():
            try:
                if _PROJECT_NAME.search(project.read_text(encoding="utf-8")):
                    return directory.resolve()
            except (OSError, UnicodeDecodeError):
                return None
    return None


def edited_checkout() -> Path | None:
    """The checkout in use when its bundled files differ from the copy this package was installed
    with (edits a user will want to hear are being built); None otherwise."""
    root = data_root()
    if root in (_PACKAGE_DIR, _SOURCE_ROOT) or not (_PACKAGE_DIR / "ontology").is_dir():
        return None
    return root if _contents(root) != _contents(_PACKAGE_DIR) else None


def _contents(root: Path) -> dict[str, bytes]:
    return {f"{name}/{path.relative_to(root / name).as_posix()}": path.read_bytes()
            for name in BUNDLED for path in sorted((root / name).rglob("*")) if path.is_file()}
