"""The built store on disk: `atlaskg build` writes the catalogue as an Oxigraph directory with a
manifest (the digest, size and time of its inputs, the file of each graph, and the size, time and
CRC-32 of each database file) and the printed forms beside it, so later commands open it in
milliseconds instead of parsing every file, notice when the inputs have changed, and refuse a
database file changed since the build (a damaged store made a query grow to gigabytes): a file
whose size and time are as written is taken as is, one whose time differs (a copy) is read once
for its digest or CRC."""

from __future__ import annotations

import json
import zlib
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from atlaskg.core.errors import LoadError
from atlaskg.store.catalog import Catalog

if TYPE_CHECKING:
    import tempfile

MANIFEST = "manifest.json"
PRINTED = "printed.json"  # the printed forms, apart from the manifest: read when needed, not on every open
CHECKS_FILE = "checks.json"  # the build's findings on the store's graphs, in the build and in the store
INTEGRITY_FILE = "integrity.json"  # the build's integrity problems on the store's graphs, in the store
SEARCH_FILE = "search.json"  # every entity's names as `atlaskg search` reads them (query.lookup), in the store
_DATABASE = "oxigraph"
_FORMAT_VERSION = 5  # 3: the manifest records the database files; 4: the printed forms in PRINTED;
# 5: the format recorded by its name, not a digest (opening a store hashes nothing)


def input_digests(files: list[Path], root: Path, known: dict | None = None) -> dict[str, str]:
    """The digest of each input file, keyed by its path under `root` (and under "" the store format).
    `known`, a manifest, lends its digest to a file whose size and modification time are those it
    records, as for the database files: hashing every input took a tenth of a query."""
    digests = {"": f"atlaskg-store/{_FORMAT_VERSION}"}
    recorded, stats = (known or {}).get("inputs", {}), (known or {}).get("stats", {})
    for path in files:
        name = _name(path, root)
        same = name in recorded and stats.get(name) == _size_and_time(path)
        digests[name] = recorded[name] if same else _sha256(path)
    return digests


def _sha256(path: Path) -> str:
    import hashlib  # for a file that changed only: opening an unchanged store hashes nothing

    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def save(catalog: Catalog, location: Path, files: list[Path], root: Path) -> None:
    """Write the store and its manifest into `location`, replaced whole (staged beside it): the
    digest, size and time of each input file in `files` (paths under `root`)."""
    from atlaskg.core.files import staged_directory  # writing: not on the way of a query

    stats = {_name(path, root): _size_and_time(path) for path in files}
    with staged_directory(Path(location)) as staging:
        catalog.copy_to(staging / _DATABASE)
        manifest = {"inputs": input_digests(files, root), "stats": stats,
                    "files": {g: str(p) for g, p in sorted(catalog.files.items())},
                    "database": _database_files(staging / _DATABASE)}
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True), encoding="utf-8")
        (staging / PRINTED).write_text(json.dumps(catalog.printed, indent=1, sort_keys=True), encoding="utf-8")


def _name(path: Path, root: Path) -> str:
    """`path` under `root`: as found there (the bundled files are), else once resolved."""
    path = Path(path)
    return (path if path.is_relative_to(root) else path.resolve()).relative_to(root).as_posix()


def _size_and_time(path: Path) -> list[int]:
    found = Path(path).stat()
    return [found.st_size, found.st_mtime_ns]


def changed_inputs(location: Path, files: list[Path], root: Path) -> set[str] | None:
    """The input files (paths under `root`) that differ from those the store at `location` was
    built from, added and removed ones included; None when `location` holds no built store."""
    try:
        manifest = json.loads((Path(location) / MANIFEST).read_text(encoding="utf-8"))
        built_from = manifest["inputs"]
    except (OSError, ValueError, KeyError, TypeError):
        return None
    inputs = input_digests(files, root, manifest)
    return {name for name in built_from.keys() | inputs.keys() if built_from.get(name) != inputs.get(name)}


def open_built(location: Path, writable_copy: bool = False) -> Catalog:
    """The built store, read-only; or a private writable copy (a checkpoint in a temporary
    directory, removed with the process) when files are to be added to it."""
    location = Path(location)
    manifest = json.loads((location / MANIFEST).read_text(encoding="utf-8"))
    _refuse_damaged(location / _DATABASE, manifest.get("database", {}))
    store = ox.Store.read_only(str(location / _DATABASE))
    if writable_copy:
        import tempfile

        scratch = tempfile.TemporaryDirectory(prefix="atlaskg-store-")
        store.backup(str(Path(scratch.name) / _DATABASE))
        store = ox.Store(str(Path(scratch.name) / _DATABASE))
        _keep_until_exit.append(scratch)
    files = {g: Path(p) for g, p in manifest["files"].items()}
    catalog = Catalog(store, files, lambda: json.loads((location / PRINTED).read_text(encoding="utf-8")))
    if not writable_copy:  # a copy is opened to add files to, which the build did not check
        catalog.built_store = location
    return catalog


def stored_text(catalog: Catalog, name: str) -> str | None:
    """The text of a file the build stored beside the store the catalogue was opened from (a
    verdict, CHECKS_FILE or INTEGRITY_FILE, or SEARCH_FILE): it was made from exactly these
    graphs. None when there is none (a catalogue read from files, or with files added)."""
    stored = catalog.built_store / name if catalog.built_store is not None else None
    return stored.read_text(encoding="utf-8") if stored is not None and stored.is_file() else None


def database_of(catalog: Catalog) -> Path | None:
    """The database directory of the built store the catalogue was opened from, read-only and
    unchanged (another reader, such as Oxigraph's server, can open it as it is); else None."""
    return catalog.built_store / _DATABASE if catalog.built_store is not None else None


_keep_until_exit: list[tempfile.TemporaryDirectory] = []


def _is_data(name: str) -> bool:
    """The files RocksDB reads the data from (its LOG and LOCK change on every open)."""
    return name.endswith(".sst") or name == "CURRENT" or name.startswith(("MANIFEST-", "OPTIONS-"))


def _database_files(database: Path) -> dict[str, list[int]]:
    """name -> [size, modification time in ns, CRC-32] of each data file."""
    files = {}
    for path in sorted(database.iterdir()):
        if _is_data(path.name):
            found = path.stat()
            files[path.name] = [found.st_size, found.st_mtime_ns, _crc(path)]
    return files


def _crc(path: Path) -> int:
    crc = 0
    with path.open("rb") as data:
        while block := data.read(1 << 20):
            crc = zlib.crc32(block, crc)
    return crc


def _refuse_damaged(database: Path, written: dict[str, list[int]]) -> None:
    for name, (size, mtime_ns, crc) in written.items():
        path = database / name
        try:
            found = path.stat()
        except OSError:
            raise LoadError(f"{database.parent}: the built store is damaged ({name} is missing); "
                            "rebuild it: atlaskg build") from None
        if found.st_size != size or (found.st_mtime_ns != mtime_ns and _crc(path) != crc):
            raise LoadError(f"{database.parent}: the built store is damaged ({name} is not what the build wrote); "
                            "rebuild it: atlaskg build")
