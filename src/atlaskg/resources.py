"""Where the bundled ontology, shapes, data and queries live.

In a wheel they are package data inside `atlaskg/`; in a source checkout they sit at the
repository root. Everything else asks this module, so both layouts behave the same.
"""

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
_CHECKOUT_ROOT = _PACKAGE_DIR.parents[1]


def bundled_dir(name: str) -> Path:
    """The bundled directory `name` (ontology, shapes, data or queries)."""
    inside = _PACKAGE_DIR / name
    return inside if inside.is_dir() else _CHECKOUT_ROOT / name


def bundled_files(name: str, pattern: str = "*.ttl") -> list[Path]:
    """The files under a bundled directory, sorted so that loading order is deterministic."""
    return sorted(bundled_dir(name).rglob(pattern))
