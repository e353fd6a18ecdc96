"""Which built store answers when none is named. `atlaskg build` writes ./dist/store; a command
run from that folder opens it. Every build also records where its store is in the user's data
directory (platformdirs: ~/.local/share/atlaskg on Linux, honouring XDG_DATA_HOME), so a command
run from any other folder, and `atlaskg.load()` in a notebook, answer from the last build, and
the command says which store answers. With no build at all, it says so instead of answering
from the curated records alone without a word.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from atlaskg.core.errors import OutputError
from atlaskg.core.guard import allowing_reads
from atlaskg.store.built import MANIFEST

OUT_DIR = Path("dist")  # where `atlaskg build` writes, relative to the folder it runs in
STORE_DIR = "store"  # the built store inside a build's output
RECORD = "last-build.json"
STORE_ENV = "ATLASKG_STORE"  # names the store to open, as --store does


@dataclass(frozen=True)
class Located:
    """The store a command opens (None: the bundled files are parsed), and what to tell the user
    about it when it is not the one of the folder they work in."""

    store: Path | None
    note: str | None = None


def record_file() -> Path:
    import platformdirs  # imported here: only commands that look for the last build need it

    return platformdirs.user_data_path("atlaskg") / RECORD


def remember(store: Path) -> Path | None:
    """Record `store` as the last build's; the record file, or None when the user's data
    directory cannot be written (the build has succeeded all the same)."""
    from atlaskg.core.files import write_atomic  # after a build: not on the way of a query

    record = record_file()
    try:
        write_atomic(record, (json.dumps({"store": str(Path(store).resolve())}) + "\n").encode("utf-8"))
    except OutputError:  # an unwritable home never fails a build
        return None
    return record


def locate(named: Path | None = None) -> Located:
    """The store to open: the one named (--store, else $ATLASKG_STORE), else ./dist/store, else
    the last build's; or none."""
    named = named or (Path(os.environ[STORE_ENV]) if os.environ.get(STORE_ENV) else None)
    if named is not None:
        return Located(named)
    local = OUT_DIR / STORE_DIR
    if (local / MANIFEST).is_file():
        return Located(local)
    record = record_file()
    try:
        with allowing_reads([record]):
            last = Path(json.loads(record.read_text(encoding="utf-8"))["store"])
    except (OSError, ValueError, KeyError, TypeError):
        last = None
    if last is not None and (last / MANIFEST).is_file():
        return Located(last, f"answering from the last build, {last} (no {local} here)")
    return Located(None, f"no built atlas ({local} here, or a last build recorded in {record}): answering from "
                         "the curated records alone; 'atlaskg build' builds the atlas")
