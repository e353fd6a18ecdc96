"""The built store on disk: `atlaskg build` writes the catalogue as an Oxigraph directory with a
manifest (the digest of its inputs, the file of each graph, the printed forms), so later commands
open it in milliseconds instead of parsing every file, and notice when the inputs have changed."""

from __future__ import annotations

import hashlib
import json
import tempfile
from pathlib import Path

import pyoxigraph as ox

from atlaskg.fileio import staged_directory
from atlaskg.store.catalog import Catalog

MANIFEST = "manifest.json"
CHECKS_FILE = "checks.json"  # the build's findings on the store's graphs, in the build and in the store
_DATABASE = "oxigraph"
_FORMAT_VERSION = 2


def input_digests(files: list[Path], root: Path) -> dict[str, str]:
    """The digest of each input file (and of the store format), keyed by its path under `root`."""
    digests = {"": hashlib.sha256(f"atlaskg-store/{_FORMAT_VERSION}".encode()).hexdigest()}
    for path in files:
        digests[Path(path).resolve().relative_to(root).as_posix()] = hashlib.sha256(Path(path).read_bytes()).hexdigest()
    return digests


def save(catalog: Catalog, location: Path, inputs: dict[str, str]) -> None:
    """Write the store and its manifest into `location`, replaced whole (staged beside it)."""
    with staged_directory(Path(location)) as staging:
        catalog.copy_to(staging / _DATABASE)
        manifest = {"inputs": inputs, "files": {g: str(p) for g, p in sorted(catalog.files.items())},
                    "printed": catalog.printed}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")


def changed_inputs(location: Path, inputs: dict[str, str]) -> set[str] | None:
    """The inputs (paths under the root) that differ from those the store at `location` was built
    from, added and removed ones included; None when `location` holds no built store."""
    try:
        built_from = json.loads((Path(location) / MANIFEST).read_text(encoding="utf-8"))["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return {name for name in built_from.keys() | inputs.keys() if built_from.get(name) != inputs.get(name)}


def open_built(location: Path, writable_copy: bool = False) -> Catalog:
    """The built store, read-only; or a private writable copy (a checkpoint in a temporary
    directory, removed with the process) when files are to be added to it."""
    location = Path(location)
    manifest = json.loads((location / MANIFEST).read_text(encoding="utf-8"))
    store = ox.Store.read_only(str(location / _DATABASE))
    if writable_copy:
        scratch = tempfile.TemporaryDirectory(prefix="atlaskg-store-")
        store.backup(str(Path(scratch.name) / _DATABASE))
        store = ox.Store(str(Path(scratch.name) / _DATABASE))
        _keep_until_exit.append(scratch)
    files = {g: Path(p) for g, p in manifest["files"].items()}
    catalog = Catalog(store, files, manifest["printed"])
    if not writable_copy:  # a copy is opened to add files to, which the build did not check
        catalog.checks_file = location / CHECKS_FILE
    return catalog


_keep_until_exit: list[tempfile.TemporaryDirectory] = []
